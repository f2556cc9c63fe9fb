/*
 * `*` and `?` wildcards, case-insensitive, without regexes: a glob of many stars must not
 * backtrack. The segments between stars are found leftmost in order, which is exact for
 * star-only wildcards; the work is at most (value length × pattern length).
 */

/** Values are matched on their first this many characters (a 10 MB message costs no more). */
export const GLOB_VALUE_CHARS = 16_384;
/** Longer globs are refused: with the value cap, this bounds the work per log. */
export const MAX_GLOB_CHARS = 256;

/** True when the text holds an unescaped `*` or `?`. */
export function hasWildcard(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
  }
  return false;
}

/** A segment between stars: UTF-16 code units, `undefined` for `?`. */
type Segment = (string | undefined)[];

function pushLower(seg: Segment, c: string): void {
  for (const unit of c.toLowerCase().split('')) seg.push(unit);
}

/** Compiles a glob (`\*` and `\?` are literal) to a case-insensitive whole-value matcher. */
export function compileGlob(pattern: string): (value: string) => boolean {
  const segments: Segment[] = [[]];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) pushLower(segments.at(-1)!, pattern[++i]!);
    else if (c === '*') segments.push([]);
    else if (c === '?') segments.at(-1)!.push(undefined);
    else pushLower(segments.at(-1)!, c);
  }
  return (raw) =>
    matchSegments(segments, (raw.length > GLOB_VALUE_CHARS ? raw.slice(0, GLOB_VALUE_CHARS) : raw).toLowerCase());
}

function matchSegments(segments: Segment[], value: string): boolean {
  const first = segments[0]!;
  if (segments.length === 1) return value.length === first.length && fitsAt(first, value, 0);
  const last = segments.at(-1)!;
  if (first.length + last.length > value.length) return false;
  if (!fitsAt(first, value, 0) || !fitsAt(last, value, value.length - last.length)) return false;
  let pos = first.length;
  const limit = value.length - last.length;
  for (let s = 1; s < segments.length - 1; s++) {
    const seg = segments[s]!;
    let found = -1;
    for (let i = pos; i + seg.length <= limit; i++) {
      if (fitsAt(seg, value, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return false;
    pos = found + seg.length;
  }
  return true;
}

function fitsAt(seg: Segment, value: string, at: number): boolean {
  for (let j = 0; j < seg.length; j++) {
    const c = seg[j];
    if (c !== undefined && value[at + j] !== c) return false;
  }
  return true;
}
