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

/** One `stats.update` message: a JSON array of windows, as the original analyzer published. */
export function encodeStats(windows: readonly WindowStats[]): string {
  return JSON.stringify(windows);
}

/**
 * Reads a `stats.update` message from this analyzer or the original one (five fields per
 * window). Throws a StatsDecodeError unless it is a JSON array of objects; inside a window,
 * missing or unreadable fields get neutral defaults instead of failing the whole message.
 */
export function decodeStats(payload: Payload): WindowStats[] {
  let value: unknown;
  try {
    value = JSON.parse(payloadText(payload));
  } catch (cause) {
    throw new StatsDecodeError(`stats message is not JSON: ${excerpt(payload)}`, { cause });
  }
  if (!Array.isArray(value)) throw new StatsDecodeError(`stats message is not a JSON array: ${excerpt(payload)}`);
  return value.map((item: unknown, index) => {
    if (!isObject(item)) throw new StatsDecodeError(`stats window ${index} is not an object: ${excerpt(payload)}`);
    return decodeWindow(item);
  });
}

type JsonObject = Record<string, unknown>;

function decodeWindow(w: JsonObject): WindowStats {
  const start = windowTime(w.window_start);
  const end = windowTime(w.window_end);
  const total = count(w.total_count);
  const errors = count(w.error_count);
  const top = typeof w.top_service === 'string' ? w.top_service : null;
  return {
    window_start: start.iso,
    window_end: end.iso,
    total_count: total,
    error_count: errors,
    top_service: top,
    window_seconds: positive(w.window_seconds) ?? windowSeconds(start.ms, end.ms),
    levels: isObject(w.levels) ? levelCounts(w.levels) : { ...ZERO_LEVELS, error: errors },
    error_rate: ratio(w.error_rate) ?? (total > 0 ? errors / total : 0),
    // The original names only the top service; how many logs it had is not known.
    services: listOf(w.services, serviceCount) ?? (top === null ? [] : [{ name: top, count: 0, errors: 0 }]),
    top_errors: listOf(w.top_errors, errorPattern) ?? [],
    latency_ms: latencySummary(w.latency_ms),
    late_count: count(w.late_count),
    plain_count: count(w.plain_count),
    missed_count: count(w.missed_count),
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

function windowSeconds(start: number | undefined, end: number | undefined): number {
  return start !== undefined && end !== undefined && end > start ? (end - start) / 1000 : 1;
}

const ZERO_LEVELS: Readonly<Record<Level, number>> = { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };

function levelCounts(v: JsonObject): Record<Level, number> {
  const out = { ...ZERO_LEVELS };
  for (const level of LEVELS) out[level] = count(v[level]);
  return out;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function count(v: unknown): number {
  return isNumber(v) && v >= 0 ? v : 0;
}

function positive(v: unknown): number | undefined {
  return isNumber(v) && v > 0 ? v : undefined;
}

function ratio(v: unknown): number | undefined {
  return isNumber(v) && v >= 0 && v <= 1 ? v : undefined;
}

/** The readable entries of a list, or undefined when the value is not a list at all. */
function listOf<T>(v: unknown, read: (item: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = [];
  for (const item of v as unknown[]) {
    const entry = read(item);
    if (entry !== undefined) out.push(entry);
  }
  return out;
}

function serviceCount(v: unknown): ServiceCount | undefined {
  if (!isObject(v) || typeof v.name !== 'string') return undefined;
  return { name: v.name, count: count(v.count), errors: count(v.errors) };
}

function errorPattern(v: unknown): ErrorPattern | undefined {
  if (!isObject(v) || typeof v.pattern !== 'string') return undefined;
  return {
    pattern: v.pattern,
    count: count(v.count),
    service: typeof v.service === 'string' ? v.service : '',
    example: typeof v.example === 'string' ? v.example : v.pattern,
  };
}

function latencySummary(v: unknown): LatencySummary | null {
  if (!isObject(v)) return null;
  const { p50, p95, p99 } = v;
  if (!isNumber(p50) || !isNumber(p95) || !isNumber(p99)) return null;
  return { p50, p95, p99, count: count(v.count) };
}

/** The start of a payload for an error message: enough to recognise it, never megabytes. */
function excerpt(payload: Payload): string {
  const text = typeof payload === 'string' ? payload.slice(0, 80) : payload.subarray(0, 80).toString('utf8');
  return JSON.stringify(text);
}
