import { parseTimestamp } from '../../protocol/timestamp.js';

/** Bytes of a line's start the time scan looks at: JSON logs put their time near the front. */
const HEAD_CHARS = 256;
// The usual time keys of JSON logs (see protocol/log-values.ts); one regex finds them faster than a search per key.
const JSON_TIME_KEY = /"(?:timestamp|time|ts|@timestamp|datetime|__REALTIME_TIMESTAMP)" *: */g;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;

/**
 * The event time of one line (epoch ms), read cheaply from the bytes `[start, end)` of `buf`:
 * a JSON line's `timestamp`/`time`/`ts`/`@timestamp`/`datetime` value (or journald's `__REALTIME_TIMESTAMP`), else an ISO 8601 time
 * at the start of a text line (`2026-12-05 11:00:00,123 ERROR …`). NaN when there is none that
 * way. The index of a large file runs this once per line, where the full normaliser would take
 * several times as long; the row itself is normalised in full when it is shown.
 */
export function lineTime(buf: Buffer, start: number, end: number): number {
  return headTime(lineHead(buf, start, end));
}

/** Buffer's own latin1 decoder: `toString('latin1', …)` checks its arguments and looks the encoding up first. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/** The start of a line that the time and level scans read (latin1: one char per byte, decoded once for both). */
export function lineHead(buf: Buffer, start: number, end: number): string {
  const to = Math.min(end, start + HEAD_CHARS, buf.length);
  return to > start ? (buf as unknown as Latin1Slicer).latin1Slice(start, to) : '';
}

/** lineTime of a line's head (see lineHead). */
export function headTime(head: string): number {
  let i = 0;
  while (i < head.length && (head.charCodeAt(i) === SPACE || head.charCodeAt(i) === TAB)) i++;
  if (head.charCodeAt(i) === 123 /* { */) return jsonTime(head);
  return textTime(head, i);
}

/** The value of the first time key whose value is a time (the normaliser prefers by key; lines rarely hold two). */
function jsonTime(head: string): number {
  JSON_TIME_KEY.lastIndex = 0;
  for (let m = JSON_TIME_KEY.exec(head); m !== null; m = JSON_TIME_KEY.exec(head)) {
    const i = m.index + m[0].length;
    let value: string | number | undefined;
    if (head.charCodeAt(i) === QUOTE) {
      const close = head.indexOf('"', i + 1);
      if (close >= 0) {
        // Digits only (journald's microseconds): the number parseTimestamp would make of them, sooner.
        const n = digitsValue(head, i + 1, close);
        value = n === n ? n : head.slice(i + 1, close);
      }
    } else {
      let j = i;
      while (j < head.length && isNumberChar(head.charCodeAt(j))) j++;
      if (j > i) value = Number(head.slice(i, j));
    }
    const t = value === undefined ? undefined : parseTimestamp(value);
    if (t !== undefined) return t;
  }
  return NaN;
}

/** The number `s[from, to)` spells when it is digits only (as `Number` reads them), else NaN. */
function digitsValue(s: string, from: number, to: number): number {
  if (to <= from) return NaN;
  let n = 0;
  for (let j = from; j < to; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return NaN;
    n = n * 10 + (c - 48);
  }
  // Below 2^53 every step of the sum was exact; a longer number is rounded as Number rounds it.
  return n <= Number.MAX_SAFE_INTEGER ? n : Number(s.slice(from, to));
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69;
}

/** An ISO time opening a text line: its first token, or its first two (`date time`), after an optional `[`. */
function textTime(head: string, from: number): number {
  let i = from;
  if (head.charCodeAt(i) === 91 /* [ */) i++;
  // A date (`2026-12-05`), not any number a message may start with.
  const c = head.charCodeAt(i);
  if (c < 48 || c > 57 || head.charCodeAt(i + 4) !== 45 || head.charCodeAt(i + 7) !== 45) return NaN;
  const first = tokenEnd(head, i);
  if (head.charCodeAt(first) === SPACE) {
    const second = tokenEnd(head, first + 1);
    const two = parseTimestamp(trimBracket(head.slice(i, second)));
    if (two !== undefined) return two;
  }
  return parseTimestamp(trimBracket(head.slice(i, first))) ?? NaN;
}

function tokenEnd(s: string, from: number): number {
  let j = from;
  while (j < s.length && s.charCodeAt(j) !== SPACE && s.charCodeAt(j) !== TAB) j++;
  return j;
}

function trimBracket(s: string): string {
  return s.endsWith(']') ? s.slice(0, -1) : s;
}
