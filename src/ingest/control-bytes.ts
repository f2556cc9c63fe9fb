/*
 * Where the next control character lies in ASCII bytes, a word of four bytes at a time: the
 * flat JSON reader takes only lines without one (bench: query-file), and a regex over the
 * decoded text costs twice as much.
 */

/** A byte below a space, other than the line feed that ends lines. */
function isControl(b: number): boolean {
  return b < 32 && b !== 10;
}

/**
 * Index of the first control character other than a line feed at or after `from` in `bytes`,
 * which are all ASCII; `bytes.length` when there is none.
 */
export function nextControlByte(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  for (; i < n && ((bytes.byteOffset + i) & 3) !== 0; i++) if (isControl(bytes[i] as number)) return i;
  if (i === n) return n;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2);
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as number;
    // Some byte of the word is below 0x20 (each byte is below 0x80): which one, the bytes say.
    if (((w - 0x20202020) & ~w & 0x80808080) !== 0) {
      const at = i + 4 * k;
      for (let j = at; j < at + 4; j++) if (isControl(bytes[j] as number)) return j;
    }
  }
  for (i += 4 * words.length; i < n; i++) if (isControl(bytes[i] as number)) return i;
  return n;
}
