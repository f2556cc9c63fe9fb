import { parseTimestamp } from './timestamp.js';
import { LEVELS } from './level.js';
import type { Level } from './level.js';
import { payloadText } from './payload.js';
import type { Payload } from './payload.js';
import type { ErrorPattern, LatencySummary, ServiceCount, WindowStats } from './stats.js';

/** A `stats.update` message that is not a JSON array of objects; `cause` holds the parse error, if any. */
export class StatsDecodeError extends Error {
  override readonly name = 'StatsDecodeError';
}

/** One `stats.update` message: a JSON array of windows, as RustLogStream's analyzer publishes it. */
export function encodeStats(windows: readonly WindowStats[]): string {
  return JSON.stringify(windows);
}

/** Shortest and longest window accepted, in seconds: a millisecond (the bounds' resolution) to a day. */
export const WINDOW_SECONDS_RANGE = { min: 0.001, max: 86_400 } as const;
/** Largest count accepted in a window: far beyond what producers send in a day, far below where integers stop being exact. */
export const MAX_WINDOW_COUNT = 1e12;
/** Largest latency accepted (ms): above what the analyzer's latency sketch can report, with its error. */
export const MAX_LATENCY_MS = 1e10;

/** A window refused by the decoder: its position in the message and why. */
export interface StatsReject {
  index: number;
  reason: string;
}

/** One `stats.update` message read: the windows that make sense, and the ones refused. */
export interface DecodedStats {
  windows: WindowStats[];
  rejected: StatsReject[];
}

/**
 * Reads a `stats.update` message from this analyzer or RustLogStream's (five fields per
 * window). Throws a StatsDecodeError unless it is a JSON array of objects. Missing fields get
 * neutral defaults; a window with a number that makes no sense (a negative or fractional count,
 * more errors than logs, a window of 1e-300 s, a latency of 1e300 ms) is refused with the
 * reason, so that nothing derived from it (rates, percentages) is ever shown.
 */
export function readStats(payload: Payload): DecodedStats {
  let value: unknown;
  try {
    value = JSON.parse(payloadText(payload));
  } catch (cause) {
    throw new StatsDecodeError(`stats message is not JSON: ${excerpt(payload)}`, { cause });
  }
  if (!Array.isArray(value)) throw new StatsDecodeError(`stats message is not a JSON array: ${excerpt(payload)}`);
  const out: DecodedStats = { windows: [], rejected: [] };
  (value as unknown[]).forEach((item, index) => {
    if (!isObject(item)) throw new StatsDecodeError(`stats window ${index} is not an object: ${excerpt(payload)}`);
    try {
      out.windows.push(decodeWindow(item));
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      out.rejected.push({ index, reason: `stats window ${index} refused: ${err.message}` });
    }
  });
  return out;
}

/** readStats for callers that take a message whole: throws a StatsDecodeError naming the first refused window. */
export function decodeStats(payload: Payload): WindowStats[] {
  const { windows, rejected } = readStats(payload);
  const first = rejected[0];
  if (first !== undefined) throw new StatsDecodeError(first.reason);
  return windows;
}

/** A field out of its range; caught per window. */
class Refused extends Error {}

type JsonObject = Record<string, unknown>;

function decodeWindow(w: JsonObject): WindowStats {
  const start = windowTime(w.window_start);
  const end = windowTime(w.window_end);
  const total = count(w.total_count, 'total_count');
  const errors = count(w.error_count, 'error_count');
  if (errors > total) throw new Refused(`error_count ${errors} is above total_count ${total}`);
  const top = typeof w.top_service === 'string' ? w.top_service : null;
  return {
    window_start: start.iso,
    window_end: end.iso,
    total_count: total,
    error_count: errors,
    top_service: top,
    window_seconds: windowSeconds(w.window_seconds, start.ms, end.ms),
    levels: isObject(w.levels) ? levelCounts(w.levels) : { ...ZERO_LEVELS, error: errors },
    error_rate: absent(w.error_rate) ? (total > 0 ? errors / total : 0) : inRange(w.error_rate, 'error_rate', 0, 1),
    // RustLogStream's analyzer names only the top service; how many logs it had is not known.
    services: listOf(w.services, serviceCount) ?? (top === null ? [] : [{ name: top, count: 0, errors: 0 }]),
    top_errors: listOf(w.top_errors, errorPattern) ?? [],
    latency_ms: latencySummary(w.latency_ms),
    late_count: count(w.late_count, 'late_count'),
    plain_count: count(w.plain_count, 'plain_count'),
    missed_count: count(w.missed_count, 'missed_count'),
  };
}

