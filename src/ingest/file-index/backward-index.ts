import { read } from 'node:fs';
import { promisify } from 'node:util';
import { BackwardScan } from './line-scan.js';
import type { ColumnChunk, RowColumns } from './row-columns.js';
import { claimPiece, SecondIndexer } from './second-indexer.js';
import { splitPoints } from './split-points.js';

const readAsync = promisify(read);

/** Bytes read at a time while indexing: large enough that a read costs little per line. */
export const BLOCK_BYTES = 1 << 20;
/**
 * Two indexing threads are off unless asked for (`parallelFrom`): in `view` of a 1 GiB file they
 * were measured no faster than one, with a higher peak RSS (bench/README.md, view-file).
 */
const PARALLEL_FROM_BYTES = Infinity;
/** The pieces the two threads share out: the one that finishes first waits for at most one. */
const PIECE_BYTES = 8 << 20;

export interface BackwardIndexOptions {
  /** Files of this many bytes or more are indexed by two threads (default Infinity: never). */
  parallelFrom?: number | undefined;
  /** The size of the pieces two threads share out (default 8 MiB). */
  pieceBytes?: number | undefined;
  /** True once the file's indexer was stopped: indexing ends at the next block. */
  stopped: () => boolean;
  /** Bytes indexed so far, both threads'. */
  onProgress: (bytesDone: number) => void;
  /** The second thread's rows of a piece were appended. */
  onRows: () => void;
}

/**
 * Indexes the file as it was at the start, `[0, end)`, from its end into `rows` (row 0 is its
 * last line). A large file is cut into pieces at lines that stand alone; this thread takes them
 * from the end down, a second thread from the start up, until they meet; the second thread's
 * rows are appended after this one's, in the file's order.
 */
export class BackwardIndexer {
  /** Bytes this thread indexed. */
  private firstDone = 0;
  /** The second indexing thread of a large file. */
  private second: SecondIndexer | undefined;
  private blockBuf: Buffer | undefined;

  constructor(
    private readonly rows: RowColumns,
    private readonly fd: number,
    private readonly end: number,
    private readonly opts: BackwardIndexOptions,
  ) {}

  async run(): Promise<void> {
    const { fd, end, opts } = this;
    const parallel = end >= (opts.parallelFrom ?? PARALLEL_FROM_BYTES);
    const bounds = parallel ? splitPoints(fd, end, opts.pieceBytes ?? PIECE_BYTES) : [0, end];
    const second =
      bounds.length > 2 ? new SecondIndexer(fd, bounds, BLOCK_BYTES, () => this.showProgress()) : undefined;
    this.second = second;
    try {
      let carried = NaN;
      let piece = bounds.length - 2;
      for (; piece >= 0 && !opts.stopped(); piece--) {
        if (second !== undefined && !claimPiece(second.claims, piece, 'first')) break;
        carried = await this.indexPiece(bounds[piece] as number, bounds[piece + 1] as number, carried);
      }
      for (; piece >= 0 && second !== undefined && !opts.stopped(); piece--) {
        const rows = await second.piece(piece);
        if (rows === undefined) return;
        // Its newest rows without a time of their own take the time of the oldest timed row above.
        let untimed = true;
        for (const chunk of rows.chunks) {
          if (untimed) untimed = fillUntimed(chunk, carried);
          this.rows.append(chunk);
        }
        opts.onRows();
        if (rows.carriedTime === rows.carriedTime) carried = rows.carriedTime;
      }
    } finally {
      await second?.stop();
    }
  }

  /** Stops the second thread, if any. */
  stop(): void {
    void this.second?.stop();
  }

  /** Indexes `[floor, top)`; returns the time the rows below take when they have none. */
  private async indexPiece(floor: number, top: number, carried: number): Promise<number> {
    const scan = new BackwardScan(this.rows, top, floor, carried);
    const buf = (this.blockBuf ??= Buffer.allocUnsafe(BLOCK_BYTES));
    for (let hi = top; hi > floor && !this.opts.stopped();) {
      const lo = Math.max(floor, hi - BLOCK_BYTES);
      const { bytesRead } = await readAsync(this.fd, buf, 0, hi - lo, lo);
      if (bytesRead < hi - lo) throw new Error('the file shrank while it was read');
      scan.feed(buf.subarray(0, hi - lo), lo);
      this.firstDone += hi - lo;
      hi = lo;
      this.showProgress();
    }
    return scan.carriedTime;
  }

  private showProgress(): void {
    this.opts.onProgress(Math.min(this.end, this.firstDone + (this.second?.bytesDone ?? 0)));
  }
}

/** Where the last whole line ends: an unfinished one is left to the follower, which waits for its end. */
export async function lastLineEnd(fd: number, size: number): Promise<number> {
  const from = Math.max(0, size - BLOCK_BYTES);
  const buf = Buffer.allocUnsafe(size - from);
  const { bytesRead } = await readAsync(fd, buf, 0, buf.length, from);
  const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
  return nl < 0 ? from + bytesRead : from + nl + 1;
}

/** Gives the chunk's first rows without a time `time`; false once a row with a time was met. */
function fillUntimed(chunk: ColumnChunk, time: number): boolean {
  for (let j = 0; j < chunk.size; j++) {
    if (chunk.times[j] === chunk.times[j]) return false;
    chunk.times[j] = time;
  }
  return true;
}
