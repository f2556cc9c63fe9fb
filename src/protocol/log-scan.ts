import { parseTimestamp } from './timestamp.js';
import type { LogRecord } from './log-record.js';
import { UNKNOWN_SERVICE } from './log-record.js';
import { durationMs, guessLevel, KEYS, levelOf, messageOf, serviceOf, stampOf } from './log-values.js';

/*
 * The fast path of `decodeLog` for the layout LogStream's producers (encodeLog, the sender) and
 * RustLogStream's sender write: `timestamp`, `level`, `service`, `message` first and in this order,
 * then `latency_ms`, other keys, and the producer stamp last. One regular expression checks the
 * whole text against that layout (a subset of JSON: compact or with Python's `", "` and `": "`,
 * nesting one level deep at most, no other recognised key, no escapes in keys) and captures the
 * values the record needs. Whatever it refuses goes to the general path, which reads every
 * accepted text the same way (a property test checks it).
 *
 * Why a regex: with its captures it takes a fraction of JSON.parse's time on the sender's logs
 * (bench/decode.bench.ts); a key walk or a byte loop in JavaScript did not (bench/README.md).
 */

const PLAIN = String.raw`[^"\\\x00-\x1f]*`;
const STR = String.raw`"${PLAIN}(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})${PLAIN})*"`;
const NUM = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const SCALAR = `(?:${STR}|${NUM}|true|false|null)`;
const NESTED = String.raw`\{(?:${STR}: ?${SCALAR}(?:, ?${STR}: ?${SCALAR})*)?\}|\[(?:${SCALAR}(?:, ?${SCALAR})*)?\]`;
const VALUE = `(?:${SCALAR}|${NESTED})`;
const escapeKey = (key: string): string => key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Any key without escapes that plays no role: one that does could change what the fixed keys decide. */
const OTHER_KEY = `"(?!(?:${[...KEYS.keys()].map(escapeKey).join('|')})")${PLAIN}"`;
const SEP = ', ?';

const SENDER_LAYOUT = new RegExp(
  `^\\{"timestamp": ?"(${PLAIN})"${SEP}"level": ?"(${PLAIN})"${SEP}"service": ?"(${PLAIN})"${SEP}"message": ?(${STR})` +
    `(?:${SEP}"latency_ms": ?(${NUM}))?` +
    `(?:${SEP}${OTHER_KEY}: ?${VALUE})*` +
    `(?:${SEP}"_ls": ?\\{"p": ?"(${PLAIN})"${SEP}"s": ?(0|[1-9]\\d{0,14})\\})?\\}$`,
);

// Producers stamp logs with their clock, and at high rates hundreds in a row carry the same
// millisecond: the last timestamp parsed is remembered, a string compare instead of a parse
// (bench/analyzer-path.bench.ts).
let lastStamp = '';
let lastTime: number | undefined;

function timeOf(stamp: string): number | undefined {
  if (stamp !== lastStamp) {
    lastTime = parseTimestamp(stamp);
    lastStamp = stamp;
  }
  return lastTime;
}

/**
 * The record `decodeLog(text, arrivalMs, { skipFields: true })` returns, when the text has the
 * senders' layout; undefined otherwise.
 */
export function scanLog(t: string, arrivalMs: number): LogRecord | undefined {
  // Cheap refusals first: the regex needs the opening bytes anyway.
  if (t.length < 16 || t.charCodeAt(1) !== 34 || t.charCodeAt(2) !== 116) return undefined;
  const m = SENDER_LAYOUT.exec(t);
  if (m === null) return undefined;
  // Indexed, not destructured: destructuring runs the iterator protocol on every log.
  const time = timeOf(m[1] as string);
  const quoted = m[4] ?? '""';
  const inner = quoted.slice(1, -1);
  const message = messageOf('message', inner.includes('\\') ? (JSON.parse(quoted) as string) : inner) ?? '';
  const latency = m[5];
  const id = m[6];
  const producer = id === undefined ? undefined : stampOf({ p: id, s: Number(m[7]) });
  return {
    time: time ?? arrivalMs,
    timeFromEvent: time !== undefined,
    level: levelOf(m[2]) ?? guessLevel(message) ?? 'info',
    service: serviceOf('service', m[3]) ?? UNKNOWN_SERVICE,
    message,
    latencyMs: latency === undefined ? undefined : durationMs(Number(latency)),
    fields: undefined,
    plain: false,
    raw: t,
    producer,
    truncated: false,
  };
}
