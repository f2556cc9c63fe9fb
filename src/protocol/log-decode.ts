import type { Level } from './level.js';
import type { LogRecord, ProducerStamp } from './log-record.js';
import { UNKNOWN_SERVICE } from './log-record.js';
import {
  durationMs,
  guessLevel,
  isObject,
  KEYS,
  NESTED_SOURCES,
  timeOfKey,
  LATENCY,
  LEVEL,
  levelOf,
  LOG,
  LOG_LEVEL_RANK,
  LOG_MESSAGE_RANK,
  MESSAGE,
  messageOf,
  NONE,
  ROLE_SHIFT,
  SERVICE,
  serviceOf,
  STAMP,
  STAMP_KEY,
  stampOf,
  TIME,
  trimNewlines,
  type JsonObject,
} from './log-values.js';
import { scanLog } from './log-scan.js';
import type { Payload } from './payload.js';
import { payloadText } from './payload.js';

/*
 * Payload → LogRecord, for whatever producers publish on `logs.ingest`: RustLogStream's sender,
 * pino, bunyan, ECS, journald `-o json`, Docker's fluentd driver, logrus/zap/zerolog/slog,
 * Python logging, structlog, Serilog CLEF. One JSON.parse and one walk over the keys; each
 * role (message, time, ...) takes the highest-ranked key that holds a usable value, and
 * every key not taken stays in `fields`.
 */

export { STAMP_KEY } from './log-values.js';
/** Largest payload parsed by default (64 KiB); larger ones are cut and kept as plain text. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** How `decodeLog` treats what it is given. */
export interface DecodeOptions {
  /** Payloads above this many bytes are truncated, kept as plain text and flagged (default 64 KiB). */
  maxLineBytes?: number;
  /**
   * Leave `fields` undefined: for consumers that never show them (the analyzer, the collector's
   * buffer, which decodes a log again when it is opened). Saves an object per log, a large
   * share of the decode (bench/decode.bench.ts).
   */
  skipFields?: boolean;
}

/**
 * Normalise one payload from `logs.ingest`; never throws (non-objects become plain-text records,
 * oversized payloads truncated plain-text records with `truncated: true`).
 */
export function decodeLog(payload: Payload, arrivalMs: number, opts?: DecodeOptions): LogRecord {
  let raw = '';
  try {
    const max = opts?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const size = oversize(payload, max);
    if (size > 0) return truncatedRecord(payload, size, max, arrivalMs);
    raw = payloadText(payload);
    // Without fields to keep, most payloads take the fast path (see log-scan.ts).
    const fast = opts?.skipFields === true ? scanLog(raw, arrivalMs) : undefined;
    if (fast !== undefined) return fast;
    const obj = parseObject(raw);
    return obj === undefined
      ? plainRecord(raw, arrivalMs)
      : decodeObject(obj, raw, arrivalMs, true, opts?.skipFields !== true);
  } catch {
    // Nothing above is expected to throw; a hostile payload must still not kill the subscriber.
    return plainRecord(raw, arrivalMs);
  }
}

/** The payload's size in bytes when it is above `max`, else 0; counts bytes only when it has to. */
function oversize(payload: Payload, max: number): number {
  if (typeof payload !== 'string') return payload.length > max ? payload.length : 0;
  // UTF-8 takes 1..3 bytes per UTF-16 unit: most strings are decided by their length alone.
  if (payload.length * 3 <= max) return 0;
  const bytes = Buffer.byteLength(payload, 'utf8');
  return bytes > max ? bytes : 0;
}

/** The first `max` bytes (never cutting a character in two) as a plain record with a visible marker. */
function truncatedRecord(payload: Payload, size: number, max: number, arrivalMs: number): LogRecord {
  // A string is cut before encoding, so that a 10 MB string costs at most 3 × max bytes here.
  const bytes = typeof payload === 'string' ? Buffer.from(payload.slice(0, max), 'utf8') : payload;
  let end = Math.min(max, bytes.length);
  // Back up over continuation bytes (10xxxxxx) to the start of the character that was cut.
  if (end < bytes.length) while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  const kept = bytes.toString('utf8', 0, end);
  const record = plainRecord(kept, arrivalMs);
  record.message += ` …[truncated: ${size.toLocaleString('en-US')} bytes, first ${end.toLocaleString('en-US')} kept]`;
  record.truncated = true;
  return record;
}

