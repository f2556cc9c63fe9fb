/*
 * What log text may not send to the terminal as is, and what it may not hide from the person
 * reading it. Escaped always:
 * - C0 controls (ESC among them), DEL, C1 controls (the 8-bit CSI U+009B, NEL U+0085): they
 *   move the cursor, recolour, retitle, write the clipboard (OSC 52), switch screens;
 * - bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9): they reorder what is seen ("Trojan
 *   Source"); the line/paragraph separators U+2028/U+2029; lone UTF-16 surrogates;
 * - invisible characters that make two different texts look the same, or hide text: U+00AD
 *   soft hyphen, U+034F grapheme joiner, U+115F/U+1160/U+3164/U+FFA0 Hangul fillers (drawn
 *   blank), U+180E, U+200B zero-width space, U+2060-U+206F (word joiner, invisible operators,
 *   deprecated format controls), U+FEFF, U+FFF9-U+FFFB interlinear annotation (hides text),
 *   U+1BCA0-U+1BCA3 and U+1D173-U+1D17A (invisible format controls).
 * Escaped unless they do their legitimate job (checked against their neighbours):
 * - U+200D zero-width joiner: kept inside emoji sequences (👨‍👩‍👧) and after a letter of a script
 *   that uses it (Arabic, Indic, ...); escaped elsewhere, e.g. between Latin letters ("ad‍min");
 * - U+200C zero-width non-joiner: kept after a letter of those scripts (Persian "می‌خواهم");
 * - variation selectors U+FE00-U+FE0F, U+E0100-U+E01EF: kept right after a visible base
 *   (❤️, 1️⃣, 葛󠄀); a run of them after one base, or one after a space, smuggles invisible data;
 * - tag characters U+E0000-U+E007F: kept only as a flag tag sequence (🏴 + tags + cancel tag,
 *   the flag of England); anywhere else they are invisible ASCII ("ASCII smuggling");
 * - Hangul vowel and final jamo (U+1160-U+11FF, U+D7B0-U+D7FF): kept where they continue a
 *   syllable (decomposed Korean, drawn as one); alone, terminals draw them 0, 1 or 2 cells wide;
 * - emoji modifiers (skin tones U+1F3FB-U+1F3FF): kept right after an emoji they modify.
 * Escaped because their width is anyone's guess: code points unassigned in this runtime's
 * Unicode (noncharacters among them; a terminal may draw them 0, 1 or 2 cells wide, or drop
 * them), and every other default-ignorable code point. A cell the renderer and the terminal
 * count differently leaves stale characters on screen until the next full redraw.
 * Not escaped: private-use characters (drawn as a glyph or a box, icon fonts use them), CJK,
 * emoji, combining marks, spaces of other widths (visible as space).
 * CRLF comes first to become one newline mark, then the flag tag sequence so it is kept whole.
 */
const UNSAFE_CLASS =
  '[\\p{Cc}\\p{Cn}\\p{Cs}\\p{Default_Ignorable_Code_Point}\\p{Emoji_Modifier}\\u2028\\u2029\\ufff9-\\ufffb\\u1160-\\u11ff\\ud7b0-\\ud7ff]';
const FLAG_TAGS = '\\u{1f3f4}[\\u{e0020}-\\u{e007e}]+\\u{e007f}';
// A quick yes for the common scripts of log text (Latin, Cyrillic, punctuation and symbols,
// CJK, kana, Hangul syllables, fullwidth forms, the emoji blocks U+1F300-U+1F64F but the skin
// tones): blocks with nothing to escape and no code point left unassigned. Plain ranges scan
// many times faster than the property classes above.
const COMMON_SAFE =
  // eslint-disable-next-line no-misleading-character-class -- ranges of code points, combining marks among them on purpose
  /^(?:[\x20-\x7e\xa0-\xac\xae-\u02ff\u0400-\u052f\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u27bf\u3000-\u303f\u3041-\u3096\u3099-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff9f\uffa1-\uffbe]|\ud83c[\udf00-\udffa]|\ud83d[\udc00-\ude4f])*$/;
const UNSAFE_TEST = new RegExp(UNSAFE_CLASS, 'u');
const UNSAFE_ALL = new RegExp(`\\r\\n|${FLAG_TAGS}|${UNSAFE_CLASS}`, 'gu');

