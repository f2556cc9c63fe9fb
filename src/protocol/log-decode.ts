import { parseTimestamp } from '../core/timestamp.js';
import type { Level } from './level.js';
import type { LogRecord, ProducerStamp } from './log-record.js';
import { UNKNOWN_SERVICE } from './log-record.js';
import type { Payload } from './payload.js';
import { payloadText } from './payload.js';

/*
 * Payload → LogRecord, for whatever producers publish on `logs.ingest`: the original sender,
 * pino, bunyan, ECS, journald `-o json`, Docker's fluentd driver, logrus/zap/zerolog/slog,
 * Python logging, structlog, Serilog CLEF. One JSON.parse and one walk over the keys; each
 * role (message, time, ...) takes the highest-ranked key that holds a usable value, and
 * every key not taken stays in `fields`.
 */

const MESSAGE = 0;
const TIME = 1;
const LEVEL = 2;
const SERVICE = 3;
const LATENCY = 4;
const LOG = 5;
const STAMP = 6;

/** The reserved key of the producer stamp: `"_ls": {"p": "<producer id>", "s": <sequence>}`. */
export const STAMP_KEY = '_ls';
/** Longest producer id accepted in a stamp; a longer one is not a LogStream stamp. */
const MAX_PRODUCER_ID = 128;
/** Largest payload parsed by default (64 KiB); larger ones are cut and kept as plain text. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** How `decodeLog` treats what it is given. */
export interface DecodeOptions {
  /** Payloads above this many bytes are truncated, kept as plain text and flagged (default 64 KiB). */
  maxLineBytes?: number;
  /**
   * Leave `fields` undefined: for consumers that never show them (the analyzer, the collector's
   * buffer, which decodes a log again when it is opened). Saves an object per log: on the
   * generator's stamped logs, 250-290k decodes per CPU second became 330-420k (shared 2 cores).
   */
  skipFields?: boolean;
}

// Highest rank first. `log` is in two roles: a Docker/fluentd line when it is a string, ECS's
// `{ "level": ... }` when it is an object.
const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'MESSAGE', '@m', '@mt', 'event'];
const TIME_KEYS = ['timestamp', 'time', 'ts', '@timestamp', 'datetime', '__REALTIME_TIMESTAMP', '@t', 'asctime', 'date'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'log', 'levelname', '@l', 'PRIORITY'];
const SERVICE_KEYS = [
  'service', 'service.name', 'app', 'application', 'container_name', 'logger', 'name', 'SYSLOG_IDENTIFIER', '_COMM',
];
const LATENCY_KEYS = ['latency_ms', 'duration_ms', 'response_time_ms', 'elapsed_ms', 'responseTime', 'latency', 'duration'];

const ROLE_SHIFT = 4;
const NONE = 1 << ROLE_SHIFT; // a rank worse than any real one
/** Key → role << ROLE_SHIFT | rank, so that one Map lookup classifies a key. */
const KEYS = new Map<string, number>();
for (const [r, keys] of [[MESSAGE, MESSAGE_KEYS], [TIME, TIME_KEYS], [LEVEL, LEVEL_KEYS], [SERVICE, SERVICE_KEYS], [LATENCY, LATENCY_KEYS]] as const) {
  keys.forEach((key, rank) => KEYS.set(key, (r << ROLE_SHIFT) | rank));
}
KEYS.set('log', LOG << ROLE_SHIFT);
KEYS.set(STAMP_KEY, STAMP << ROLE_SHIFT);
const LOG_MESSAGE_RANK = MESSAGE_KEYS.indexOf('log');
const LOG_LEVEL_RANK = LEVEL_KEYS.indexOf('log');

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
    const obj = parseObject(raw);
    return obj === undefined ? plainRecord(raw, arrivalMs) : decodeObject(obj, raw, arrivalMs, true, opts?.skipFields !== true);
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

type JsonObject = Record<string, unknown>;

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

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function plainRecord(text: string, arrivalMs: number): LogRecord {
  const message = trimNewlines(text);
  return {
    time: arrivalMs, timeFromEvent: false, level: guessLevel(message) ?? 'info', service: UNKNOWN_SERVICE,
    message, latencyMs: undefined, fields: undefined, plain: true, raw: text, producer: undefined, truncated: false,
  };
}

