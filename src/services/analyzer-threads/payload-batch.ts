/**
 * Payloads as they arrived, copied into one transferable buffer, with the time each arrived:
 * what the main thread hands a decoding thread. Payload `i` is bytes [starts[i], ends[i]) of
 * `bytes`; between payloads there may be bytes that belong to none (a socket chunk's RESP
 * headers, copied along with the payloads in one piece). Arrival times are kept as runs
 * (`runTimes[k]` holds from payload `runStarts[k]` on): the clock reads the same millisecond
 * for a whole socket read.
 */
export interface PayloadBatch {
  /** Position in the order of arrival: results are merged in this order. */
  seq: number;
  count: number;
  bytes: ArrayBuffer;
  /** Start and end offset of each payload in `bytes` (the first `count` entries are used). */
  starts: Int32Array;
  ends: Int32Array;
  runStarts: number[];
  runTimes: number[];
}

/** Logs per batch: large enough that posting it is a small share of decoding it. */
export const BATCH_LOGS = 8_192;
/** Bytes a pooled batch buffer holds; a larger payload travels alone in a buffer of its own. */
export const BATCH_BYTES = 1 << 22;
/** Bytes between two payloads of one source beyond which they are copied in two pieces, not one. */
const MAX_GAP = 4_096;

/** The buffers of a batch, handed back by the thread that read it so that they can be reused. */
export interface BatchBuffers {
  bytes: ArrayBuffer;
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * Fills batches on the main thread. Payloads are given as ranges of the buffer they arrived in
 * (a socket chunk): the writer notes where each will lie and copies a run of payloads that
 * follow one another in the same buffer in one piece, when the run ends or the buffer is
 * released, so that a payload costs two numbers, not a copy call of its own. Buffers come from
 * a pool refilled with those the threads send back, so a steady stream allocates nothing new
 * (fresh buffers of this size per batch make the garbage collector run for external memory
 * several times a second).
 */
export class BatchWriter {
  #pool: BatchBuffers[] = [];
  #bytes: Buffer | undefined;
  #starts: Int32Array | undefined;
  #ends: Int32Array | undefined;
  #count = 0;
  // Bytes of #bytes filled, not counting the span owed.
  #used = 0;
  // The span owed: bytes [#spanFrom, #spanEnd) of #src, which go to #bytes at #spanAt.
  #src: Buffer | undefined;
  #spanFrom = 0;
  #spanEnd = 0;
  #spanAt = 0;
  #runStarts: number[] = [];
  #runTimes: number[] = [];
  #lastTime = Number.NaN;
  #seq = 0;

  /** Payloads in the batch being filled. */
  get count(): number {
    return this.#count;
  }

  /** Sequence number the next batch taken will carry. */
  get nextSeq(): number {
    return this.#seq;
  }

  /**
   * Adds the payload in bytes [start, end) of `src`, which arrived at `arrivalMs`; false when it
   * does not fit (take the batch, then add it again). `src` must stay unchanged until `release`
   * or `take`.
   */
  add(src: Buffer, start: number, end: number, arrivalMs: number): boolean {
    const size = end - start;
    let bytes = this.#bytes;
    if (bytes === undefined) bytes = this.#open(size);
    else if (this.#count === BATCH_LOGS) return false;
    if (
      src !== this.#src ||
      start < this.#spanEnd ||
      start - this.#spanEnd > MAX_GAP ||
      this.#spanAt + (end - this.#spanFrom) > bytes.length
    ) {
      this.release();
      if (this.#used + size > bytes.length) return false;
      this.#src = src;
      this.#spanFrom = start;
      this.#spanAt = this.#used;
    }
    const at = this.#spanAt + (start - this.#spanFrom);
    (this.#starts as Int32Array)[this.#count] = at;
    (this.#ends as Int32Array)[this.#count] = at + size;
    this.#spanEnd = end;
    if (arrivalMs !== this.#lastTime) {
      this.#runStarts.push(this.#count);
      this.#runTimes.push(arrivalMs);
      this.#lastTime = arrivalMs;
    }
    this.#count++;
    return true;
  }

  /** Copies what is owed from the current source, which may then change. */
  release(): void {
    const src = this.#src;
    if (src === undefined) return;
    src.copy(this.#bytes as Buffer, this.#spanAt, this.#spanFrom, this.#spanEnd);
    this.#used = this.#spanAt + (this.#spanEnd - this.#spanFrom);
    this.#src = undefined;
    this.#spanFrom = 0;
    this.#spanEnd = 0;
  }

  /** The batch filled so far (undefined when empty); the next payload starts a new one. */
  take(): PayloadBatch | undefined {
    if (this.#bytes === undefined || this.#count === 0) return undefined;
    this.release();
    const batch: PayloadBatch = {
      seq: this.#seq++,
      count: this.#count,
      bytes: this.#bytes.buffer as ArrayBuffer,
      starts: this.#starts as Int32Array,
      ends: this.#ends as Int32Array,
      runStarts: this.#runStarts,
      runTimes: this.#runTimes,
    };
    this.#bytes = undefined;
    this.#starts = undefined;
    this.#ends = undefined;
    this.#count = 0;
    this.#used = 0;
    this.#runStarts = [];
    this.#runTimes = [];
    this.#lastTime = Number.NaN;
    return batch;
  }

  /** Takes back the buffers of a batch that was read. */
  recycle(buffers: BatchBuffers): void {
    if (buffers.bytes.byteLength === BATCH_BYTES) this.#pool.push(buffers);
  }

  #open(size: number): Buffer {
    const pooled = size <= BATCH_BYTES ? this.#pool.pop() : undefined;
    const buffers = pooled ?? {
      bytes: new ArrayBuffer(Math.max(size, BATCH_BYTES)),
      starts: new Int32Array(BATCH_LOGS),
      ends: new Int32Array(BATCH_LOGS),
    };
    // The whole ArrayBuffer is the batch: it is transferred, so it must not be a slice of a pool.
    this.#bytes = Buffer.from(buffers.bytes);
    this.#starts = buffers.starts;
    this.#ends = buffers.ends;
    return this.#bytes;
  }
}

/** Calls `each` with every payload of a batch (a view into its buffer) and its arrival time, in order. */
export function forEachPayload(batch: PayloadBatch, each: (payload: Buffer, arrivalMs: number) => void): void {
  const bytes = Buffer.from(batch.bytes);
  for (let run = 0; run < batch.runStarts.length; run++) {
    const t = batch.runTimes[run] as number;
    const to = batch.runStarts[run + 1] ?? batch.count;
    for (let i = batch.runStarts[run] as number; i < to; i++) {
      each(bytes.subarray(batch.starts[i], batch.ends[i]), t);
    }
  }
}
