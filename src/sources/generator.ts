import { createRandom, deriveSeed, weightedPicker, type Random } from '../core/random.js';
import { isErrorLevel, type Level } from '../protocol/level.js';
import { wireTimestamp } from '../protocol/log-encode.js';
import { BurstSchedule, BurstTimeline, DEFAULT_BURST_TIMING, type Bursts } from './error-bursts.js';
import { FakeValues } from './fake-values.js';
import {
  ACCESS,
  BURST,
  EXTERNAL_DEPS,
  GATEWAY_UPSTREAM_FAILURE,
  type FailureMode,
  type Route,
  type Template,
  type TemplateContext,
} from './log-templates.js';
import { jsonNumber, methodPart, TemplateEscaper, wireParts, type WireParts } from './wire-parts.js';
import {
  buildProfile,
  pickSlowService,
  statusFor,
  type GeneratedLevel,
  type ServiceProfile,
} from './service-profile.js';

/** One dummy log, before encoding. */
export interface GeneratedLog {
  /** Epoch ms: the `nowMs` it was generated at. */
  time: number;
  level: Level;
  service: string;
  message: string;
  /** latency_ms, method, path, http_status (where they fit), trace_id, host, pod, ... */
  fields: Record<string, unknown>;
}

/** How `createLogGenerator` seeds itself and what it simulates. */
export interface LogGeneratorOptions {
  /** Same seed and same sequence of `nowMs` → identical logs. Default 0. */
  seed?: number | string | undefined;
  /** Service names, busiest first; replaces the defaults. */
  services?: readonly string[] | undefined;
  /** Now and then one service fails for a few seconds (default true). */
  errorBursts?: boolean | undefined;
  /**
   * One of several generators simulating the same system (the sender's threads): streams of one
   * seed share the services' profiles (hosts, pods, latencies, dependencies) and the bursts (the
   * same service fails at the same simulated times), while each stream draws its own logs.
   * Without it the generator draws everything from one sequence, as it always has.
   */
  stream?: number | undefined;
  /**
   * With `stream`: the simulated time the bursts are scheduled from (default: the first `nowMs`).
   * Give every stream the same value and their bursts line up to the millisecond.
   */
  burstOriginMs?: number | undefined;
}

/** A stream of dummy logs, driven by the simulated time it is given. */
export interface LogGenerator {
  /** The next log, stamped `nowMs`; bursts start and end by this simulated time. */
  next(nowMs: number): GeneratedLog;
  /**
   * The next log straight in wire JSON, exactly `encodeLog(next(nowMs))` (same draws, same
   * text) without the objects in between. `extra`: more members, each written `,"key":value`,
   * placed before the closing brace (the sender's stamp).
   */
  nextJson(nowMs: number, extra?: string): string;
}

/** One drawn log, before it is written out as an object or as JSON; reused for every log. */
interface Draft {
  time: number;
  /** Index of the profile. */
  service: number;
  level: GeneratedLevel;
  message: string;
  latency: number | undefined;
  template: Template;
  /** An HTTP request log: method, path and status are in the context. */
  route: Route | undefined;
  /** Index of the failing upstream a gateway log reports. */
  upstream: number | undefined;
  traceId: string;
  /** Index into the profile's instances. */
  instance: number;
}

/** The default services, busiest first (their traffic falls off like Zipf's law). */
export const DEFAULT_SERVICES: readonly string[] = [
  'api-gateway',
  'auth-service',
  'search-service',
  'user-service',
  'order-service',
  'inventory-service',
  'payment-service',
  'notification-service',
];

/** Share of all traffic that goes to a failing service on top of its own (clients retry). */
const BURST_EXTRA_TRAFFIC = 0.15;
/** Share of a gateway's logs that report the failing upstream during a burst. */
const GATEWAY_FAILURE_SHARE = 0.08;
/** Share of a failing service's warn/error/fatal logs that come from its failure mode. */
const BURST_TEMPLATE_SHARE = 0.75;
const BURST_LATENCY_FACTOR = 6;
/** Share of logs that continue a recent trace (a request crosses several services). */
const TRACE_REUSE = 0.5;
const TRACE_RING = 32;

const burstLevel = weightedPicker<GeneratedLevel>([
  { value: 'debug', weight: 3 },
  { value: 'info', weight: 30 },
  { value: 'warn', weight: 22 },
  { value: 'error', weight: 42 },
  { value: 'fatal', weight: 3 },
]);
const FAILURE_MODES: readonly FailureMode[] = ['timeout', 'database', 'overload'];
const burstTemplates = Object.fromEntries(FAILURE_MODES.map((mode) => [mode, pickerTable(BURST[mode])])) as Record<
  FailureMode,
  Record<'warn' | 'error' | 'fatal', (rng: Random) => Template>
