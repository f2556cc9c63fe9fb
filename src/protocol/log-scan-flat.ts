import type { Level } from './level.js';
import type { LogRecord } from './log-record.js';
import { UNKNOWN_SERVICE } from './log-record.js';
import {
  durationMs,
  guessLevel,
  KEYS,
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
  TIME,
  timeOfKey,
} from './log-values.js';
import { CONTROL, REFUSE, scalar, skipSpace, valueEnd, type Scalar } from './flat-json.js';

/*
 * A second fast path of `decodeLog(text, arrival, { skipFields: true })`, for flat JSON objects
 * in any key order (journald `-o json`, logfmt-like JSON, most loggers' lines without nested
 * objects): one pass over the characters checks the JSON grammar and reads only the values of
 * keys that play a role, with no object built for the others. Whatever it does not handle (a
 * nested object or array, an escaped key, a role key given twice, a Docker `log` holding JSON,
 * text longer than decodeLog reads whole) it refuses, and the general path decides; a property
 * test checks that every text it accepts decodes the same both ways.
 */

/** Longest text taken: any longer one might be over decodeLog's 64 KiB limit in UTF-8. */
const MAX_CHARS = Math.floor((64 * 1024) / 3);
/** Keys whose presence makes `name` a logger's name (see decodeLog's hasLoggerContext). */
const LOGGER_CONTEXT = ['hostname', 'pid', 'v', 'levelname'];

/** A key this path reads: its role slot (see KEYS) or none, and whether it names a logger context. */
interface KnownKey {
  key: string;
  slot: number | undefined;
  context: boolean;
  /** `stream`, which the caller may ask to refuse (see scanFlatLog). */
  stream: boolean;
}
/**
 * The keys this path reads, by length: most keys of a line are none of them and are passed
 * over by their length and first character, without a string being made of them.
 */
const BY_SHAPE = new Map<number, KnownKey[]>();
const shape = (length: number, first: number): number => length * 0x10000 + first;
for (const key of new Set([...KEYS.keys(), ...LOGGER_CONTEXT, 'stream'])) {
  const known = { key, slot: KEYS.get(key), context: LOGGER_CONTEXT.includes(key), stream: key === 'stream' };
  const s = shape(key.length, key.charCodeAt(0));
  BY_SHAPE.set(s, [...(BY_SHAPE.get(s) ?? []), known]);
}

/** The known key at [start, end) of t, if it is one. */
function knownKey(t: string, start: number, end: number): KnownKey | undefined {
  const candidates = BY_SHAPE.get(shape(end - start, t.charCodeAt(start)));
  if (candidates === undefined) return undefined;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as KnownKey;
    if (t.startsWith(c.key, start)) return c;
  }
  return undefined;
}

const NAME_RANK = (KEYS.get('name') ?? 0) & (NONE - 1);
/** The line number (`gen`) that last saw each role key's slot: a repeated key is seen twice in one line. */
const seenIn = new Float64Array(1 << (ROLE_SHIFT + 3));
let gen = 0;

/**
 * The record `decodeLog(t, arrivalMs, { skipFields: true })` returns, when `t` is a flat JSON
 * object this scanner handles; undefined otherwise.
 */
export function scanFlatLog(t: string, arrivalMs: number, opts?: FlatScanOptions): LogRecord | undefined {
  if (t.length > MAX_CHARS || t.charCodeAt(0) !== 123 || CONTROL.test(t)) return undefined;
  return scan(t, arrivalMs, opts?.refuseStream === true);
}

/** What scanFlatLog also refuses. */
export interface FlatScanOptions {
  /** A `stream` key: the line parser reads such a line as Docker's json-file (see parse-line.ts). */
  refuseStream?: boolean;
}

