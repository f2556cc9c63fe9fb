/**
 * A growable byte buffer for terminal output, written piece by piece without building strings:
 * a frame is thousands of one-character pieces, and joining them as strings (then encoding the
 * result as UTF-8 for the terminal) cost more than the diff itself.
 */
export class ByteOut {
  private buf = Buffer.allocUnsafe(16 * 1024);
  private pos = 0;

  /** Bytes written since the last `reset`. */
  get length(): number {
    return this.pos;
  }

  reset(): void {
    this.pos = 0;
  }

  /** One byte. */
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Text known to be ASCII (escape sequences). */
  ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const { buf } = this;
    let p = this.pos;
    for (let k = 0; k < n; k++) buf[p++] = s.charCodeAt(k);
    this.pos = p;
  }

  /**
   * Any text, as UTF-8 (a lone surrogate as U+FFFD, as Buffer.from does). Encoded here: the
   * graphemes of a frame are one to a few characters, and a call into Buffer.write per
   * grapheme cost more than the loop.
   */
  text(s: string): void {
    const n = s.length;
    this.room(n * 3);
    const { buf } = this;
    let p = this.pos;
    for (let k = 0; k < n; k++) {
      let c = s.charCodeAt(k);
      if (c < 0x80) {
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const lo = k + 1 < n ? s.charCodeAt(k + 1) : 0;
          if (c <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
            k++;
            buf[p++] = 0xf0 | (c >> 18);
            buf[p++] = 0x80 | ((c >> 12) & 0x3f);
            buf[p++] = 0x80 | ((c >> 6) & 0x3f);
            buf[p++] = 0x80 | (c & 0x3f);
            continue;
          }
          c = 0xfffd;
        }
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.pos = p;
  }

  /** A non-negative integer in decimal. */
  int(n: number): void {
    if (n >= 10) this.int(Math.floor(n / 10));
    this.room(1);
    this.buf[this.pos++] = 0x30 + (n % 10);
  }

  /** A copy of what was written, for the caller to keep. */
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}
