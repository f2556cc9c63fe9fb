import { wireLevel } from '../protocol/level.js';
import type { GeneratedLevel, ServiceProfile } from './service-profile.js';

// Constant pieces of a generated log's wire JSON, escaped once when the generator starts, so
// that writing a log is mostly concatenation. Each piece also carries the quotes around the
// variable string that follows or precedes it, which saves two concatenations per string.
// User-given service names flow into the service, pod and upstream parts, which is why even
// these go through JSON.stringify.

/** A profile's constant JSON pieces. */
export interface WireParts {
  /** Per level, what follows the timestamp's digits up to the message's opening quote. */
  head: Readonly<Record<GeneratedLevel, string>>;
  /** Per instance: `","host":"…","pod":"…"`, the first quote closing the trace id. */
  instances: readonly string[];
  /** `,"upstream":"…"`, for gateway logs that blame this service. */
  upstream: string;
}

const GENERATED_LEVELS: readonly GeneratedLevel[] = ['debug', 'info', 'warn', 'error', 'fatal'];

/** The constant JSON pieces of one service profile. */
export function wireParts(p: ServiceProfile): WireParts {
  const service = JSON.stringify(p.name);
  const head = {} as Record<GeneratedLevel, string>;
  for (const level of GENERATED_LEVELS)
    head[level] = `","level":"${wireLevel(level)}","service":${service},"message":"`;
  return {
    head,
    instances: p.instances.map(({ host, pod }) => `","host":${JSON.stringify(host)},"pod":${JSON.stringify(pod)}`),
    upstream: `,"upstream":${service}`,
  };
}

const methodParts = new Map<string, string>();

/** `,"method":"GET","path":"`, built once per method. */
export function methodPart(method: string): string {
  let part = methodParts.get(method);
  if (part === undefined) {
    part = `,"method":${JSON.stringify(method)},"path":"`;
    methodParts.set(method, part);
  }
  return part;
}

// Anything JSON must escape: quote, backslash, control characters, and surrogates (a lone one
// is written as \udxxx by JSON.stringify; a valid pair passes unchanged but takes the slow path).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** True when `s` can be written as JSON between quotes as it is. */
export function isPlainJson(s: string): boolean {
  return !NEEDS_ESCAPE.test(s);
}

/**
 * Writes the text a template (or route) renders as JSON, checking it for characters to escape
 * only the first time each template is used. Sound because of how templates are written (see
 * log-templates.ts): their variable parts are fake ids, numbers and addresses, which never
 * need escaping, and names, which are checked once here; so whether a template's output needs
 * escaping is decided by its constant text alone.
 */
export class TemplateEscaper {
  private readonly plain = new Map<object, boolean>();
  private readonly namesPlain: boolean;

  constructor(names: readonly string[]) {
    this.namesPlain = names.every(isPlainJson);
  }

  /** `text`, rendered by `source`, as the inside of a JSON string (without its quotes). */
  body(source: object, text: string): string {
    let plain = this.namesPlain ? this.plain.get(source) : false;
    if (plain === undefined) {
      plain = isPlainJson(text);
      this.plain.set(source, plain);
    }
    return plain ? text : JSON.stringify(text).slice(1, -1);
  }
}

/** '0', '0.1', ... '9.9': the sub-10 ms latencies the generator writes, without float formatting. */
const TENTHS: readonly string[] = Array.from({ length: 100 }, (_, k) => String(k / 10));

/** A number as JSON writes it: non-finite numbers become null. */
export function jsonNumber(n: number): string {
  if (Number.isInteger(n)) return String(n); // small integers come from V8's number-string cache
  const k = Math.round(n * 10);
  if (k >= 0 && k < 100 && k / 10 === n) return TENTHS[k] as string;
  return Number.isFinite(n) ? String(n) : 'null';
}