>;
const gatewayFailure = pickerTable(GATEWAY_UPSTREAM_FAILURE);

function pickerTable<K extends string>(table: Record<K, readonly Template[]>): Record<K, (rng: Random) => Template> {
  const out = {} as Record<K, (rng: Random) => Template>;
  for (const key of Object.keys(table) as K[])
    out[key] = weightedPicker(table[key].map((t) => ({ value: t, weight: t.w })));
  return out;
}

/** The mutable context templates render from; one per generator, reused for every log. */
class Context implements TemplateContext {
  service = '';
  method = '';
  path = '';
  status = 0;
  latency = 0;
  deps: readonly string[] = [];
  depOverride: string | undefined;

  constructor(
    readonly f: FakeValues,
    private readonly rng: Random,
  ) {}

  // Drawn only when a template asks, so most logs pay nothing for it.
  get dep(): string {
    return this.depOverride ?? this.rng.pick(this.deps);
  }
}

/** A seeded generator of realistic microservice logs (see `LogGeneratorOptions`). */
export function createLogGenerator(opts: LogGeneratorOptions = {}): LogGenerator {
  const names = [...new Set(opts.services ?? DEFAULT_SERVICES)];
  if (names.length === 0) throw new RangeError('the generator needs at least one service');
  if (names.some((n) => n.trim() === '')) throw new RangeError('service names must not be empty');
  const seed = opts.seed ?? 0;
  const system = createRandom(seed);
  const slow = pickSlowService(names, system);
  const profiles: ServiceProfile[] = names.map((_, i) => buildProfile(names, i, i === slow, system));
  const pickService = weightedPicker(names.map((_, i) => ({ value: i, weight: 1 / (i + 1) })));
  const { rng, bursts } = streamRandomness(opts, seed, system, profiles);
  const ctx = new Context(new FakeValues(rng), rng);
  const traces: string[] = [];
  let traceAt = 0;

  const traceId = (): string => {
    if (traces.length === TRACE_RING && rng.next() < TRACE_REUSE) return traces[rng.int(0, TRACE_RING - 1)] as string;
    const id = ctx.f.traceId();
    traces[traceAt] = id;
    traceAt = (traceAt + 1) % TRACE_RING;
    return id;
  };

  /** Draws one log into `d`; `next` and `nextJson` only differ in how they write it out. */
  const draw = (nowMs: number, d: Draft): void => {
    const burst = bursts?.at(nowMs);
    const index = burst !== undefined && rng.next() < BURST_EXTRA_TRAFFIC ? burst.service : pickService(rng);
    const p = profiles[index] as ServiceProfile;
    ctx.service = p.name;
    ctx.deps = p.deps;
    ctx.depOverride = undefined;
    let level: GeneratedLevel;
    let template: Template;
    let timeoutMs = p.timeoutMs;
    let latencyFactor = 1;
    let upstream: number | undefined;

    if (burst?.service === index) {
      level = burstLevel(rng);
      template =
        level !== 'debug' && level !== 'info' && rng.next() < BURST_TEMPLATE_SHARE
          ? burstTemplates[burst.mode][level](rng)
          : p.pickTemplate[level](rng);
      ctx.depOverride = burst.dep;
      timeoutMs = burst.timeoutMs;
      latencyFactor = BURST_LATENCY_FACTOR;
    } else if (burst !== undefined && p.isGateway && rng.next() < GATEWAY_FAILURE_SHARE) {
      level = rng.next() < 0.8 ? 'error' : 'warn';
      template = gatewayFailure[level](rng);
      upstream = burst.service;
      ctx.depOverride = (profiles[burst.service] as ServiceProfile).name;
      timeoutMs = burst.timeoutMs;
    } else {
      level = p.pickLevel(rng);
      template = p.pickTemplate[level](rng);
    }

    ctx.f.newLog();
    const latency = latencyOf(template, level, p, timeoutMs, latencyFactor, rng);
    if (latency !== undefined) ctx.latency = latency;
    const route = template.route === 'any' ? p.kind.routes[rng.int(0, p.kind.routes.length - 1)] : template.route;
    if (route !== undefined) {
      ctx.method = route.method;
      ctx.path = route.path(ctx.f);
      ctx.status = template.status ?? statusFor(level, route.ok, rng);
    }
    d.message = template.msg(ctx);
    d.traceId = traceId();
    d.instance = rng.int(0, p.instances.length - 1);
    d.time = nowMs;
    d.service = index;
    d.level = level;
    d.latency = latency;
    d.route = route;
    d.template = template;
    d.upstream = upstream;
  };

  const draft: Draft = {
    time: 0,
    service: 0,
    level: 'info',
    message: '',
    latency: undefined,
    template: ACCESS,
    route: undefined,
    upstream: undefined,
    traceId: '',
    instance: 0,
  };
  const wire = names.map((_, i) => wireParts(profiles[i] as ServiceProfile));
  const escaper = new TemplateEscaper([...names, ...EXTERNAL_DEPS]);
  let openMs = Number.NaN;
  let open = '';

  return {
    next(nowMs) {
      draw(nowMs, draft);
      const p = profiles[draft.service] as ServiceProfile;
      const { message, latency, upstream: up } = draft;
      const trace_id = draft.traceId;
      const { host, pod } = p.instances[draft.instance] as ServiceProfile['instances'][number];
      // One object literal per shape (rather than adding keys one by one) keeps these objects on
      // a handful of hidden classes, which is what makes generating and encoding them fast.
      let fields: Record<string, unknown>;
      if (draft.route !== undefined) {
        const { method, path, status: http_status } = ctx;
        if (up !== undefined) {
          const upstream = (profiles[up] as ServiceProfile).name;
          fields = { latency_ms: latency, method, path, http_status, upstream, trace_id, host, pod };
        } else {
          fields = { latency_ms: latency, method, path, http_status, trace_id, host, pod };
        }
      } else if (latency !== undefined) {
        fields = { latency_ms: latency, trace_id, host, pod };
      } else {
        fields = { trace_id, host, pod };
      }
      return { time: nowMs, level: draft.level, service: p.name, message, fields };
    },
    nextJson(nowMs, extra = '') {
      draw(nowMs, draft);
      const parts = wire[draft.service] as WireParts;
      if (nowMs !== openMs) {
        // A sender stamps Date.now(): at high rates, hundreds of logs share one millisecond.
        openMs = nowMs;
        open = `{"timestamp":"${wireTimestamp(nowMs)}`;
      }
      let out = open + parts.head[draft.level] + escaper.body(draft.template, draft.message);
      out += draft.latency !== undefined ? `","latency_ms":${jsonNumber(draft.latency)}` : '"';
      if (draft.route !== undefined) {
        out += `${methodPart(ctx.method)}${escaper.body(draft.route, ctx.path)}","http_status":${jsonNumber(ctx.status)}`;
        if (draft.upstream !== undefined) out += (wire[draft.upstream] as WireParts).upstream;
      }
      return `${out},"trace_id":"${draft.traceId}${parts.instances[draft.instance] as string}${extra}}`;
    },
  };
}

