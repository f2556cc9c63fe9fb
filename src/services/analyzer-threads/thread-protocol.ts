import type { BatchTally, TallySettings } from './batch-tally.js';
import type { BatchBuffers, PayloadBatch } from './payload-batch.js';

/** What a decoding thread is started with. */
export interface DecoderJob {
  settings: TallySettings;
  maxLineBytes: number | undefined;
  /**
   * One counter per thread (Int32Array over this buffer), then one for all threads together: the
   * batches finished. The main thread waits on the last when every thread has its fill of
   * batches, which keeps the socket unread meanwhile, so that a backlog waits in Redis rather
   * than in this process's memory.
   */
  finished: SharedArrayBuffer;
  index: number;
}

/** Main thread → decoding thread. */
export type ToDecoder = { type: 'batch'; batch: PayloadBatch };

/** Decoding thread → main thread: a batch's tally, and its buffers back for reuse. */
export type FromDecoder = { type: 'tally'; tally: BatchTally; buffers: BatchBuffers };