/**
 * A window bound as ISO 8601 UTC. Polars may write a datetime as epoch numbers or as text
 * without a zone; both are normalised. Text that is no time is kept as sent, for display.
 */
function windowTime(v: unknown): { iso: string; ms: number | undefined } {
  const ms = typeof v === 'string' || typeof v === 'number' ? parseTimestamp(v) : undefined;
  if (ms !== undefined) return { iso: new Date(Math.floor(ms)).toISOString(), ms };
  return { iso: typeof v === 'string' ? v : '', ms: undefined };
}

/** `window_seconds` as sent, else the distance between the bounds, else 1 s; in WINDOW_SECONDS_RANGE. */
function windowSeconds(v: unknown, start: number | undefined, end: number | undefined): number {
  const { min, max } = WINDOW_SECONDS_RANGE;
  if (!absent(v)) return inRange(v, 'window_seconds', min, max);
  if (start === undefined || end === undefined || end <= start) return 1;
  const seconds = (end - start) / 1000;
  if (seconds < min || seconds > max)
    throw new Refused(`window_start to window_end is ${seconds} s, not ${min} to ${max} s`);
  return seconds;
}

const ZERO_LEVELS: Readonly<Record<Level, number>> = { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };

function levelCounts(v: JsonObject): Record<Level, number> {
  const out = { ...ZERO_LEVELS };
  for (const level of LEVELS) out[level] = count(v[level], `levels.${level}`);
  return out;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Not sent (or sent as null): the field gets its neutral default. */
function absent(v: unknown): v is undefined | null {
  return v === undefined || v === null;
}

/** A number in [min, max]; anything else sent refuses the window. */
function inRange(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    throw new Refused(`${field}: expected ${min} to ${max}, got ${shown(v)}`);
  return v;
}

/** A count: absent is 0; otherwise a whole number from 0 to MAX_WINDOW_COUNT. */
function count(v: unknown, field: string): number {
  if (absent(v)) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_WINDOW_COUNT) {
    throw new Refused(`${field}: expected a whole number from 0 to ${MAX_WINDOW_COUNT}, got ${shown(v)}`);
  }
  return v;
}

/** A value for a reason: short whatever was sent. */
function shown(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : typeof v;
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The readable entries of a list, or undefined when the value is not a list at all. */
function listOf<T>(v: unknown, read: (item: unknown, index: number) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  (v as unknown[]).forEach((item, i) => {
    const entry = read(item, i);
    if (entry !== undefined) out.push(entry);
  });
  return out;
}

function serviceCount(v: unknown, i: number): ServiceCount | undefined {
  if (!isObject(v) || typeof v.name !== 'string') return undefined;
  const c = count(v.count, `services.${i}.count`);
  const errors = count(v.errors, `services.${i}.errors`);
  if (errors > c) throw new Refused(`services.${i}: errors ${errors} is above count ${c}`);
  return { name: v.name, count: c, errors };
}

function errorPattern(v: unknown, i: number): ErrorPattern | undefined {
  if (!isObject(v) || typeof v.pattern !== 'string') return undefined;
  return {
    pattern: v.pattern,
    count: count(v.count, `top_errors.${i}.count`),
    service: typeof v.service === 'string' ? v.service : '',
    example: typeof v.example === 'string' ? v.example : v.pattern,
  };
}

function latencySummary(v: unknown): LatencySummary | null {
  if (!isObject(v) || absent(v.p50) || absent(v.p95) || absent(v.p99)) return null;
  const p50 = inRange(v.p50, 'latency_ms.p50', 0, MAX_LATENCY_MS);
  const p95 = inRange(v.p95, 'latency_ms.p95', p50, MAX_LATENCY_MS);
  const p99 = inRange(v.p99, 'latency_ms.p99', p95, MAX_LATENCY_MS);
  return { p50, p95, p99, count: count(v.count, 'latency_ms.count') };
}

/** The start of a payload for an error message: enough to recognise it, never megabytes. */
function excerpt(payload: Payload): string {
  const text = typeof payload === 'string' ? payload.slice(0, 80) : payload.subarray(0, 80).toString('utf8');
  return JSON.stringify(text);
}
