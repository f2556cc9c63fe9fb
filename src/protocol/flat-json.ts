/*
 * The pieces of a one-pass reader of flat JSON objects, shared by the decoder's flat fast path
 * (log-scan-flat.ts) and the collector's reader of payload fields: each takes the text and an
 * index and returns the index past what it read, or REFUSE. The reader checks the text for
 * control characters once (CONTROL) and whether it holds a backslash at all; without one, every
 * string ends at the next quote, found by indexOf rather than a loop over its characters.
 */

/** What the readers return for a value they refuse (not JSON, or not what the caller handles). */
export const REFUSE = -1;
/** Any control character: JSON allows none in strings, and a line has only spaces between tokens in practice. */
export const CONTROL = /[\x00-\x1f]/;

/** A scalar JSON value: a string, a number, true, false or null. */
export type Scalar = string | number | boolean | null;

/** Index of the first character at or after `i` that is not white space. */
export function skipSpace(t: string, i: number): number {
  // Controls were refused before the scan: below a space only white space is left.
  if (t.charCodeAt(i) > 32) return i;
  for (let c = t.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = t.charCodeAt(++i));
  return i;
}

/** Index just past the scalar value at `i`; refuses nested values and anything not JSON. */
export function valueEnd(t: string, i: number, escapes: boolean): number {
  const c = t.charCodeAt(i);
  if (c === 34) {
    if (!escapes) {
      const end = t.indexOf('"', i + 1);
      if (end < 0) return REFUSE;
      return end + 1;
    }
    for (i++; ; i++) {
      const d = t.charCodeAt(i);
      if (d === 34) return i + 1;
      if (d === 92) {
        const e = t.charCodeAt(++i);
        if (e === 117) {
          for (let k = 1; k <= 4; k++) if (!isHex(t.charCodeAt(i + k))) return REFUSE;
          i += 4;
        } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116)
          return REFUSE;
      } else if (d !== d) return REFUSE; // the end of the text
    }
  }
  if (c === 116) return literal(t, i, 'true');
  if (c === 102) return literal(t, i, 'false');
  if (c === 110) return literal(t, i, 'null');
  return numberEnd(t, i);
}

function literal(t: string, i: number, word: string): number {
  if (!t.startsWith(word, i)) return REFUSE;
  return i + word.length;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** JSON's number grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
function numberEnd(t: string, i: number): number {
  if (t.charCodeAt(i) === 45) i++;
  const first = t.charCodeAt(i);
  if (first === 48) i++;
  else if (first >= 49 && first <= 57) while (isDigit(t.charCodeAt(++i)));
  else return REFUSE;
  if (t.charCodeAt(i) === 46) {
    if (!isDigit(t.charCodeAt(++i))) return REFUSE;
    while (isDigit(t.charCodeAt(++i)));
  }
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    const s = t.charCodeAt(++i);
    if (s === 43 || s === 45) i++;
    if (!isDigit(t.charCodeAt(i))) return REFUSE;
    while (isDigit(t.charCodeAt(++i)));
  }
  return i;
}

/** The value at [start, end), which valueEnd has checked. */
export function scalar(t: string, start: number, end: number): Scalar {
  const c = t.charCodeAt(start);
  if (c === 34) {
    const inner = t.slice(start + 1, end - 1);
    return inner.includes('\\') ? (JSON.parse(t.slice(start, end)) as string) : inner;
  }
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  return Number(t.slice(start, end));
}

/**
 * Index just past the object or array at `i`, found by its brackets outside strings. It does not
 * check the JSON inside: only for text already known to be JSON.
 */
export function nestedEnd(t: string, i: number, escapes: boolean): number {
  let depth = 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 34) {
      const end = valueEnd(t, i, escapes);
      if (end === REFUSE) return REFUSE;
      i = end - 1;
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
  }
  return REFUSE;
}