/** Scripts whose letters legitimately take a ZWJ/ZWNJ: Arabic, Syriac, Thaana, N'Ko, Indic, Sinhala, Thai..Myanmar, Khmer, Mongolian. */
// eslint-disable-next-line no-misleading-character-class -- whole script blocks, marks included, on purpose
const JOINING_SCRIPT = /[\u0600-\u08ff\u0900-\u0dff\u0e00-\u109f\u1780-\u18af\ua8e0-\ua8ff]/;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
const VISIBLE_BASE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/**
 * A tab becomes this many spaces. Fixed rather than aligned to tab stops: the text's column on
 * screen varies (list columns, horizontal scroll), so stops would not line up anyway, and a
 * fixed expansion keeps widths predictable.
 */
export const TAB_SPACES = 4;
const TAB = ' '.repeat(TAB_SPACES);

/**
 * Shown for a line break ('\n', '\r\n'). One cell, and unlike a literal "\n" it cannot be
 * mistaken for the backslash-n that JSON-ish log text often contains.
 */
export const NEWLINE_MARK = '⏎';

function codePointBefore(text: string, offset: number): string {
  const low = text.charCodeAt(offset - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && offset >= 2 ? offset - 2 : offset - 1;
  return offset > 0 ? String.fromCodePoint(text.codePointAt(start) ?? 0) : '';
}

function codePointAfter(text: string, offset: number): string {
  const c = text.codePointAt(offset);
  return c === undefined ? '' : String.fromCodePoint(c);
}

const EMOJI_MODIFIER_BASE = /\p{Emoji_Modifier_Base}/u;

function isLeadingJamo(c: number): boolean {
  return (c >= 0x1100 && c <= 0x115e) || (c >= 0xa960 && c <= 0xa97c);
}

function isVowelJamo(c: number): boolean {
  return (c >= 0x1161 && c <= 0x11a7) || (c >= 0xd7b0 && c <= 0xd7c6);
}

function isFinalJamo(c: number): boolean {
  return (c >= 0x11a8 && c <= 0x11ff) || (c >= 0xd7cb && c <= 0xd7fb);
}

function isSyllable(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

/**
 * Whether the vowel or final jamo at `offset` continues a syllable (UAX #29: a vowel after a
 * leading jamo, a vowel or a syllable without a final; a final after a vowel, a final or any
 * syllable), back to where the syllable starts.
 */
function continuesSyllable(text: string, offset: number): boolean {
  for (let i = offset; i > 0; i--) {
    const c = text.charCodeAt(i);
    const prev = text.charCodeAt(i - 1);
    const startsHere = isVowelJamo(c)
      ? isLeadingJamo(prev) || (isSyllable(prev) && (prev - 0xac00) % 28 === 0)
      : isSyllable(prev);
    if (startsHere) return true;
    const continues = isVowelJamo(c) ? isVowelJamo(prev) : isVowelJamo(prev) || isFinalJamo(prev);
    if (!continues) return false;
  }
  return false;
}

/** Whether a contextual character (ZWJ, ZWNJ, variation selector, modifier, jamo) does its legitimate job here. */
function isLegitimate(code: number, offset: number, text: string): boolean {
  if (isVowelJamo(code) || isFinalJamo(code)) return continuesSyllable(text, offset);
  const before = codePointBefore(text, offset);
  if (code >= 0x1f3fb && code <= 0x1f3ff) return EMOJI_MODIFIER_BASE.test(before);
  if (code === 0x200d) {
    const after = codePointAfter(text, offset + 1);
    return (PICTOGRAPH.test(before) && PICTOGRAPH.test(after)) || JOINING_SCRIPT.test(before);
  }
  if (code === 0x200c) return JOINING_SCRIPT.test(before);
  // A variation selector: only one, right after a visible base.
  if ((code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)) return VISIBLE_BASE.test(before);
  return false;
}

function escapeOne(m: string, offset: number, text: string): string {
  if (m === '\n' || m === '\r\n') return NEWLINE_MARK;
  if (m === '\t') return TAB;
  if (m.length > 2) return m; // a flag tag sequence
  const code = m.codePointAt(0) ?? 0;
  if (isLegitimate(code, offset, text)) return m;
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return `\\u{${code.toString(16)}}`;
}

/** Whether `text` is made only of characters that are never escaped (a quick, partial check). */
export function isCommonSafe(text: string): boolean {
  return COMMON_SAFE.test(text);
}

/**
 * Log text made safe to draw: it can no longer move the cursor, change colours, switch
 * character sets, reorder text, hide characters or break the one-line-per-log layout. Controls
 * show as `\x1b`, bidi controls, invisible characters and lone surrogates as `\u{202e}`, tabs as
 * 4 spaces, newlines as '⏎'. Returns the input itself when nothing needs escaping (the common
 * case, one regex test).
 */
export function sanitizeForDisplay(text: string): string {
  if (isCommonSafe(text) || !UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE_ALL, escapeOne);
}
