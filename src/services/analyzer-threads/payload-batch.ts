import type { Payload } from '../../protocol/payload.js';

/**
 * Payloads as they arrived, copied back to back into one transferable buffer, with the time
 * each arrived: what the main thread hands a decoding thread. Arrival times are kept as runs
 * (`runTimes[k]` holds from payload `runStarts[k]` on): the clock reads the same millisecond
 * for a whole socket read.
 */
export interface PayloadBatch {
  /** Position in the order of arrival: results are merged in this order. */
  seq: number;
  count: number;
  bytes: ArrayBuffer;
  /** End offset of each payload in `bytes` (the first `count` entries are used). */
  ends: Int32Array;
  runStarts: number[];
  runTimes: number[];
}

/** Logs per batch: large enough that posting it is a small share of decoding it. */
export const BATCH_LOGS = 8_192;
/** Bytes a pooled batch buffer holds; a larger payload travels alone in a buffer of its own. */
export const BATCH_BYTES = 1 << 22;

/** The buffers of a batch, handed back by the thread that read it so that they can be reused. */
export interface BatchBuffers {
  bytes: ArrayBuffer;
  ends: Int32Array;
}

/**
 * Fills batches on the main thread. Buffers come from a pool refilled with those the threads
 * send back, so a steady stream allocates nothing new (fresh buffers of this size per batch
 * make the garbage collector run for external memory several times a second).
 */
export class BatchWriter {
  #pool: BatchBuffers[] = [];
  #bytes: Buffer | undefined;
  #ends: Int32Array | undefined;
  #count = 0;
  #used = 0;
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

  /** Adds a payload that arrived at `arrivalMs`; false when it does not fit (take the batch, then add it again). */
  add(payload: Payload, arrivalMs: number): boolean {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
    let bytes = this.#bytes;
    if (bytes === undefined) bytes = this.#open(size);
    else if (this.#used + size > bytes.length || this.#count === BATCH_LOGS) return false;
    if (typeof payload === 'string') bytes.write(payload, this.#used);
    else bytes.set(payload, this.#used);
    this.#used += size;
    (this.#ends as Int32Array)[this.#count] = this.#used;
    if (arrivalMs !== this.#lastTime) {
      this.#runStarts.push(this.#count);
      this.#runTimes.push(arrivalMs);
      this.#lastTime = arrivalMs;
    }
    this.#count++;
    return true;
  }

  /** The batch filled so far (undefined when empty); the next payload starts a new one. */
  take(): PayloadBatch | undefined {
    if (this.#bytes === undefined || this.#count === 0) return undefined;
    const batch: PayloadBatch = {
      seq: this.#seq++,
      count: this.#count,
      bytes: this.#bytes.buffer as ArrayBuffer,
      ends: this.#ends as Int32Array,
      runStarts: this.#runStarts,
      runTimes: this.#runTimes,
    };
    this.#bytes = undefined;
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
      ends: new Int32Array(BATCH_LOGS),
    };
    // The whole ArrayBuffer is the batch: it is transferred, so it must not be a slice of a pool.
    this.#bytes = Buffer.from(buffers.bytes);
    this.#ends = buffers.ends;
    return this.#bytes;
  }
}

/** Calls `each` with every payload of a batch (a view into its buffer) and its arrival time, in order. */
export function forEachPayload(batch: PayloadBatch, each: (payload: Buffer, arrivalMs: number) => void): void {
  const bytes = Buffer.from(batch.bytes);
  let start = 0;
  for (let run = 0; run < batch.runStarts.length; run++) {
    const t = batch.runTimes[run] as number;
    const to = batch.runStarts[run + 1] ?? batch.count;
    for (let i = batch.runStarts[run] as number; i < to; i++) {
      const end = batch.ends[i] as number;
      each(bytes.subarray(start, end), t);
      start = end;
    }
  }
}
