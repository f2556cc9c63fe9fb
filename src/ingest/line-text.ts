/*
 * Bytes of one line → text for parsing. Valid UTF-8 is decoded as is; anything else (Latin-1
 * files, binary garbage) is kept, with each byte that is not part of valid UTF-8 written as
 * `\xNN`, so nothing is lost or replaced silently, and the line is flagged for counting.
 */

const strict = new TextDecoder('utf-8', { fatal: true });
// Colour codes from `docker compose logs`, `stern`, and apps that colour even when piped.
const SGR = /\x1b\[[0-9;]*m/g;

/** A line's text and whether it needed escaping (not valid UTF-8, or NUL bytes). */
export interface LineText {
  text: string;
  binary: boolean;
}

/** Decodes one line; never throws. */
export function lineText(bytes: Uint8Array): LineText {
  let text: string;
  let binary = false;
  try {
    text = strict.decode(bytes);
  } catch {
    text = escapeInvalid(bytes);
    binary = true;
  }
  if (text.includes('\x1b')) text = text.replace(SGR, '');
  if (text.includes('\0')) {
    text = text.replaceAll('\0', '\\x00');
    binary = true;
  }
  return { text, binary };
}

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** Length of the valid UTF-8 sequence starting at i, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  if (b < 0x80) return 1;
  const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > bytes.length) return 0;
  for (let k = 1; k < n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  const second = bytes[i + 1] ?? 0;
  // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
  if (
    (b === 0xe0 && second < 0xa0) ||
    (b === 0xed && second > 0x9f) ||
    (b === 0xf0 && second < 0x90) ||
    (b === 0xf4 && second > 0x8f)
  )
    return 0;
  return n;
}

function escapeInvalid(bytes: Uint8Array): string {
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += Buffer.from(bytes.buffer, bytes.byteOffset + runStart, i - runStart).toString('utf8') + hex(bytes[i] ?? 0);
    i++;
    runStart = i;
  }
  return out + Buffer.from(bytes.buffer, bytes.byteOffset + runStart, bytes.length - runStart).toString('utf8');
}
