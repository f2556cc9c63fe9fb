/*
 * Cuts a TCP byte stream into whole MessagePack values, so that each can be decoded on its own
 * and a connection that ends in the middle of one is noticed (a streaming decoder would drop the
 * tail silently). The scan resumes where it stopped, so a large value arriving in many chunks
 * is scanned once, not once per chunk. Memory is bounded by `maxValueBytes`.
 */

/** Error for bytes that cannot be MessagePack (0xc1) or a value over the size limit. */
export class FramingError extends Error {
  override name = 'FramingError';
}

// Fixed extra bytes after the type byte, for the types whose size is known from it alone.
const FIXED: Readonly<Record<number, number>> = {
  0xc0: 0,
  0xc2: 0,
  0xc3: 0,
  0xca: 4,
  0xcb: 8,
  0xcc: 1,
  0xcd: 2,
  0xce: 4,
  0xcf: 8,
  0xd0: 1,
  0xd1: 2,
  0xd2: 4,
  0xd3: 8,
  0xd4: 2,
  0xd5: 3,
  0xd6: 5,
  0xd7: 9,
  0xd8: 17,
};

/** Splits appended bytes into whole MessagePack values. */
export class MsgpackFramer {
  private buf = Buffer.alloc(0);
  private len = 0;
  /** Scan state of the value at the front: next byte to look at, values still to skip. */
  private pos = 0;
  private items = 1;

  constructor(private readonly maxValueBytes: number) {}

  /** Bytes held that do not yet form a whole value. */
  get buffered(): number {
    return this.len;
  }

  /** Appends a chunk and returns every value it completed (each a copy). Throws FramingError. */
  push(chunk: Buffer): Buffer[] {
    if (this.len + chunk.length > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + chunk.length, 4096));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    chunk.copy(this.buf, this.len);
    this.len += chunk.length;
    const out: Buffer[] = [];
    // Values are taken from `start` on and the rest moved to the front once, not once per value.
    let start = 0;
    for (;;) {
      const end = this.scan(start);
      if (end < 0) break;
      out.push(Buffer.from(this.buf.subarray(start, end)));
      start = end;
      this.pos = end;
      this.items = 1;
    }
    if (start > 0) {
      this.buf.copy(this.buf, 0, start, this.len);
      this.len -= start;
      this.pos -= start;
    }
    if (this.len > this.maxValueBytes) throw new FramingError(`message larger than ${this.maxValueBytes} bytes`);
    return out;
  }

  /** End of the value that starts at `start` once complete, else -1 (the scan state is kept for the next call). */
  private scan(start: number): number {
    const b = this.buf;
    const n = this.len;
    let pos = this.pos;
    let items = this.items;
    while (items > 0) {
      if (pos >= n) break;
      const t = b[pos] as number;
      let head = 1; // bytes of this value's header
      let body = 0; // bytes after the header
      let children = 0;
      if (t <= 0x7f || t >= 0xe0) {
        // fixint
      } else if (t <= 0x8f) {
        children = 2 * (t & 0x0f);
      } else if (t <= 0x9f) {
        children = t & 0x0f;
      } else if (t <= 0xbf) {
        body = t & 0x1f;
      } else if (t in FIXED) {
        body = FIXED[t] as number;
      } else {
        const width =
          t === 0xc4 || t === 0xd9 || t === 0xc7
            ? 1
            : t === 0xc5 || t === 0xda || t === 0xc8 || t === 0xdc || t === 0xde
              ? 2
              : t === 0xc1
                ? 0
                : 4;
        if (t === 0xc1) throw new FramingError('byte 0xc1 is never used in MessagePack');
        if (pos + 1 + width > n) break;
        const size =
          width === 1 ? (b[pos + 1] as number) : width === 2 ? b.readUInt16BE(pos + 1) : b.readUInt32BE(pos + 1);
        head = 1 + width;
        if (t === 0xdc || t === 0xdd) children = size;
        else if (t === 0xde || t === 0xdf) children = 2 * size;
        else body = size + (t >= 0xc7 && t <= 0xc9 ? 1 : 0); // ext: one type byte
      }
      // Each item takes at least one byte: a count the limit cannot hold is refused now, not after 64 MiB of waiting.
      if (pos - start + head + body + children > this.maxValueBytes)
        throw new FramingError(`message larger than ${this.maxValueBytes} bytes`);
      if (pos + head + body > n) break;
      pos += head + body;
      items += children - 1;
    }
    this.pos = pos;
    this.items = items;
    return items === 0 ? pos : -1;
  }
}
