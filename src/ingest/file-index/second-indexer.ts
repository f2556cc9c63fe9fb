import { Worker } from 'node:worker_threads';
import type { ColumnChunk } from './row-columns.js';

/** What the second indexing thread is given. */
export interface SecondIndexerJob {
  fd: number;
  /** The pieces' bounds (see splitPoints): piece `k` is `[bounds[k], bounds[k + 1])`. */
  bounds: number[];
  /** One Int32 a piece, shared: who indexes it (see claimPiece). */
  claims: SharedArrayBuffer;
  blockBytes: number;
}

export type SecondIndexerMessage =
  | { type: 'rows'; piece: number; chunk: ColumnChunk }
  | { type: 'progress'; bytes: number }
  /** The piece's rows were all sent; its oldest rows' time is what the rows below take (see BackwardScan). */
  | { type: 'piece'; piece: number; carriedTime: number }
  | { type: 'done' };

const CLAIMED_BY = { first: 1, second: 2 } as const;

/**
 * Claims a piece for a thread; false when the other thread has it. The file's indexer claims
 * from the end down and the second thread from the start up, each until a claim fails: each
 * thread's pieces are then one run, and the two runs meet where the threads did.
 */
export function claimPiece(claims: Int32Array, piece: number, by: keyof typeof CLAIMED_BY): boolean {
  return Atomics.compareExchange(claims, piece, 0, CLAIMED_BY[by]) === 0;
}

/** The rows of one of the second thread's pieces. */
export interface PieceRows {
  chunks: ColumnChunk[];
  carriedTime: number;
}

/**
 * The second indexing thread of a large file, as its indexer sees it: the pieces it claimed
 * and the rows it found in them.
 */
export class SecondIndexer {
  /** Bytes indexed so far. */
  bytesDone = 0;
  readonly claims: Int32Array;
  private readonly pending = new Map<number, ColumnChunk[]>();
  private readonly finished = new Map<number, PieceRows>();
  private ended = false;
  private stopped = false;
  private failed: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly worker: Worker;

  /** `progress` is called as the thread indexes. */
  constructor(fd: number, bounds: number[], blockBytes: number, progress: () => void) {
    const claims = new SharedArrayBuffer(4 * (bounds.length - 1));
    this.claims = new Int32Array(claims);
    const job: SecondIndexerJob = { fd, bounds, claims, blockBytes };
    this.worker = new Worker(new URL('./second-indexer-worker.js', import.meta.url), { workerData: job });
    this.worker.on('message', (msg: SecondIndexerMessage) => {
      if (msg.type === 'rows') {
        const list = this.pending.get(msg.piece) ?? [];
        list.push(msg.chunk);
        this.pending.set(msg.piece, list);
      } else if (msg.type === 'piece') {
        this.finished.set(msg.piece, { chunks: this.pending.get(msg.piece) ?? [], carriedTime: msg.carriedTime });
        this.pending.delete(msg.piece);
      } else if (msg.type === 'progress') this.bytesDone += msg.bytes;
      else this.ended = true;
      this.notify();
      progress();
    });
    this.worker.on('error', (err) => {
      this.failed = err;
      this.notify();
    });
    this.worker.on('exit', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** The rows of piece `k` once the thread indexed it all (the thread must have claimed it); undefined once stopped. */
  async piece(k: number): Promise<PieceRows | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      if (this.failed !== undefined) throw this.failed;
      const rows = this.finished.get(k);
      if (rows !== undefined) {
        this.finished.delete(k);
        return rows;
      }
      if (this.ended) throw new Error('the second indexing thread stopped before it was done');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops the thread. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.worker.terminate();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
