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
 *   the flag of England); anywhere else they are invisible ASCII ("ASCII smuggling").
 * Not escaped: private-use characters (drawn as a glyph or a box, icon fonts use them), CJK,
 * emoji, combining marks, spaces of other widths (visible as space).
 * No `u` flag on the scanning regexes, so surrogates are matched as code units; CRLF comes
 * first to become one newline mark, then the flag tag sequence so it is kept whole.
 */
const ALWAYS = '\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u061c\\u115f\\u1160\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2028\\u2029\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb';
const CONTEXTUAL = '\\u200c\\u200d\\ufe00-\\ufe0f';
const ASTRAL = '\\udb40[\\udc00-\\udc7f\\udd00-\\uddef]|\\ud82f[\\udca0-\\udca3]|\\ud834[\\udd73-\\udd7a]';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const FLAG_TAGS = '\\ud83c\\udff4(?:\\udb40[\\udc20-\\udc7e])+\\udb40\\udc7f';

// eslint-disable-next-line no-misleading-character-class -- ZWJ and variation selectors are matched on their own on purpose
const UNSAFE_TEST = new RegExp(`[${ALWAYS}${CONTEXTUAL}]|${ASTRAL}|${LONE_SURROGATE}`);
// eslint-disable-next-line no-misleading-character-class -- ZWJ and variation selectors are matched on their own on purpose
const UNSAFE_ALL = new RegExp(`\\r\\n|${FLAG_TAGS}|[${ALWAYS}${CONTEXTUAL}]|${ASTRAL}|${LONE_SURROGATE}`, 'g');

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

/** Whether a contextual character (ZWJ, ZWNJ, variation selector) does its legitimate job here. */
function isLegitimate(m: string, offset: number, text: string): boolean {
  const before = codePointBefore(text, offset);
  if (m === '\u200d') {
    const after = codePointAfter(text, offset + 1);
    return (PICTOGRAPH.test(before) && PICTOGRAPH.test(after)) || JOINING_SCRIPT.test(before);
  }
  if (m === '\u200c') return JOINING_SCRIPT.test(before);
  // A variation selector: only one, right after a visible base.
  return VISIBLE_BASE.test(before);
}

function escapeOne(m: string, offset: number, text: string): string {
  if (m === '\n' || m === '\r\n') return NEWLINE_MARK;
  if (m === '\t') return TAB;
  if (m.length > 2) return m; // a flag tag sequence
  const code = m.codePointAt(0) ?? 0;
  if ((code === 0x200c || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)) && isLegitimate(m, offset, text)) return m;
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return `\\u{${code.toString(16)}}`;
}

/**
 * Log text made safe to draw: it can no longer move the cursor, change colours, switch
 * character sets, reorder text, hide characters or break the one-line-per-log layout. Controls
 * show as `\x1b`, bidi controls, invisible characters and lone surrogates as `\u{202e}`, tabs as
 * 4 spaces, newlines as '⏎'. Returns the input itself when nothing needs escaping (the common
 * case, one regex test).
 */
export function sanitizeForDisplay(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE_ALL, escapeOne);
}