function decodeObject(obj: JsonObject, raw: string, arrivalMs: number, unwrap: boolean, keepFields: boolean): LogRecord {
  let message: string | undefined, time: number | undefined, level: Level | undefined;
  let service: string | undefined, latencyMs: number | undefined;
  // undefined, not '': an empty string is a valid key.
  let msgKey: string | undefined, timeKey: string | undefined, levelKey: string | undefined;
  let serviceKey: string | undefined, latencyKey: string | undefined;
  let msgRank = NONE, timeRank = NONE, levelRank = NONE, serviceRank = NONE, latencyRank = NONE;
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
      const t = parseTimestamp(value);
      if (t !== undefined) {
        time = t;
        timeKey = key;
        timeRank = rank;
      }
    } else if (r === LEVEL && rank < levelRank) {
      const l = key === 'log' ? (isObject(value) ? levelOf(value.level) : undefined) : levelOf(value, key === 'PRIORITY');
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

  const taken = (producer === undefined ? 0 : 1) + (msgKey === undefined ? 0 : 1) + (timeKey === undefined ? 0 : 1) + (levelKey === undefined ? 0 : 1) +
    (serviceKey === undefined ? 0 : 1) + (latencyKey === undefined ? 0 : 1);
  // A nested source (`log: { level }`, `service: { name }`) was only partly used.
  const partial = levelKey === 'log' || (serviceKey === 'service' && isObject(obj.service));
  let fields: JsonObject | undefined;
  if (keepFields && (keyCount > taken || partial)) {
    for (const key in obj) {
      let value = obj[key];
      if (key === levelKey && key === 'log') value = without(value, 'level');
      else if (key === serviceKey && key === 'service') value = without(value, 'name');
      else if (key === msgKey || key === timeKey || key === levelKey || key === serviceKey || key === latencyKey) continue;
      else if (producer !== undefined && key === STAMP_KEY) continue;
      if (value !== undefined) put((fields ??= {}), key, value);
    }
  }

  const text = message ?? '';
  return {
    time: time ?? arrivalMs, timeFromEvent: time !== undefined, level: level ?? guessLevel(text) ?? 'info',
    service: service ?? UNKNOWN_SERVICE, message: text, latencyMs, fields, plain: false, raw, producer, truncated: false,
  };
}

/** The producer stamp in `_ls`, or undefined when the value is not one (it then stays a field). */
function stampOf(value: unknown): ProducerStamp | undefined {
  if (!isObject(value)) return undefined;
  const { p: id, s: seq } = value;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_PRODUCER_ID) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { id, seq };
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
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function isJsonObjectText(s: string): boolean {
  return s.charCodeAt(0) === 123 && s.charCodeAt(s.length - 1) === 125;
}

/** `name` is often plain data (a user's, a file's); it names the logger only in bunyan/pino/Python records. */
function hasLoggerContext(obj: JsonObject): boolean {
  return obj.hostname !== undefined || obj.pid !== undefined || obj.v !== undefined || obj.levelname !== undefined;
}

function trimNewlines(s: string): string {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 10 || c === 13; c = s.charCodeAt(end - 1)) end--;
  return end === s.length ? s : s.slice(0, end);
}

function messageOf(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') return trimNewlines(value);
  if (key === 'event' || value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // journald writes a MESSAGE that is not valid UTF-8 as an array of byte values.
  if (key === 'MESSAGE' && Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
    return trimNewlines(Buffer.from(value as number[]).toString('utf8'));
  }
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    // Deep nesting (thousands of levels) overflows JSON.stringify's recursion.
    return `[message not serialisable: ${err instanceof Error ? err.message : 'unknown error'}]`;
  }
}

function serviceOf(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    const s = (key === 'container_name' && value.startsWith('/') ? value.slice(1) : value).trim();
    return s === '' ? undefined : s;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (key === 'service' && isObject(value)) return serviceOf('', value.name); // ECS `service.name`
  return undefined;
}

// journald PRIORITY / GELF / syslog severities 0..7.
const SYSLOG: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** pino/bunyan numbers (10..60) and syslog severities (0..7); other numbers say nothing. */
function numericLevel(n: number, syslogOnly: boolean): Level | undefined {
  if (Number.isInteger(n) && n >= 0 && n < 8) return SYSLOG[n];
  if (syslogOnly || !(n >= 10) || n === Infinity) return undefined;
  return n < 20 ? 'trace' : n < 30 ? 'debug' : n < 40 ? 'info' : n < 50 ? 'warn' : n < 60 ? 'error' : 'fatal';
}

