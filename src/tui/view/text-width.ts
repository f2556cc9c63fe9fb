import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const NON_SPACE = /[^ ]/;

/**
 * Code points that can join a neighbour into one grapheme cluster (UAX #29: Extend, ZWJ,
 * SpacingMark, Prepend, Regional_Indicator, Hangul jamo, CR). Text without any of them has one
 * grapheme per code point, so it can skip Intl.Segmenter, which costs far more per character.
 * `text-width.test.ts` checks this class against the runtime's segmenter code point by code point.
 */
const JOINING =
  /[\p{M}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Regional_Indicator}\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}\r\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0d4e\u0e33\u0eb3\u{111c2}\u{111c3}\u{1193f}\u{11941}\u{11a3a}\u{11a84}-\u{11a89}\u{11d46}\u{11f02}\u{113d1}\u{16d63}\u{16d67}-\u{16d6a}]|\u200d/u;

/**
 * A quick yes for the common scripts of log text (ASCII, Latin-1, punctuation and symbols,
 * CJK, kana, Hangul syllables, fullwidth forms) with the joining characters inside those
 * blocks left out. Plain ranges scan many times faster than JOINING's property classes.
 */
const COMMON_FREE =
  /^[\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2100-\u27bf\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9d]*$/;

const segmenter = new Intl.Segmenter();

// Bounded so a stream of distinct characters cannot grow it without limit; CJK text reuses a
// few thousand characters, which fit.
const WIDTH_CACHE_LIMIT = 16_384;
const widthCache = new Map<string, number>();

/** Whether every code point of `text` is a grapheme of its own (no segmentation needed). */
export function isSegmentFree(text: string): boolean {
  return COMMON_FREE.test(text) || !JOINING.test(text);
}

// Long log lines are read in chunks, for two reasons: Intl.Segmenter's cost grows with the
// length of the whole string it is given, even when only the first graphemes are read, and
// callers that clip (Screen.text, truncate) should pay only for the part they use. A chunk
// whose text and next code point are segment-free is split by code point. Otherwise the chunk
// is segmented and its last grapheme, which the cut may have split, is held back: the next
// chunk starts at it. Boundaries before the cut do not depend on text after it (UAX #29 looks
// one character ahead), so the result equals one pass over the whole text.
const CHUNK = 256;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function* chunkedGraphemes(text: string): Generator<string> {
  let pos = 0;
  let size = CHUNK;
  while (pos < text.length) {
    let end = Math.min(text.length, pos + size);
    // Never split a surrogate pair: half a character would look like a boundary of its own.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    const chunk = text.slice(pos, end);
    if (isSegmentFree(chunk) && isSegmentFree(text.slice(end, end + 2))) {
      yield* chunk;
      pos = end;
      continue;
    }
    let held = '';
    let heldAt = 0;
    for (const { segment, index } of segmenter.segment(chunk)) {
      if (index > 0) yield held;
      held = segment;
      heldAt = index;
    }
    if (end === text.length) {
      yield held;
      return;
    }
    // One grapheme longer than the chunk (e.g. a stack of combining marks): widen and retry.
    size = heldAt === 0 ? size * 2 : CHUNK;
    pos += heldAt;
  }
}

function* segmentAll(text: string): Generator<string> {
  for (const s of segmenter.segment(text)) yield s.segment;
}

/** The grapheme clusters of `text`, in order; lazy, so reading only a prefix costs only that. */
export function graphemes(text: string): Iterable<string> {
  if (text.length > CHUNK) return chunkedGraphemes(text);
  // A string iterates by code point, which is by grapheme when nothing joins.
  return isSegmentFree(text) ? text : segmentAll(text);
}

/**
 * Terminal cells taken by one grapheme: 0 (controls, lone combining marks, zero-width
 * characters), 1, or 2 (CJK, emoji, ZWJ sequences). Clamped to 2 because a cell holds at most
 * a double-width character.
 */
export function charWidth(grapheme: string): number {
  if (grapheme.length === 1) {
    const c = grapheme.charCodeAt(0);
    if (c < 0x7f) return c >= 0x20 ? 1 : 0;
    if (isWideCjk(c)) return 2;
  }
  let w = widthCache.get(grapheme);
  if (w === undefined) {
    // A single character of a stable block (box drawing, Latin-1) is its East Asian width: the
    // first frame's borders then never wait for string-width's first call, which builds its
    // emoji tables (bench: view-file, start-up).
    w =
      grapheme.length === 1 && isWidthCertain(grapheme)
        ? eastAsianWidth(grapheme.charCodeAt(0))
        : Math.min(2, stringWidth(grapheme));
    if (widthCache.size >= WIDTH_CACHE_LIMIT) widthCache.clear();
    widthCache.set(grapheme, w);
  }
  return w;
}

