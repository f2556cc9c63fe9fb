import { LEVEL_WORDS, levelOfSeverity, type Level } from './level.js';
import { parseTimestamp } from './timestamp.js';
import type { ProducerStamp } from './log-record.js';

/*
 * The roles a key can play in a log object and how each role reads its value: shared by the
 * general decoder (JSON.parse, then a walk over the keys) and the byte scanner of its fast path,
 * so that both read every value the same way.
 */

/** The reserved key of the producer stamp: `"_ls": {"p": "<producer id>", "s": <sequence>}`. */
export const STAMP_KEY = '_ls';
/** Longest producer id accepted in a stamp; a longer one is not a LogStream stamp. */
const MAX_PRODUCER_ID = 128;

export type JsonObject = Record<string, unknown>;

export const MESSAGE = 0;
export const TIME = 1;
export const LEVEL = 2;
export const SERVICE = 3;
export const LATENCY = 4;
export const LOG = 5;
export const STAMP = 6;

// Highest rank first. `log` is in two roles: a Docker/fluentd line when it is a string, ECS's
// `{ "level": ... }` when it is an object.
// `t` and `s` are MongoDB's (`{"t":{"$date":…},"s":"I"}`) and Grafana's `t=`; both are read
// only in those shapes (see timeOfKey, levelOfKey), as one-letter keys often hold other data.
const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'MESSAGE', '@message', '@m', '@mt', 'event'];
const TIME_KEYS = [
  'timestamp',
  'time',
  'ts',
  '@timestamp',
  'datetime',
  '__REALTIME_TIMESTAMP',
  '@t',
  'asctime',
  'date',
  't',
];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'log', 'levelname', '@l', 'PRIORITY', 's'];
const SERVICE_KEYS = [
  'service',
  'service.name',
  'app',
  'application',
  'container_name',
  'logger',
  'name',
  'SYSLOG_IDENTIFIER',
  '_COMM',
];
const LATENCY_KEYS = [
  'latency_ms',
  'duration_ms',
  'response_time_ms',
  'elapsed_ms',
  'responseTime',
  'latency',
  'duration',
];

export const ROLE_SHIFT = 4;
export const NONE = 1 << ROLE_SHIFT; // a rank worse than any real one
/** Key → role << ROLE_SHIFT | rank, so that one Map lookup classifies a key. */
export const KEYS = new Map<string, number>();
for (const [r, keys] of [
  [MESSAGE, MESSAGE_KEYS],
  [TIME, TIME_KEYS],
  [LEVEL, LEVEL_KEYS],
  [SERVICE, SERVICE_KEYS],
  [LATENCY, LATENCY_KEYS],
] as const) {
  keys.forEach((key, rank) => KEYS.set(key, (r << ROLE_SHIFT) | rank));
}
KEYS.set('log', LOG << ROLE_SHIFT);
KEYS.set(STAMP_KEY, STAMP << ROLE_SHIFT);
export const LOG_MESSAGE_RANK = MESSAGE_KEYS.indexOf('log');
export const LOG_LEVEL_RANK = LEVEL_KEYS.indexOf('log');

/** Objects whose keys fill the roles the record's own keys left empty: Rust `tracing`'s JSON, Logstash's `@fields`. */
export const NESTED_SOURCES = ['fields', '@fields'] as const;

/** The time a TIME key holds: MongoDB's extended JSON `{"$date": …}` too; `t` only as text or `$date`. */
export function timeOfKey(key: string, value: unknown): number | undefined {
  if (isObject(value)) {
    const date = value.$date;
    return parseTimestamp(isObject(date) ? date.$numberLong : date);
  }
  if (key === 't' && (typeof value !== 'string' || /^\d+(?:\.\d+)?$/.test(value))) return undefined;
  return parseTimestamp(value);
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The producer stamp in `_ls`, or undefined when the value is not one (it then stays a field). */
export function stampOf(value: unknown): ProducerStamp | undefined {
  if (!isObject(value)) return undefined;
  const { p: id, s: seq } = value;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_PRODUCER_ID) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { id, seq };
}

export function trimNewlines(s: string): string {
  let end = s.length;
  for (let c = s.charCodeAt(end - 1); c === 10 || c === 13; c = s.charCodeAt(end - 1)) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function messageOf(key: string, value: unknown): string | undefined {
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

export function serviceOf(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    const s = (key === 'container_name' && value.startsWith('/') ? value.slice(1) : value).trim();
    return s === '' ? undefined : s;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (key === 'service' && isObject(value)) return serviceOf('', value.name); // ECS `service.name`
  return undefined;
}

/** pino/bunyan numbers (10..60) and syslog severities (0..7); other numbers say nothing. */
function numericLevel(n: number, syslogOnly: boolean): Level | undefined {
  if (n >= 0 && n < 8) return levelOfSeverity(n);
  if (syslogOnly || !(n >= 10) || n === Infinity) return undefined;
  return n < 20 ? 'trace' : n < 30 ? 'debug' : n < 40 ? 'info' : n < 50 ? 'warn' : n < 60 ? 'error' : 'fatal';
}

// The usual cases are stored too, so that `ERROR` and `Warning` need no toLowerCase.
const LEVEL_NAMES = new Map<string, Level>();
for (const [s, level] of LEVEL_WORDS) {
  for (const spelling of [s, s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1)]) LEVEL_NAMES.set(spelling, level);
}

export function levelOf(value: unknown, syslogOnly = false): Level | undefined {
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
// The level words that still name a level inside a sentence, and two words only a failure writes.
const GUESS_WORDS = [
  'fatal',
  'panic',
  'critical',
  'crit',
  'emerg',
  'alert',
  'error',
  'err',
  'warning',
  'warn',
  'debug',
];
const WORD_LEVEL = new Map<string, Level>([
  ['exception', 'error'],
  ['traceback', 'error'],
]);
for (const w of GUESS_WORDS) {
  const level = LEVEL_WORDS.get(w);
  if (level !== undefined) WORD_LEVEL.set(w, level);
}
const LEVEL_WORD = new RegExp(`\\b(${[...WORD_LEVEL.keys()].join('|')})\\b`, 'gi');
const SHOUTED_ONLY = new Set(['critical', 'crit', 'emerg', 'alert']); // common English words otherwise
const CLASS_NAME = /[a-z0-9](?:Exception|Error)\b/; // NullPointerException, TypeError

/** Level from the first level-like word in the start of a message; undefined when none. */
export function guessLevel(text: string): Level | undefined {
  const head = text.length > GUESS_SPAN ? text.slice(0, GUESS_SPAN) : text;
  const cls = CLASS_NAME.exec(head);
  const limit = cls === null ? head.length : cls.index;
  LEVEL_WORD.lastIndex = 0;
  for (let m = LEVEL_WORD.exec(head); m !== null && m.index < limit; m = LEVEL_WORD.exec(head)) {
    const word = m[0].toLowerCase();
    if (SHOUTED_ONLY.has(word) && m[0] !== m[0].toUpperCase()) continue;
    return WORD_LEVEL.get(word);
  }
  return cls === null ? undefined : 'error';
}

const DURATION_PART = /(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|μs|ms|s|m|h)?/giy;
const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Sub-millisecond units divide, so that `250us` is exactly 0.25 (250 * 1e-3 is not).
const UNITS_PER_MS: Readonly<Record<string, number>> = { ns: 1e6, us: 1e3, µs: 1e3, μs: 1e3 };

/** Milliseconds from a number (already ms) or text: `12`, `12ms`, `1.5s`, `250µs`, Go's `1m30s`. */
export function durationMs(value: unknown): number | undefined {
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
