import type { Level } from '../protocol/level.js';
import { weightedPicker, type Random } from '../core/random.js';
import { AUTH, GATEWAY, GENERIC, NOTIFICATION, USER } from './kinds-platform.js';
import { INVENTORY, ORDER, PAYMENT, SEARCH } from './kinds-commerce.js';
import {
  EXTERNAL_DEPS,
  FATAL,
  SHARED_DEBUG,
  type ServiceKind,
  type Template,
  type TemplateLevel,
} from './log-templates.js';

/** Levels a generated log can have (the generator never writes trace). */
export type GeneratedLevel = TemplateLevel | 'fatal';

/** One generated service: its templates, level mix, latency and instances, fixed at start. */
export interface ServiceProfile {
  name: string;
  kind: ServiceKind;
  isGateway: boolean;
  pickLevel: (rng: Random) => GeneratedLevel;
  pickTemplate: Record<GeneratedLevel, (rng: Random) => Template>;
  /** Log-normal latency parameters: median e^mu ms. */
  mu: number;
  sigma: number;
  /** The client timeout its failing calls report. */
  timeoutMs: number;
  /** Pods it runs as, each on a host. */
  instances: readonly { host: string; pod: string }[];
  /** Names its failures can blame: the other services and some shared infrastructure. */
  deps: readonly string[];
}

/** The overall level mix: mostly info, some debug and warn, a few errors, rare fatals. */
const BASE_LEVELS: Readonly<Record<GeneratedLevel, number>> = { debug: 15, info: 70, warn: 10, error: 4, fatal: 1 };

// Checked in order, so "api-gateway" is a gateway and "user-auth" an auth service.
const KIND_KEYWORDS: readonly (readonly [readonly string[], ServiceKind])[] = [
  [['gateway', 'proxy', 'ingress', 'edge'], GATEWAY],
  [['auth', 'login', 'identity', 'iam', 'sso'], AUTH],
  [['payment', 'billing', 'pay'], PAYMENT],
  [['order', 'cart', 'checkout'], ORDER],
  [['inventory', 'stock', 'warehouse', 'catalog'], INVENTORY],
  [['notif', 'mail', 'sms', 'push', 'messag'], NOTIFICATION],
  [['search', 'query', 'index'], SEARCH],
  [['user', 'account', 'profile', 'customer'], USER],
];

/** The kind of service a name suggests; `GENERIC` when nothing matches. */
export function kindOf(name: string): ServiceKind {
  const lower = name.toLowerCase();
  for (const [words, kind] of KIND_KEYWORDS) if (words.some((w) => lower.includes(w))) return kind;
  return GENERIC;
}

const POD_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Builds the profile of the service `names[index]`. `slow` marks the one service whose latency
 * has a heavier tail. Draws from `rng` only here, at start, so the hot path stays lean.
 */
export function buildProfile(names: readonly string[], index: number, slow: boolean, rng: Random): ServiceProfile {
  const name = names[index] as string;
  const kind = kindOf(name);
  // Per-service jitter on the level mix, so two services of one kind still differ.
  const jitter = (): number => 0.8 + 0.4 * rng.next();
  const levels = (Object.keys(BASE_LEVELS) as GeneratedLevel[]).map((level) => ({
    value: level,
    weight: BASE_LEVELS[level] * (kind.levelBias[level] ?? 1) * (level === 'info' ? 1 : jitter()),
  }));
  const t = kind.templates;
  const pickers = (templates: readonly Template[]): ((r: Random) => Template) =>
    weightedPicker(templates.map((tpl) => ({ value: tpl, weight: tpl.w })));
  const instances = Array.from({ length: rng.int(2, 4) }, () => ({
    host: `ip-10-0-${rng.int(1, 9)}-${rng.int(10, 250)}`,
    pod: `${name}-${rng.uint32().toString(16).padStart(8, '0')}${rng.int(16, 255).toString(16)}-${podSuffix(rng)}`,
  }));
  const others = names.filter((n) => n !== name);
  return {
    name,
    kind,
    isGateway: kind === GATEWAY,
    pickLevel: weightedPicker(levels),
    pickTemplate: {
      debug: pickers([...t.debug, ...SHARED_DEBUG]),
      info: pickers(t.info),
      warn: pickers(t.warn),
      error: pickers(t.error),
      fatal: pickers(FATAL),
    },
    mu: Math.log(kind.medianMs * (slow ? 1.5 : 1)),
    sigma: slow ? 1.0 : 0.55,
    timeoutMs: rng.pick([3_000, 5_000, 10_000]),
    instances,
    deps: [...others, ...EXTERNAL_DEPS],
  };
}

function podSuffix(rng: Random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += POD_ALPHABET[rng.int(0, POD_ALPHABET.length - 1)] as string;
  return s;
}

/** Which service gets the heavy latency tail: the payment service if any, else a seeded pick. */
export function pickSlowService(names: readonly string[], rng: Random): number {
  const payment = names.findIndex((n) => kindOf(n) === PAYMENT);
  return payment >= 0 ? payment : rng.int(0, names.length - 1);
}

/** The HTTP status a request log of `level` reports when its template names none. */
export function statusFor(level: Level, ok: number, rng: Random): number {
  switch (level) {
    case 'warn':
      return rng.pick(CLIENT_ERRORS);
    case 'error':
      return rng.pick(SERVER_ERRORS);
    case 'fatal':
      return 500;
    default:
      return ok === 200 && rng.next() < 0.05 ? 304 : ok;
  }
}

const CLIENT_ERRORS = [400, 401, 403, 404, 404, 404, 409, 422, 429] as const;
const SERVER_ERRORS = [500, 500, 500, 502, 503, 504] as const;
