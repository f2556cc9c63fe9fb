import type { Level } from '../protocol/level.js';
import type { FakeValues } from './fake-values.js';

// Message templates of the dummy generator. Each template is a plain function over a context,
// compiled once by the engine; nothing is parsed or matched per log. Variable parts are ids,
// numbers and addresses only, so that masking them groups a template's logs into one pattern.
// Those parts never need JSON escaping (names aside, which are checked on their own): the wire
// writer (wire-parts.ts) decides per template, once, whether its text needs escaping.

/** An HTTP endpoint a service serves; `path` fills in ids. */
export interface Route {
  method: string;
  path: (f: FakeValues) => string;
  /** Status of a successful call (200, 201, 204). */
  ok: number;
}

/** What a template can read while rendering one log. */
export interface TemplateContext {
  readonly f: FakeValues;
  service: string;
  method: string;
  path: string;
  status: number;
  /** latency_ms of this log, already rounded as it will be shown. */
  latency: number;
  /** The dependency a failure is about (another service, a database, a broker). */
  readonly dep: string;
}

/** One message template with its relative weight among the templates of its level. */
export interface Template {
  w: number;
  /** An HTTP request log: the route it served, or `'any'` for one of the service's routes. */
  route?: Route | 'any';
  /** Status to report instead of the level's usual one. */
  status?: number;
  /** Carries latency_ms, scaled by this factor (HTTP templates carry it at factor 1). */
  lat?: number;
  /** The latency is a timeout expiring, not a sample of the service's latency. */
  timeout?: boolean;
  msg: (c: TemplateContext) => string;
}

/** The non-fatal levels a kind of service has its own templates for. */
export type TemplateLevel = Exclude<Level, 'trace' | 'fatal'>;

/** Everything that makes one kind of service (auth, payment, ...) look like itself. */
export interface ServiceKind {
  routes: readonly Route[];
  /** Median latency of a request, in ms. */
  medianMs: number;
  /** Multipliers on the base level mix. */
  levelBias: Partial<Record<Level, number>>;
  templates: Record<TemplateLevel, readonly Template[]>;
}

/** A route; shorthand for the template tables. */
export function route(method: string, ok: number, path: (f: FakeValues) => string): Route {
  return { method, ok, path };
}

/** The access-log line most HTTP services write for every request. */
export const ACCESS: Template = {
  w: 10,
  route: 'any',
  msg: (c) => `${c.method} ${c.path} ${c.status} ${c.latency}ms`,
};

/** Debug noise every service writes now and then. */
export const SHARED_DEBUG: readonly Template[] = [
  { w: 2, msg: (c) => `GC pause ${c.f.count(1, 40)}ms (scavenge)` },
  { w: 1, msg: (c) => `Health check passed: ${c.f.count(1, 12)} dependencies OK` },
  { w: 1, msg: (c) => `Connection pool stats: ${c.f.count(1, 50)} active, ${c.f.count(0, 20)} idle` },
];

/** Fatal errors, shared: a process dies for much the same reasons whatever it does. */
export const FATAL: readonly Template[] = [
  {
    w: 3,
    msg: (c) =>
      `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory (${c.f.count(512, 4096)} MB)`,
  },
  { w: 3, msg: (c) => `Database connection pool exhausted (${c.f.count(20, 100)} connections in use), shutting down` },
  { w: 2, msg: (c) => `Unhandled promise rejection: Error: connect ECONNREFUSED ${c.f.podIp()}:5432, exiting` },
  { w: 1, msg: () => `Invariant violated: ledger balance negative, aborting worker` },
  { w: 1, msg: () => `Configuration key "DATABASE_URL" missing, cannot start` },
];

/** How a service fails during an error burst; each burst picks one. */
export type FailureMode = 'timeout' | 'database' | 'overload';

/** Templates of a failing service, by failure mode; they displace most warn/error/fatal logs. */
export const BURST: Record<FailureMode, Record<'warn' | 'error' | 'fatal', readonly Template[]>> = {
  timeout: {
    warn: [
      { w: 2, msg: (c) => `Circuit breaker for ${c.dep} is half-open, probing` },
      { w: 3, lat: 1, msg: (c) => `Retrying call to ${c.dep} (attempt ${c.f.count(2, 3)}/3)` },
    ],
    error: [
      { w: 5, route: 'any', status: 504, timeout: true, msg: (c) => `Timeout after ${c.latency}ms calling ${c.dep}` },
      { w: 3, timeout: true, msg: (c) => `Request ${c.f.uuid()} aborted: deadline exceeded after ${c.latency}ms` },
      { w: 2, msg: (c) => `Circuit breaker for ${c.dep} opened after ${c.f.count(5, 20)} consecutive failures` },
    ],
    fatal: [{ w: 1, msg: (c) => `Liveness probe failed ${c.f.count(3, 5)} times, container will be restarted` }],
  },
  database: {
    warn: [
      { w: 3, msg: (c) => `Connection pool saturated: 50/50 in use, ${c.f.count(5, 200)} waiting` },
      { w: 2, lat: 8, msg: (c) => `Slow query on ${c.dep}: ${c.latency}ms` },
    ],
    error: [
      { w: 4, msg: (c) => `Error: connect ECONNREFUSED ${c.f.podIp()}:5432 (${c.dep})` },
      { w: 4, timeout: true, msg: (c) => `Query timeout after ${c.latency}ms on ${c.dep}` },
      { w: 2, route: 'any', status: 503, lat: 4, msg: (c) => `Request failed: database ${c.dep} unavailable` },
    ],
    fatal: [{ w: 1, msg: (c) => `Lost connection to ${c.dep} and could not reconnect after 30s, exiting` }],
  },
  overload: {
    warn: [
      { w: 3, msg: (c) => `Event loop lag ${c.f.count(200, 3000)}ms` },
      { w: 2, msg: (c) => `Worker queue depth ${c.f.count(1_000, 20_000)} above threshold 1000` },
    ],
    error: [
      {
        w: 5,
        route: 'any',
        status: 503,
        lat: 6,
        msg: (c) => `503 Service Unavailable: worker queue full (${c.f.count(1_000, 20_000)} pending)`,
      },
      { w: 2, msg: (c) => `Dropped ${c.f.count(10, 500)} messages: consumer too slow` },
    ],
    fatal: [
      {
        w: 1,
        msg: (c) =>
          `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory (${c.f.count(512, 4096)} MB)`,
      },
    ],
  },
};

/** What an API gateway logs while one of its upstreams is failing (`dep` is the upstream). */
export const GATEWAY_UPSTREAM_FAILURE: Record<'warn' | 'error', readonly Template[]> = {
  warn: [
    { w: 1, route: 'any', lat: 10, msg: (c) => `Slow upstream ${c.dep}: ${c.latency}ms for ${c.method} ${c.path}` },
  ],
  error: [
    { w: 3, route: 'any', status: 504, timeout: true, msg: (c) => `Upstream ${c.dep} timed out after ${c.latency}ms` },
    { w: 2, route: 'any', status: 502, lat: 2, msg: (c) => `Upstream ${c.dep} returned 502 Bad Gateway` },
    { w: 1, route: 'any', status: 503, msg: (c) => `No healthy upstream for ${c.dep}` },
  ],
};

/** Dependencies outside the service list that failures can be about. */
export const EXTERNAL_DEPS = [
  'postgres-primary',
  'redis-cache',
  'kafka-broker-2',
  'elasticsearch',
  'payments-provider',
] as const;
