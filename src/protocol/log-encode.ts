import { formatWireTimestamp } from '../core/timestamp.js';
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

/**
 * One log in the original sender's wire form for `logs.ingest`: `timestamp` (UTC, microseconds,
 * no zone), `level` (upper case), `service`, `message`, then `latency_ms` and the extra fields.
 * Compact JSON: the original used Python's `", "` separators, which no reader depends on.
 * Throws a RangeError when `time` is not finite and a TypeError for fields JSON cannot hold
 * (BigInt, cycles).
 */
export function encodeLog(log: LogInput): string {
  // Built as text so that the four keys come first and a `__proto__` field stays a field.
  let out =
    `{"timestamp":"${formatWireTimestamp(log.time)}","level":"${wireLevel(log.level)}"` +
    `,"service":${JSON.stringify(log.service)},"message":${JSON.stringify(log.message)}`;
  const latency = log.latencyMs;
  const hasLatency = latency !== undefined && Number.isFinite(latency);
  if (hasLatency) out += `,"latency_ms":${latency}`;
  const fields = log.fields;
  if (fields !== undefined) {
    for (const key of Object.keys(fields)) {
      if (OWN_KEYS.has(key) || (hasLatency && key === 'latency_ms')) continue;
      const value = JSON.stringify(fields[key]);
      // undefined, functions and symbols have no JSON form; JSON.stringify would drop them too.
      if (value !== undefined) out += `,${JSON.stringify(key)}:${value}`;
    }
  }
  return `${out}}`;
}
