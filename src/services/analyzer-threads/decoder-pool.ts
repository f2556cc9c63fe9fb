import { Worker } from 'node:worker_threads';
import type { BatchTally, TallySettings } from './batch-tally.js';
import type { BatchBuffers, PayloadBatch } from './payload-batch.js';
import type { DecoderJob, FromDecoder, ToDecoder } from './thread-protocol.js';

/** What `startDecoderPool` runs. */
export interface DecoderPoolOptions {
  threads: number;
  settings: TallySettings;
  maxLineBytes?: number | undefined;
  /** Each batch's tally, in the order they finish (not the order of the batches). */
  onTally: (tally: BatchTally, buffers: BatchBuffers) => void;
  /** A thread failed or exited: one line naming it. Called once; the pool is then of no more use. */
  onFailure: (err: Error) => void;
  /** The thread's script (default: analyzer-worker.js next to this file). */
  workerUrl?: URL;
}

/** Decoding threads. */
export interface DecoderPool {
  /**
   * Hands a batch to the thread with the fewest unfinished ones. While every thread has
   * MAX_IN_FLIGHT, it waits (blocking this thread, so that nothing more is read) until one
   * finishes a batch, at most BLOCK_LIMIT_MS.
   */
  dispatch(batch: PayloadBatch): void;
  /** Ends every thread. */
  stop(): Promise<void>;
}

/** Batches a thread may have waiting or in work: enough that it never waits for the next. */
const MAX_IN_FLIGHT = 3;
/**
 * The longest `dispatch` blocks: a thread that died cannot finish a batch, and its failure is
 * only heard once this thread returns to its event loop.
 */
const BLOCK_LIMIT_MS = 1_000;

/** Starts `threads` decoding threads (analyzer-worker.ts). */
export function startDecoderPool(opts: DecoderPoolOptions): DecoderPool {
  const n = opts.threads;
  const url = opts.workerUrl ?? new URL('./analyzer-worker.js', import.meta.url);
  const shared = new SharedArrayBuffer(4 * (n + 1));
  const finished = new Int32Array(shared);
  const dispatched = new Array<number>(n).fill(0);
  let stopping = false;
  let failed = false;
  const fail = (err: Error): void => {
    if (stopping || failed) return;
    failed = true;
    opts.onFailure(err);
  };
  const workers = Array.from({ length: n }, (_, index) => {
    const job: DecoderJob = { settings: opts.settings, maxLineBytes: opts.maxLineBytes, finished: shared, index };
    const worker = new Worker(url, { workerData: job });
    const name = `decoding thread ${index + 1} of ${n}`;
    worker.on('message', (msg: FromDecoder) => opts.onTally(msg.tally, msg.buffers));
    worker.on('error', (err: unknown) =>
      fail(new Error(`${name} failed: ${oneLine(err instanceof Error ? err.message : String(err))}`)),
    );
    worker.on('exit', (code) => fail(new Error(`${name} exited (code ${code})`)));
    return worker;
  });

  const inFlight = (i: number): number => (dispatched[i] as number) - Atomics.load(finished, i);
  const leastBusy = (): number => {
    let best = 0;
    for (let i = 1; i < n; i++) if (inFlight(i) < inFlight(best)) best = i;
    return best;
  };

  return {
    dispatch(batch) {
      const until = performance.now() + BLOCK_LIMIT_MS;
      let target: number;
      for (;;) {
        // Read before looking, so that a batch finished in between ends the wait at once.
        const seen = Atomics.load(finished, n);
        target = leastBusy();
        const left = until - performance.now();
        if (failed || inFlight(target) < MAX_IN_FLIGHT || left <= 0) break;
        Atomics.wait(finished, n, seen, left);
      }
      dispatched[target] = (dispatched[target] as number) + 1;
      const msg: ToDecoder = { type: 'batch', batch };
      (workers[target] as Worker).postMessage(msg, [
        batch.bytes,
        batch.starts.buffer as ArrayBuffer,
        batch.ends.buffer as ArrayBuffer,
      ]);
    },
    async stop() {
      stopping = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
