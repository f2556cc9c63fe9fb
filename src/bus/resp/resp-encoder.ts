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
// A slab is sealed as one batch when full: 256 KiB is ~670 frames of ~390 bytes; smaller slabs
// meant more socket writes and more of the sender's CPU spent in them. Slabs are reused once
// the socket has written them: fresh ones kept the GC busy with external memory and multiplied
// the sender's RSS (the sender scenario of `npm run bench`; figures in bench/README.md).
const SLAB_BYTES = 256 * 1024;
// Free slabs kept: 4 MiB, about what the default high-water mark (10,000 messages) keeps in flight.
const MAX_FREE_SLABS = 16;
// Channel heads are cached; a program using more distinct channels than this simply rebuilds them.
const MAX_CACHED_CHANNELS = 256;

/** Memory that sealed batches are views of; reusable once none of them is still being written. */
class Slab {
  readonly bytes: Buffer;
  /** Sealed batches from this slab not yet released. */
  holds = 0;
  /** No longer written into: it goes back to the pool when the last hold is released. */
  retired = false;

  constructor(size: number) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }
}

/** Frames ready to be written as one socket write. */
export interface SealedBatch {
  /** The frames, back to back: a view into a slab, valid until `release`. */
  readonly bytes: Buffer;
  /** How many frames. */
  readonly count: number;
  /** @internal the slab `bytes` is a view of. */
  readonly slab: Slab;
}

/**
 * Writes PUBLISH frames back to back into pooled 256 KiB slabs, so that many messages become one
 * Buffer and one socket write. Each frame costs a header copy (the channel part is cached), the
 * payload copy and a few digits; no per-message Buffer or string is allocated, and frames are
 * never moved: when a frame does not fit, the open batch is sealed and a fresh slab started.
 * Sealed batches go to `onSealed` in order; once the socket has written one, `release` it so
 * that its slab can be reused. A batch never released is simply left to the garbage collector.
 */
export class PublishEncoder {
  #onSealed: (batch: SealedBatch) => void;
  #slab: Slab;
  #start = 0; // first byte of the batch being built
  #end = 0; // next free byte
  #open = 0; // frames in the batch being built
  #free: Slab[] = [];
  #heads = new Map<string, Buffer>();
  #frameHead: ((channel: string) => Buffer) | undefined;

  /**
   * `frameHead`, when given, replaces `PUBLISH channel`: it returns every byte of a frame before
   * the payload's bulk string (the array header counting the payload included), e.g. an XADD.
   * It is called once per message, so it should cache.
   */
  constructor(onSealed: (batch: SealedBatch) => void, frameHead?: (channel: string) => Buffer) {
    this.#onSealed = onSealed;
    this.#slab = new Slab(SLAB_BYTES);
    this.#frameHead = frameHead;
  }

  /** Frames in the batch being built. */
  get open(): number {
    return this.#open;
  }

  /** Bytes in the batch being built. */
  get pending(): number {
    return this.#end - this.#start;
  }

  /** Appends `PUBLISH channel payload`; seals the open batch first if the frame does not fit. */
  append(channel: string, payload: string | Buffer): void {
    const head = this.#frameHead === undefined ? this.#head(channel) : this.#frameHead(channel);
    const length = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
    const frame = head.length + digits(length) + 3 + length + 2;
    if (this.#end + frame > this.#slab.bytes.length) this.#next(frame);
    const slab = this.#slab.bytes;
    let at = this.#end + head.copy(slab, this.#end);
    slab[at++] = 0x24; // $
    at = writeDecimal(slab, at, length);
    slab[at++] = 13;
    slab[at++] = 10;
    at += typeof payload === 'string' ? slab.write(payload, at, 'utf8') : payload.copy(slab, at);
    slab[at++] = 13;
    slab[at++] = 10;
    this.#end = at;
    this.#open++;
  }

  /** Hands the frames appended since the last seal to `onSealed`, as one batch (none if empty). */
  seal(): void {
    if (this.#open === 0) return;
    const slab = this.#slab;
    const batch: SealedBatch = { bytes: slab.bytes.subarray(this.#start, this.#end), count: this.#open, slab };
    slab.holds++;
    this.#start = this.#end;
    this.#open = 0;
    this.#onSealed(batch);
  }

  /** `batch` has been written (or will never be): its bytes may be overwritten from now on. */
  release(batch: SealedBatch): void {
    const slab = batch.slab;
    if (slab.holds === 0) return; // never below zero, whatever a caller does
    if (--slab.holds > 0) return;
    if (slab.retired) this.#recycle(slab);
    // The slab in use, with everything sealed from it written: start again from its first byte.
    else if (slab === this.#slab && this.#open === 0) this.#start = this.#end = 0;
  }

  /** Seals the open batch and continues in a slab with room for `bytes`. */
  #next(bytes: number): void {
    this.seal();
    const old = this.#slab;
    // A frame bigger than a slab gets memory of its own, which is not pooled.
    const slab = bytes > SLAB_BYTES ? new Slab(bytes) : (this.#free.pop() ?? new Slab(SLAB_BYTES));
    slab.retired = false;
    this.#slab = slab;
    this.#start = this.#end = 0;
    old.retired = true;
    if (old.holds === 0) this.#recycle(old);
  }

  #recycle(slab: Slab): void {
    if (slab.bytes.length === SLAB_BYTES && this.#free.length < MAX_FREE_SLABS) this.#free.push(slab);
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