function scan(t: string, arrivalMs: number, refuseStream: boolean): LogRecord | undefined {
  let message: string | undefined, time: number | undefined, level: Level | undefined;
  let service: string | undefined, latencyMs: number | undefined;
  let msgKey: string | undefined;
  let msgRank = NONE,
    timeRank = NONE,
    levelRank = NONE,
    serviceRank = NONE,
    latencyRank = NONE;
  let name: Scalar | undefined;
  let loggerContext = false;
  const line = ++gen;
  const n = t.length;
  // Without a backslash in the text, every string ends at the next quote.
  const escapes = t.includes('\\');
  let i = skipSpace(t, 1);
  if (t.charCodeAt(i) === 125) i = skipSpace(t, i + 1);
  else
    for (;;) {
      if (t.charCodeAt(i) !== 34) return undefined;
      const keyStart = i + 1;
      const keyEnd = t.indexOf('"', keyStart);
      if (keyEnd < 0 || (escapes && t.lastIndexOf('\\', keyEnd) >= keyStart)) return undefined; // an escaped key
      i = skipSpace(t, keyEnd + 1);
      if (t.charCodeAt(i) !== 58) return undefined;
      i = skipSpace(t, i + 1);
      const valueStart = i;
      i = valueEnd(t, i, escapes);
      if (i === REFUSE) return undefined;
      const known = knownKey(t, keyStart, keyEnd);
      if (known?.context === true) loggerContext = true;
      if (known?.stream === true && refuseStream) return undefined;
      const slot = known?.slot;
      if (slot !== undefined) {
        const key = known?.key as string;
        // JSON.parse keeps the last of a repeated key: the general path sorts that out.
        if (seenIn[slot] === line) return undefined;
        seenIn[slot] = line;
        // Only a value that can win its role is read.
        let r = slot >> ROLE_SHIFT;
        let rank = slot & (NONE - 1);
        if (r === LOG) {
          r = t.charCodeAt(valueStart) === 34 ? MESSAGE : LEVEL;
          rank = r === MESSAGE ? LOG_MESSAGE_RANK : LOG_LEVEL_RANK;
        }
        if (r === MESSAGE && rank < msgRank) {
          const m = messageOf(key, scalar(t, valueStart, i));
          if (m !== undefined) {
            message = m;
            msgKey = key;
            msgRank = rank;
          }
        } else if (r === TIME && rank < timeRank) {
          const v = timeOfKey(key, scalar(t, valueStart, i));
          if (v !== undefined) {
            time = v;
            timeRank = rank;
          }
        } else if (r === LEVEL && rank < levelRank) {
          const value = scalar(t, valueStart, i);
          // `log` as a level is ECS's object, which a flat record does not have.
          const l =
            key === 'log'
              ? undefined
              : key === 's'
                ? typeof value === 'string' && value.length <= 2
                  ? levelOf(value)
                  : undefined
                : levelOf(value, key === 'PRIORITY');
          if (l !== undefined) {
            level = l;
            levelRank = rank;
          }
        } else if (r === SERVICE && rank < serviceRank) {
          if (key === 'name') name = scalar(t, valueStart, i);
          else {
            const s = serviceOf(key, scalar(t, valueStart, i));
            if (s !== undefined) {
              service = s;
              serviceRank = rank;
            }
          }
        } else if (r === LATENCY && rank < latencyRank) {
          const d = durationMs(scalar(t, valueStart, i));
          if (d !== undefined) {
            latencyMs = d;
            latencyRank = rank;
          }
        }
        // The producer stamp (`_ls`) is an object: a scalar there is no stamp.
      }
      i = skipSpace(t, i);
      const c = t.charCodeAt(i);
      if (c === 125) {
        i = skipSpace(t, i + 1);
        break;
      }
      if (c !== 44) return undefined;
      i = skipSpace(t, i + 1);
    }
  if (i !== n) return undefined;
  if (name !== undefined && loggerContext && NAME_RANK < serviceRank) {
    const s = serviceOf('name', name);
    if (s !== undefined) service = s;
  }
  // A Docker line whose `log` is the app's own JSON is merged by the general path.
  if (msgKey === 'log' && message !== undefined && message.charCodeAt(0) === 123 && message.endsWith('}'))
    return undefined;
  const text = message ?? '';
  return {
    time: time ?? arrivalMs,
    timeFromEvent: time !== undefined,
    level: level ?? guessLevel(text) ?? 'info',
    service: service ?? UNKNOWN_SERVICE,
    message: text,
    latencyMs,
    fields: undefined,
    plain: false,
    raw: t,
    producer: undefined,
    truncated: false,
  };
}