/**
 * CJK ideographs, hiragana, katakana and Hangul syllables: all East Asian Wide, so the bulk of
 * Japanese, Chinese and Korean text needs no cache lookup (checked against string-width in
 * text-width.test.ts). The kana ranges leave out the combining (voiced) sound marks.
 */
function isWideCjk(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) ||
    (c >= 0xac00 && c <= 0xd7a3)
  );
}

// Inside those blocks: what is not a plain visible character, and the few characters added or
// made wide by recent Unicode versions (currency signs after U+20BF, U+2427.., the trigrams).
const DOUBTFUL_IN_STABLE_BLOCK =
  /[\p{C}\p{M}\p{Zl}\p{Zp}\p{Extended_Pictographic}\u20c0-\u20cf\u2427-\u243f\u2630-\u2637\u268a-\u268f\uffa0]/u;

/**
 * Whether every terminal draws grapheme `g` as wide as charWidth says: a single code point of
 * the scripts and symbol blocks whose widths have not changed for decades (Latin, Greek,
 * Cyrillic, punctuation, arrows, box drawing, CJK, kana, fullwidth forms), with emoji, marks,
 * format characters and unassigned code points left out. Terminals measure the rest with their
 * own, often older, Unicode tables: emoji and their sequences, combining marks, newer
 * characters. The renderer draws those defensively (see diff-renderer.ts).
 * `text-width.test.ts` holds this list to the system's wcwidth.
 */
export function isWidthCertain(g: string): boolean {
  if (g.length !== 1) return false;
  const c = g.charCodeAt(0);
  if (c < 0x7f) return c >= 0x20;
  if (isWideCjk(c)) return true;
  const stable =
    (c >= 0xa0 && c < 0x300) ||
    (c >= 0x370 && c <= 0x52f) ||
    (c >= 0x1e00 && c <= 0x1fff) ||
    (c >= 0x2010 && c <= 0x2b4f) ||
    (c >= 0x3000 && c <= 0x30ff) ||
    (c >= 0xff01 && c <= 0xffdc);
  return stable && !DOUBTFUL_IN_STABLE_BLOCK.test(g);
}

/** Terminal cells taken by `text` (the sum of its graphemes' widths). */
export function textWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let w = 0;
  for (const g of graphemes(text)) w += charWidth(g);
  return w;
}

/**
 * `text` cut to at most `width` cells, ending in `ellipsis` when something was cut. A wide
 * character that would straddle the limit is dropped, so the result may be one cell short. If
 * the ellipsis itself does not fit, the text is cut without one.
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (text.length <= width && PRINTABLE_ASCII.test(text)) return text;
  const ew = textWidth(ellipsis);
  const mark = ew <= width ? ellipsis : '';
  const budget = ew <= width ? width - ew : width;
  // One pass that stops once the text is known not to fit: log lines can be long.
  let used = 0;
  let cut = -1;
  let pos = 0;
  for (const g of graphemes(text)) {
    const w = charWidth(g);
    if (cut < 0 && used + w > budget) cut = pos;
    used += w;
    if (used > width) return text.slice(0, cut) + mark;
    pos += g.length;
  }
  return text;
}

/**
 * `text` broken into lines of at most `width` cells: at the last space that fits (the space is
 * dropped), else between graphemes (CJK text has no spaces). '\n' forces a break. A grapheme
 * wider than `width` gets a line of its own.
 */
export function wrap(text: string, width: number): string[] {
  if (!Number.isInteger(width) || width < 1)
    throw new RangeError(`wrap width must be a positive integer, got ${width}`);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) wrapParagraph(paragraph, width, out);
  return out;
}

function wrapParagraph(text: string, width: number, out: string[]): void {
  let line = '';
  let lineW = 0;
  // Position in `line` just after its latest space, and the width up to there; -1: no space.
  let afterSpace = -1;
  let widthAfterSpace = 0;
  for (const g of graphemes(text)) {
    const w = charWidth(g);
    if (lineW > 0 && lineW + w > width && g === ' ') {
      // Break at this very space, which then belongs to neither line.
      out.push(line.replace(/ +$/, ''));
      line = '';
      lineW = 0;
      afterSpace = -1;
      continue;
    }
    while (lineW > 0 && lineW + w > width) {
      if (afterSpace > 0) {
        out.push(line.slice(0, afterSpace).replace(/ +$/, ''));
        line = line.slice(afterSpace);
        lineW -= widthAfterSpace;
      } else {
        out.push(line);
        line = '';
        lineW = 0;
      }
      afterSpace = -1;
    }
    line += g;
    lineW += w;
    // A space only in leading indentation is no place to break: it would leave an empty line.
    if (g === ' ' && NON_SPACE.test(line)) {
      afterSpace = line.length;
      widthAfterSpace = lineW;
    }
  }
  out.push(line);
}
