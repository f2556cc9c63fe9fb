/**
 * What log text may not send to the terminal as is: C0 controls (ESC among them), DEL, C1
 * controls, bidi controls (which can reorder what the user sees, "Trojan Source"), the
 * invisible line/paragraph separators U+2028/U+2029, and lone UTF-16 surrogates. No `u` flag,
 * so surrogates are matched as code units; CRLF comes first to become one newline mark.
 */
const UNSAFE_TEST =
  /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL =
  /\r\n|[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

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

function escapeOne(m: string): string {
  if (m === '\n' || m === '\r\n') return NEWLINE_MARK;
  if (m === '\t') return TAB;
  const code = m.charCodeAt(0);
  if (code <= 0xff) return '\\x' + code.toString(16).padStart(2, '0');
  return `\\u{${code.toString(16)}}`;
}

/**
 * Log text made safe to draw: it can no longer move the cursor, change colours, switch
 * character sets, reorder text or break the one-line-per-log layout. Controls show as `\x1b`,
 * bidi controls and lone surrogates as `\u{202e}`, tabs as 4 spaces, newlines as '⏎'. Returns
 * the input itself when nothing needs escaping (the common case, one regex test).
 */
export function sanitizeForDisplay(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE_ALL, escapeOne);
}
