/** One RESP2 command (`*n` array of bulk strings) in a single Buffer. */
export function encodeCommand(args: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`, 'latin1')];
  for (const arg of args) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`, 'latin1'), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n', 'latin1');
const SLAB_BYTES = 64 * 1024;
// Channel heads are cached; a program using more distinct channels than this simply rebuilds them.
const MAX_CACHED_CHANNELS = 256;

/**
 * Writes PUBLISH frames back to back into pooled 64 KiB slabs, so a batch of messages becomes
 * one Buffer and one socket write. Each frame costs a header copy (the channel part is cached),
 * the payload copy and a few digits; no per-message Buffer or string is allocated.
 */
export class PublishEncoder {
  #slab: Buffer = Buffer.allocUnsafe(SLAB_BYTES);
  #start = 0; // first byte of the batch being built
  #end = 0; // next free byte
  #heads = new Map<string, Buffer>();

  /** Bytes in the batch being built. */
  get pending(): number {
    return this.#end - this.#start;
  }

  /** Appends `PUBLISH channel payload`. */
  append(channel: string, payload: string | Buffer): void {
    const head = this.#head(channel);
    const length = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
    const frame = head.length + digits(length) + 3 + length + 2;
    this.#reserve(frame);
    const slab = this.#slab;
    let at = this.#end + head.copy(slab, this.#end);
    slab[at++] = 0x24; // $
    at = writeDecimal(slab, at, length);
    slab[at++] = 13;
    slab[at++] = 10;
    at += typeof payload === 'string' ? slab.write(payload, at, 'utf8') : payload.copy(slab, at);
    slab[at++] = 13;
    slab[at++] = 10;
    this.#end = at;
  }

  /** The frames appended since the last seal, as one Buffer (a view into the slab). */
  seal(): Buffer {
    const batch = this.#slab.subarray(this.#start, this.#end);
    this.#start = this.#end;
    return batch;
  }

  /** Makes room for `bytes` more, starting a new slab (and carrying the open batch over) if needed. */
  #reserve(bytes: number): void {
    if (this.#end + bytes <= this.#slab.length) return;
    const open = this.#slab.subarray(this.#start, this.#end);
    // Sealed views keep the old slab alive until written; the open batch moves to the new one,
    // which doubles so that a batch growing past a slab is copied O(log n) times, not per frame.
    const next = Buffer.allocUnsafe(Math.max(SLAB_BYTES, 2 * (open.length + bytes)));
    open.copy(next, 0);
    this.#slab = next;
    this.#start = 0;
    this.#end = open.length;
  }

  #head(channel: string): Buffer {
    let head = this.#heads.get(channel);
    if (head === undefined) {
      if (this.#heads.size >= MAX_CACHED_CHANNELS) this.#heads.clear();
      const name = Buffer.from(channel, 'utf8');
      head = Buffer.concat([Buffer.from(`*3\r\n$7\r\nPUBLISH\r\n$${name.length}\r\n`, 'latin1'), name, CRLF]);
      this.#heads.set(channel, head);
    }
    return head;
  }
}

function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
  return count;
}

/** Writes `n` (a non-negative integer) in decimal at `at`; returns the offset after it. */
function writeDecimal(buf: Buffer, at: number, n: number): number {
  const end = at + digits(n);
  let rest = n;
  for (let i = end - 1; i >= at; i--) {
    buf[i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return end;
}
