/*
 * How deeply a JSON text nests, found by scanning its characters rather than by walking the
 * parsed value: JSON.parse copes with any depth, but JSON.stringify and every recursive walk
 * after it (normalisation, the wire encoder) overflow the stack on a body like `[[[…]]]`.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Deepest nesting of objects and arrays a record may have, the record itself being level 1. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when the JSON text in `text[start, end)` opens more than `limit` objects and arrays
 * inside one another. Brackets inside strings do not count. Linear and without recursion.
 */
export function nestsDeeperThan(text: string, limit: number, start = 0, end = text.length): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