/**
 * Where the per-log draws and the bursts come from. Alone, everything continues the sequence the
 * profiles were drawn from; as a stream, the bursts get a sequence of their own derived from the
 * seed (shared by all streams) and the logs one derived from the seed and the stream.
 */
function streamRandomness(
  opts: LogGeneratorOptions,
  seed: number | string,
  system: Random,
  profiles: readonly ServiceProfile[],
): { rng: Random; bursts: Bursts | undefined } {
  const deps = profiles.map((p) => p.deps);
  const { stream } = opts;
  if (stream === undefined)
    return { rng: system, bursts: opts.errorBursts === false ? undefined : new BurstSchedule(system, deps) };
  if (!(Number.isSafeInteger(stream) && stream >= 0))
    throw new RangeError(`stream must be a non-negative integer, got ${stream}`);
  const bursts =
    opts.errorBursts === false
      ? undefined
      : new BurstTimeline(createRandom(deriveSeed(seed, 'bursts')), deps, DEFAULT_BURST_TIMING, opts.burstOriginMs);
  return { rng: createRandom(deriveSeed(seed, `stream ${stream}`)), bursts };
}

/**
 * latency_ms of a log, or undefined for a log that carries none. Whole ms from 10 ms up, as most
 * services write it; tenths below, where a whole number would say too little.
 */
function latencyOf(
  template: Template,
  level: GeneratedLevel,
  p: ServiceProfile,
  timeoutMs: number,
  factor: number,
  rng: Random,
): number | undefined {
  if (template.timeout === true) return timeoutMs + rng.int(0, 50);
  if (template.lat === undefined && template.route === undefined) return undefined;
  const failing = isErrorLevel(level);
  // Failed requests wait on retries and timeouts, and so does a failing service: slower, with
  // a heavier tail.
  const sigma = p.sigma + (failing ? 0.3 : 0) + (factor > 1 ? 0.3 : 0);
  const scale = (template.lat ?? 1) * factor * (failing ? 3 : level === 'warn' ? 1.5 : 1);
  const ms = rng.logNormal(p.mu, sigma) * scale;
  return ms >= 10 ? Math.round(ms) : Math.round(ms * 10) / 10;
}