const LEVEL_NAMES = new Map<string, Level>();
function names(level: Level, spellings: string[]): void {
  // The usual cases are stored too, so that `ERROR` and `Warning` need no toLowerCase.
  for (const s of spellings) {
    for (const spelling of [s, s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1)]) LEVEL_NAMES.set(spelling, level);
  }
}
names('trace', ['trace', 'trc', 'finest', 'finer', 'silly', 't']);
names('debug', ['debug', 'dbg', 'verbose', 'verb', 'vrb', 'fine', 'config', 'd', 'v']);
names('info', ['info', 'inf', 'information', 'informational', 'notice', 'ntc', 'default', 'http', 'i']);
names('warn', ['warn', 'warning', 'wrn', 'w']);
names('error', ['error', 'err', 'eror', 'severe', 'e']);
names('fatal', ['fatal', 'ftl', 'crit', 'critical', 'crt', 'alert', 'emerg', 'emergency', 'panic', 'dpanic', 'f']);

function levelOf(value: unknown, syslogOnly = false): Level | undefined {
  if (typeof value === 'number') return numericLevel(value, syslogOnly);
  if (typeof value !== 'string' || value.length > 32) return undefined;
  const exact = LEVEL_NAMES.get(value) ?? LEVEL_NAMES.get(value.toLowerCase());
  if (exact !== undefined) return syslogOnly ? undefined : exact;
  const t = value.trim();
  if (/^\d+$/.test(t)) return numericLevel(Number(t), syslogOnly);
  if (syslogOnly) return undefined;
  // `[WARN]`, `<error>`, slog's `INFO+2`: the first word decides.
  const word = /[a-z]+/i.exec(t);
  return word === null ? undefined : LEVEL_NAMES.get(word[0].toLowerCase());
}

const GUESS_SPAN = 512;
const LEVEL_WORD = /\b(fatal|panic|critical|crit|emerg|alert|error|err|exception|traceback|warning|warn|debug)\b/gi;
const SHOUTED_ONLY = new Set(['critical', 'crit', 'emerg', 'alert']); // common English words otherwise
const WORD_LEVEL: Readonly<Record<string, Level>> = {
  fatal: 'fatal', panic: 'fatal', critical: 'fatal', crit: 'fatal', emerg: 'fatal', alert: 'fatal',
  error: 'error', err: 'error', exception: 'error', traceback: 'error', warning: 'warn', warn: 'warn', debug: 'debug',
};
const CLASS_NAME = /[a-z0-9](?:Exception|Error)\b/; // NullPointerException, TypeError

/** Level from the first level-like word in the start of a message; undefined when none. */
function guessLevel(text: string): Level | undefined {
  const head = text.length > GUESS_SPAN ? text.slice(0, GUESS_SPAN) : text;
  const cls = CLASS_NAME.exec(head);
  const limit = cls === null ? head.length : cls.index;
  LEVEL_WORD.lastIndex = 0;
  for (let m = LEVEL_WORD.exec(head); m !== null && m.index < limit; m = LEVEL_WORD.exec(head)) {
    const word = m[0].toLowerCase();
    if (SHOUTED_ONLY.has(word) && m[0] !== m[0].toUpperCase()) continue;
    return WORD_LEVEL[word];
  }
  return cls === null ? undefined : 'error';
}

const DURATION_PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|μs|ms|s|m|h)?/giy;
const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Sub-millisecond units divide, so that `250us` is exactly 0.25 (250 * 1e-3 is not).
const UNITS_PER_MS: Readonly<Record<string, number>> = { ns: 1e6, us: 1e3, 'µs': 1e3, 'μs': 1e3 };

/** Milliseconds from a number (already ms) or text: `12`, `12ms`, `1.5s`, `250µs`, Go's `1m30s`. */
function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return value >= 0 && value !== Infinity ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const s = value.trim();
  let total = 0;
  let parts = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < s.length) {
    const m = DURATION_PART.exec(s);
    if (m === null) return undefined;
    const unit = m[2]?.toLowerCase();
    // A bare number is milliseconds, but only on its own: `1m30` is not a duration.
    if (unit === undefined && (parts > 0 || DURATION_PART.lastIndex < s.length)) return undefined;
    const n = Number(m[1]);
    const per = unit === undefined ? 1 : MS_PER_UNIT[unit];
    total += per !== undefined ? n * per : n / (UNITS_PER_MS[unit ?? ''] ?? NaN);
    parts++;
  }
  return parts > 0 && total === total ? total : undefined;
}