function parseObject(text: string): JsonObject | undefined {
  // Skipping JSON.parse for text that cannot be an object keeps plain-text lines cheap:
  // a thrown SyntaxError costs microseconds.
  let i = 0;
  let c = text.charCodeAt(0);
  while (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) c = text.charCodeAt(++i);
  if (c !== 123) return undefined;
  try {
    const v: unknown = JSON.parse(i > 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function plainRecord(text: string, arrivalMs: number): LogRecord {
  const message = trimNewlines(text);
  return {
    time: arrivalMs,
    timeFromEvent: false,
    level: guessLevel(message) ?? 'info',
    service: UNKNOWN_SERVICE,
    message,
    latencyMs: undefined,
    fields: undefined,
    plain: true,
    raw: text,
    producer: undefined,
    truncated: false,
  };
}

function decodeObject(
  obj: JsonObject,
  raw: string,
  arrivalMs: number,
  unwrap: boolean,
  keepFields: boolean,
): LogRecord {
  let message: string | undefined, time: number | undefined, level: Level | undefined;
  let service: string | undefined, latencyMs: number | undefined;
  // undefined, not '': an empty string is a valid key.
  let msgKey: string | undefined, timeKey: string | undefined, levelKey: string | undefined;
  let serviceKey: string | undefined, latencyKey: string | undefined;
  let msgRank = NONE,
    timeRank = NONE,
    levelRank = NONE,
    serviceRank = NONE,
    latencyRank = NONE;
  let producer: ProducerStamp | undefined;
  let keyCount = 0;
  for (const key in obj) {
    keyCount++;
    const slot = KEYS.get(key);
    if (slot === undefined) continue;
    const value = obj[key];
    let r = slot >> ROLE_SHIFT;
    let rank = slot & (NONE - 1);
    if (r === LOG) {
      r = typeof value === 'string' ? MESSAGE : LEVEL;
      rank = r === MESSAGE ? LOG_MESSAGE_RANK : LOG_LEVEL_RANK;
    }
    if (r === STAMP) {
      producer = stampOf(value);
    } else if (r === MESSAGE && rank < msgRank) {
      const m = messageOf(key, value);
      if (m !== undefined) {
        message = m;
        msgKey = key;
        msgRank = rank;
      }
    } else if (r === TIME && rank < timeRank) {
      const t = timeOfKey(key, value);
      if (t !== undefined) {
        time = t;
        timeKey = key;
        timeRank = rank;
      }
    } else if (r === LEVEL && rank < levelRank) {
      const l =
        key === 'log'
          ? isObject(value)
            ? levelOf(value.level)
            : undefined
          : key === 's'
            ? typeof value === 'string' && value.length <= 2
              ? levelOf(value)
              : undefined
            : levelOf(value, key === 'PRIORITY');
      if (l !== undefined) {
        level = l;
        levelKey = key;
        levelRank = rank;
      }
    } else if (r === SERVICE && rank < serviceRank) {
      const s = key === 'name' && !hasLoggerContext(obj) ? undefined : serviceOf(key, value);
      if (s !== undefined) {
        service = s;
        serviceKey = key;
        serviceRank = rank;
      }
    } else if (r === LATENCY && rank < latencyRank) {
      const d = durationMs(value);
      if (d !== undefined) {
        latencyMs = d;
        latencyKey = key;
        latencyRank = rank;
      }
    }
  }

  if (unwrap && msgKey === 'log' && message !== undefined && isJsonObjectText(message)) {
    // Docker's fluentd driver wraps the app's own line in `log`; when that line is JSON, the
    // app's keys win and the container's (container_name, source, ...) fill the gaps.
    const inner = parseObject(message);
    if (inner !== undefined) {
      const merged: JsonObject = {};
      for (const key in obj) if (key !== 'log') put(merged, key, obj[key]);
      for (const key in inner) put(merged, key, inner[key]);
      return decodeObject(merged, raw, arrivalMs, false, keepFields);
    }
  }

  if (unwrap && (message === undefined || level === undefined || time === undefined)) {
    const nested = nestedSource(obj);
    if (nested !== undefined) {
      // The record's own keys win; the nested object's fill the gaps (and stay fields if unused).
      const merged: JsonObject = {};
      for (const key in obj) if (key !== nested) put(merged, key, obj[key]);
      const inner = obj[nested] as JsonObject;
      for (const key in inner) put(merged, key in merged ? `${nested}.${key}` : key, inner[key]);
      return decodeObject(merged, raw, arrivalMs, false, keepFields);
    }
  }

  const taken =
    (producer === undefined ? 0 : 1) +
    (msgKey === undefined ? 0 : 1) +
    (timeKey === undefined ? 0 : 1) +
    (levelKey === undefined ? 0 : 1) +
    (serviceKey === undefined ? 0 : 1) +
    (latencyKey === undefined ? 0 : 1);
  // A nested source (`log: { level }`, `service: { name }`) was only partly used.
  const partial = levelKey === 'log' || (serviceKey === 'service' && isObject(obj.service));
  let fields: JsonObject | undefined;
  if (keepFields && (keyCount > taken || partial)) {
    for (const key in obj) {
      let value = obj[key];
      if (key === levelKey && key === 'log') value = without(value, 'level');
      else if (key === serviceKey && key === 'service') value = without(value, 'name');
      else if (key === msgKey || key === timeKey || key === levelKey || key === serviceKey || key === latencyKey)
        continue;
      else if (producer !== undefined && key === STAMP_KEY) continue;
      if (value !== undefined) put((fields ??= {}), key, value);
    }
  }

  const text = message ?? '';
  return {
    time: time ?? arrivalMs,
    timeFromEvent: time !== undefined,
    level: level ?? guessLevel(text) ?? 'info',
    service: service ?? UNKNOWN_SERVICE,
    message: text,
    latencyMs,
    fields,
    plain: false,
    raw,
    producer,
    truncated: false,
  };
}

/** The key of a nested object that holds a message, level or time (see NESTED_SOURCES). */
function nestedSource(obj: JsonObject): string | undefined {
  for (const key of NESTED_SOURCES) {
    const v = obj[key];
    if (!isObject(v)) continue;
    for (const k in v) if (KEYS.has(k)) return key;
  }
  return undefined;
}

/** Copy of an object without one key, or undefined when nothing else is left. */
function without(value: unknown, drop: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  let rest: JsonObject | undefined;
  for (const key in value) if (key !== drop) put((rest ??= {}), key, value[key]);
  return rest;
}

/** Assigns an own property; `__proto__` as a plain assignment would replace the prototype. */
function put(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isJsonObjectText(s: string): boolean {
  return s.charCodeAt(0) === 123 && s.charCodeAt(s.length - 1) === 125;
}

/** `name` is often plain data (a user's, a file's); it names the logger only in bunyan/pino/Python records. */
function hasLoggerContext(obj: JsonObject): boolean {
  return obj.hostname !== undefined || obj.pid !== undefined || obj.v !== undefined || obj.levelname !== undefined;
}
