import type { Level } from './level.js';
import {
  durationMs,
  guessLevel,
  LATENCY,
  LEVEL,
  levelOf,
  LOG,
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
import { scalar, valueEnd, type Scalar } from './flat-json.js';
import { KEY_OF, knownKey } from './flat-keys.js';

/*
 * One pass over a flat JSON object (a region of a larger text: a line of a file read whole)
 * that checks its grammar and notes where the value of each role key lies, without reading any
 * value. The role values (level, service, message, time, latency) are read when first asked
 * for, in rank order as decodeLog reads them, so a query that looks at the level and the
 * service never parses a timestamp nor copies a message. Whatever the scan does not handle (a
 * nested object or array, an escaped key, a role key given twice) it refuses, and the general
 * path decides (see log-scan-flat.ts).
 */

const SLOTS = 1 << (ROLE_SHIFT + 3);
const LOG_SLOT = LOG << ROLE_SHIFT;

/** Index of the first character at or after `i`, before `end`, that is not JSON white space. */
function skipSpace(t: string, i: number, end: number): number {
  for (let c = t.charCodeAt(i); i < end && (c === 32 || c === 9 || c === 10 || c === 13); c = t.charCodeAt(++i));
  return i;
}

/** Role values not read yet. */
const UNREAD = 0;
const READ_LEVEL = 1;
const READ_SERVICE = 2;
const READ_MESSAGE = 4;
const READ_TIME = 8;
const READ_LATENCY = 16;

/**
 * A reusable scanner: `scan` reads one object, the other methods its role values (valid until
 * the next `scan`). The text is expected free of control characters; the caller checks that.
 */
export class FlatScan {
  private t = '';
  private gen = 0;
  /** The scan (`gen`) that last saw each slot's key, and where its value lies. */
  private readonly seen = new Float64Array(SLOTS);
  private readonly from = new Int32Array(SLOTS);
  private readonly to = new Int32Array(SLOTS);
  private loggerContext = false;
  /** Per role, a bit for each rank whose key this scan saw: the readers visit only those. */
  private readonly ranks = new Int32Array(8);
  /** The text whose next backslash is `backslashAt` (-1: none after the last scan's start). */
  private backslashIn: string | undefined;
  private backslashAt = -1;
  private read = UNREAD;
  private levelValue: Level = 'info';
  private serviceValue: string | undefined;
  private messageValue: string | undefined;
  private messageKey: string | undefined;
  private timeValue: number | undefined;
  private latencyValue: number | undefined;

  /**
   * Reads the object at [start, end) of `t` (white space may follow it in the region);
   * false when it is not a flat JSON object this scan handles, or has a `stream` key and
   * `refuseStream` is set.
   */
  scan(t: string, start: number, end: number, refuseStream: boolean): boolean {
    const line = ++this.gen;
    this.t = t;
    this.read = UNREAD;
    this.loggerContext = false;
    const seen = this.seen;
    const ranks = this.ranks;
    ranks.fill(0);
    const from = this.from;
    const to = this.to;
    // Without a backslash in the region, every string ends at the next quote.
    if (this.backslashIn !== t || (this.backslashAt >= 0 && this.backslashAt < start)) {
      this.backslashIn = t;
      this.backslashAt = t.indexOf('\\', start);
    }
    const escapes = this.backslashAt >= 0 && this.backslashAt < end;
    if (t.charCodeAt(start) !== 123) return false;
    let i = skipSpace(t, start + 1, end);
    if (t.charCodeAt(i) === 125) i = skipSpace(t, i + 1, end);
    else
      for (;;) {
        if (t.charCodeAt(i) !== 34 || i >= end) return false;
        const keyStart = i + 1;
        const keyEnd = t.indexOf('"', keyStart);
        if (keyEnd < 0 || keyEnd >= end) return false;
        if (escapes && t.lastIndexOf('\\', keyEnd) >= keyStart) return false; // an escaped key
        i = skipSpace(t, keyEnd + 1, end);
        if (t.charCodeAt(i) !== 58) return false;
        i = skipSpace(t, i + 1, end);
        const valueStart = i;
        // A string without escapes ends at the next quote (valueEnd's first case, spelt out in the loop).
        i = !escapes && t.charCodeAt(i) === 34 ? t.indexOf('"', i + 1) + 1 : valueEnd(t, i, escapes);
        if (i <= 0 || i > end) return false;
        const known = knownKey(t, keyStart, keyEnd);
        if (known !== undefined) {
          if (known.context) this.loggerContext = true;
          if (known.stream && refuseStream) return false;
          const slot = known.slot;
          if (slot >= 0) {
            // JSON.parse keeps the last of a repeated key: the general path sorts that out.
            if (seen[slot] === line) return false;
            seen[slot] = line;
            ranks[slot >> ROLE_SHIFT] = (ranks[slot >> ROLE_SHIFT] as number) | (1 << (slot & (NONE - 1)));
            from[slot] = valueStart;
            to[slot] = i;
          }
        }
        i = skipSpace(t, i, end);
        const c = t.charCodeAt(i);
        if (c === 125 && i < end) {
          i = skipSpace(t, i + 1, end);
          break;
        }
        if (c !== 44 || i >= end) return false;
        i = skipSpace(t, i + 1, end);
      }
    if (i !== end) return false;
    // A Docker line whose `log` is the app's own JSON is merged by the general path.
    if (seen[LOG_SLOT] === line && t.charCodeAt(this.from[LOG_SLOT] as number) === 34) {
      const message = this.message();
      if (this.messageKey === 'log' && message !== undefined && message.charCodeAt(0) === 123 && message.endsWith('}'))
        return false;
    }
    return true;
  }

  /** The value of the slot's key, if this scan saw it. */
  private value(slot: number): Scalar | undefined {
    if (this.seen[slot] !== this.gen) return undefined;
    return scalar(this.t, this.from[slot] as number, this.to[slot] as number);
  }

  /** The message as decodeLog reads it; undefined when no key holds one. */
  message(): string | undefined {
    if ((this.read & READ_MESSAGE) !== 0) return this.messageValue;
    this.read |= READ_MESSAGE;
    this.messageValue = undefined;
    this.messageKey = undefined;
    // `log` holds a message when it is a string, ECS's level object otherwise.
    const log = this.ranks[LOG] !== 0 && this.t.charCodeAt(this.from[LOG_SLOT] as number) === 34;
    for (let m = (this.ranks[MESSAGE] as number) | (log ? 1 << LOG_MESSAGE_RANK : 0); m !== 0; m &= m - 1) {
      const rank = lowestBit(m);
      const slot = rank === LOG_MESSAGE_RANK ? LOG_SLOT : (MESSAGE << ROLE_SHIFT) | rank;
      const v = this.value(slot);
      if (v === undefined) continue;
      const key = rank === LOG_MESSAGE_RANK ? 'log' : (KEY_OF[slot] as string);
      const message = messageOf(key, v);
      if (message !== undefined) {
        this.messageKey = key;
        return (this.messageValue = message);
      }
    }
    return undefined;
  }

  /** The level as decodeLog reads it: the best level key's, else guessed from the message, else info. */
  level(): Level {
    if ((this.read & READ_LEVEL) !== 0) return this.levelValue;
    this.read |= READ_LEVEL;
    return (this.levelValue = this.keyedLevel() ?? guessLevel(this.message() ?? '') ?? 'info');
  }

  private keyedLevel(): Level | undefined {
    for (let m = this.ranks[LEVEL] as number; m !== 0; m &= m - 1) {
      const slot = (LEVEL << ROLE_SHIFT) | lowestBit(m);
      const v = this.value(slot);
      if (v === undefined) continue;
      const key = KEY_OF[slot] as string;
      // `s` is MongoDB's one- or two-letter severity only.
      const l =
        key === 's'
          ? typeof v === 'string' && v.length <= 2
            ? levelOf(v)
            : undefined
          : key === 'PRIORITY' && typeof v === 'string' && v.length === 1
            ? syslogDigit(v)
            : levelOf(v, key === 'PRIORITY');
      if (l !== undefined) return l;
    }
    return undefined;
  }

  /** The service the log names; undefined when it names none. */
  service(): string | undefined {
    if ((this.read & READ_SERVICE) !== 0) return this.serviceValue;
    this.read |= READ_SERVICE;
    this.serviceValue = undefined;
    for (let m = this.ranks[SERVICE] as number; m !== 0; m &= m - 1) {
      const slot = (SERVICE << ROLE_SHIFT) | lowestBit(m);
      const v = this.value(slot);
      if (v === undefined) continue;
      const key = KEY_OF[slot] as string;
      // `name` is a service only beside a logger's other keys (pino, bunyan, Python).
      if (key === 'name' && !this.loggerContext) continue;
      const s = serviceOf(key, v);
      if (s !== undefined) return (this.serviceValue = s);
    }
    return undefined;
  }

  /** The event time in epoch ms; undefined when no key holds one. */
  time(): number | undefined {
    if ((this.read & READ_TIME) !== 0) return this.timeValue;
    this.read |= READ_TIME;
    this.timeValue = undefined;
    for (let m = this.ranks[TIME] as number; m !== 0; m &= m - 1) {
      const slot = (TIME << ROLE_SHIFT) | lowestBit(m);
      const v = this.value(slot);
      if (v === undefined) continue;
      const time = timeOfKey(KEY_OF[slot] as string, v);
      if (time !== undefined) return (this.timeValue = time);
    }
    return undefined;
  }

  /** The latency in ms; undefined when no key holds one. */
  latency(): number | undefined {
    if ((this.read & READ_LATENCY) !== 0) return this.latencyValue;
    this.read |= READ_LATENCY;
    this.latencyValue = undefined;
    for (let m = this.ranks[LATENCY] as number; m !== 0; m &= m - 1) {
      const v = this.value((LATENCY << ROLE_SHIFT) | lowestBit(m));
      if (v === undefined) continue;
      const d = durationMs(v);
      if (d !== undefined) return (this.latencyValue = d);
    }
    return undefined;
  }
}

/** The rank of the lowest bit set in `m`. */
function lowestBit(m: number): number {
  return 31 - Math.clz32(m & -m);
}

const SYSLOG_DIGIT: Array<Level | undefined> = [];
for (let d = 0; d <= 9; d++) SYSLOG_DIGIT[48 + d] = levelOf(String(d), true);

/** journald's PRIORITY is one digit: what levelOf(v, true) says of it, without its regexes. */
function syslogDigit(v: string): Level | undefined {
  const l = SYSLOG_DIGIT[v.charCodeAt(0)];
  return l !== undefined ? l : levelOf(v, true);
}
