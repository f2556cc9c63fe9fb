import { formatWireTimestamp } from './timestamp.js';
import type { Level } from './level.js';
import { wireLevel } from './level.js';

/** What encodeLog needs; a LogRecord fits. */
export interface LogInput {
  time: number;
  level: Level;
  service: string;
  message: string;
  /** Written as `latency_ms`, which decodeLog reads back. */
  latencyMs?: number | undefined;
  fields?: Record<string, unknown> | undefined;
}

// Keys the encoder writes itself; extra fields of the same name never replace them.
const OWN_KEYS = new Set(['timestamp', 'level', 'service', 'message']);

/** `","level":"ERROR","service":` per level: the constant text between the timestamp and the service. */
const LEVEL_PART: Readonly<Record<Level, string>> = {
  trace: `","level":"${wireLevel('trace')}","service":`,
  debug: `","level":"${wireLevel('debug')}","service":`,
  info: `","level":"${wireLevel('info')}","service":`,
  warn: `","level":"${wireLevel('warn')}","service":`,
  error: `","level":"${wireLevel('error')}","service":`,
  fatal: `","level":"${wireLevel('fatal')}","service":`,
};

/** '000' ... '999': six microsecond digits are two lookups, no number formatting. */
const DIGITS3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

// Consecutive logs nearly always fall in the same second: its `YYYY-MM-DDTHH:MM:SS.` is kept.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * `formatWireTimestamp(ms)`, several times faster for runs of times within one second (what a
 * sender stamps): the date and time of day are formatted once per second and only the six
 * microsecond digits per call. Throws a RangeError when `ms` is not finite.
 */
export function wireTimestamp(ms: number): string {
  const us = Math.round(ms * 1000);
  const second = Math.floor(us / 1_000_000);
  if (second !== cachedSecond) {
    const full = formatWireTimestamp(ms); // also refuses NaN and ±Infinity
    cachedPrefix = full.slice(0, full.length - 6);
    cachedSecond = second;
    return full;
  }
  const micro = us - second * 1_000_000;
  const ms3 = (micro / 1000) | 0;
  return cachedPrefix + (DIGITS3[ms3] as string) + (DIGITS3[micro - ms3 * 1000] as string);
}

/** `{"timestamp":"…","level":"ERROR","service":`: the opening of a log, up to the service's JSON string. */
function wireHead(time: number, level: Level): string {
  return `{"timestamp":"${wireTimestamp(time)}${LEVEL_PART[level]}`;
}

/**
 * One log in the wire form of RustLogStream's sender for `logs.ingest`: `timestamp` (UTC, microseconds,
 * no zone), `level` (upper case), `service`, `message`, then `latency_ms` and the extra fields.
 * Compact JSON: RustLogStream's sender used Python's `", "` separators, which no reader depends on.
 * Throws a RangeError when `time` is not finite and a TypeError for fields JSON cannot hold
 * (BigInt, cycles).
 */
export function encodeLog(log: LogInput): string {
  // Built as text so that the four keys come first and a `__proto__` field stays a field.
  let out = `${wireHead(log.time, log.level)}${JSON.stringify(log.service)},"message":${JSON.stringify(log.message)}`;
  const latency = log.latencyMs;
  const hasLatency = latency !== undefined && Number.isFinite(latency);
  if (hasLatency) out += `,"latency_ms":${latency}`;
  const fields = log.fields;
  if (fields !== undefined) {
    for (const key in fields) {
      // for-in also walks inherited enumerable keys; Object.keys did not.
      if (!Object.hasOwn(fields, key) || OWN_KEYS.has(key) || (hasLatency && key === 'latency_ms')) continue;
      const value = JSON.stringify(fields[key]);
      // undefined, functions and symbols have no JSON form; JSON.stringify would drop them too.
      if (value !== undefined) out += `,${JSON.stringify(key)}:${value}`;
    }
  }
  return `${out}}`;
}
