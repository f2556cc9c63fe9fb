import { closeSync, fstatSync, openSync, read, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describeFsError } from '../input-check.js';
import type { GzipReader } from '../gzip-reader.js';
import { inflateInto, openScratchFile } from './inflate-to-file.js';
import { BackwardScan, ForwardScan } from './line-scan.js';
import { RowColumns, type ColumnChunk } from './row-columns.js';
import { claimPiece, SecondIndexer } from './second-indexer.js';
import { splitPoints } from './split-points.js';

const readAsync = promisify(read);

/** Bytes read at a time while indexing: large enough that a read costs little per line. */
const BLOCK_BYTES = 1 << 20;
/**
 * Two indexing threads are off unless asked for (`parallelFrom`): in `view` of a 1 GiB file they
 * were measured no faster than one, with a higher peak RSS (bench/README.md, view-file).
 */
const PARALLEL_FROM_BYTES = Infinity;
/** The pieces the two threads share out: the one that finishes first waits for at most one. */
const PIECE_BYTES = 8 << 20;

/** Where rows' bytes are: the file (by descriptor) they were indexed from, from forward row `firstRow` on. */
interface Segment {
  fd: number;
  firstRow: number;
  /** The file was truncated since: these rows' bytes are no longer there. */
  gone: boolean;
}

/** How far indexing got: what the status line shows while a file loads. */
export interface IndexProgress {
  /** Bytes inflated so far while a `.gz` file is inflated (before it is indexed). */
  inflating: number | undefined;
  bytesDone: number;
  bytesTotal: number;
  /** The bytes before the tail (all of it, once `done`) are indexed. */
  done: boolean;
}

export interface FileIndexerOptions {
  path: string;
  /** Keep indexing what is appended, like `tail -F` (rotation and truncation too); default true. */
  follow?: boolean;
  pollMs?: number;
  /** A batch of rows before the old end was indexed (`back` grew), or indexing progressed. */
  onBack: () => void;
  /** A row was appended (`forward` grew). */
  onForward: (row: number) => void;
  /** A forward row grew (an indented line joined it). */
  onExtend: (row: number) => void;
  /** Files of this many bytes or more are indexed by two threads (default Infinity: never). */
  parallelFrom?: number;
  /** The size of the pieces two threads share out (default 8 MiB). */
  pieceBytes?: number;
}

/**
 * One file of `view FILE`, indexed for random access. Two sets of rows: `back`, the file as it
 * was at the start, indexed from its end towards its start (row 0 is its last line, so the
 * newest screenful is known after the first block), and `forward`, what is appended later, in
 * order. A `.gz` file is inflated, streaming, into an unlinked temporary file and indexed from
 * there (not followed). Rows are read back from disk when needed.
 */
export class FileIndexer {
  readonly back = new RowColumns();
  readonly forward = new RowColumns();
  private readonly backSegment: Segment;
  private readonly segments: Segment[] = [];
  private readonly progressState: IndexProgress = { inflating: undefined, bytesDone: 0, bytesTotal: 0, done: false };
  private inflater: GzipReader | undefined;
  private growthBuf: Buffer | undefined;
  private stopped = false;
  private wake: AbortController | undefined;
  private readonly windowBuf = Buffer.allocUnsafe(256 * 1024);
  private window = { fd: -1, start: 0, length: 0 };
  private running: Promise<void> = Promise.resolve();
  /** Bytes this thread indexed. */
  private firstDone = 0;
  /** The second indexing thread of a large file. */
  private second: SecondIndexer | undefined;
  private blockBuf: Buffer | undefined;

  private constructor(
    private readonly opts: FileIndexerOptions,
    fd: number,
    private readonly compressed: boolean,
  ) {
    this.backSegment = { fd, firstRow: 0, gone: false };
  }

  /** Starts indexing (the callbacks may be called from now on). */
  start(): this {
    this.running = this.run().catch((err: unknown) => {
      // The gzip reader's errors name the path already.
      if (err instanceof Error && err.message.startsWith(`${this.opts.path}: `)) throw err;
      throw new Error(`${this.opts.path}: ${describeFsError(err)}`, { cause: err });
    });
    return this;
  }

  /** Resolves when indexing ended: stopped, or (not following) the whole file is indexed. */
  get done(): Promise<void> {
    return this.running;
  }

  /** Opens `opts.path` (it must exist and be a regular file, or a gzip file, inflated first); `start()` starts indexing. */
  static open(opts: FileIndexerOptions): Promise<FileIndexer> {
    if (/\.gz$/i.test(opts.path)) {
      // Fails now, before the terminal is taken, if the file cannot be read.
      closeSync(openSync(opts.path, 'r'));
      return Promise.resolve(new FileIndexer(opts, openScratchFile(), true));
    }
    return Promise.resolve(new FileIndexer(opts, openSync(opts.path, 'r'), false));
  }

  get progress(): IndexProgress {
    return this.progressState;
  }

  /** Bytes the index takes. */
  get heldBytes(): number {
    return this.back.heldBytes + this.forward.heldBytes;
  }

  /** The bytes of a row (`back` or `forward`), or undefined when the file lost them (truncated). */
  readRow(set: 'back' | 'forward', row: number, maxBytes: number): Buffer | undefined {
    const cols = set === 'back' ? this.back : this.forward;
    const segment = set === 'back' ? this.backSegment : this.segmentOf(row);
    if (segment === undefined || segment.gone || row >= cols.size) return undefined;
    const start = cols.start(row);
    const length = Math.min(cols.length(row), maxBytes);
    return this.readAt(segment.fd, start, length);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.abort();
    void this.second?.stop();
    this.inflater?.stop();
  }

  /** Closes the files (after `done`). */
  close(): void {
    const fds = new Set([this.backSegment.fd, ...this.segments.map((s) => s.fd)]);
    for (const fd of fds) closeSync(fd);
  }

  private segmentOf(row: number): Segment | undefined {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const s = this.segments[i] as Segment;
      if (s.firstRow <= row) return s;
    }
    return undefined;
  }

  /** Reads through a window, so that rows read one after another (drawing, a filter's scan) cost one read per window. */
  private readAt(fd: number, start: number, length: number): Buffer {
    const w = this.window;
    if (fd === w.fd && start >= w.start && start + length <= w.start + w.length)
      return this.windowBuf.subarray(start - w.start, start - w.start + length);
    if (length > this.windowBuf.length) {
      const out = Buffer.allocUnsafe(length);
      return out.subarray(0, readSync(fd, out, 0, length, start));
    }
    // Rows are mostly read newest to oldest: the window ends at this row.
    const from = Math.max(0, start + length - this.windowBuf.length);
    const n = readSync(fd, this.windowBuf, 0, this.windowBuf.length, from);
    this.window = { fd, start: from, length: n };
    return this.windowBuf.subarray(start - from, Math.min(n, start - from + length));
  }

  private async run(): Promise<void> {
    const fd = this.backSegment.fd;
    if (this.compressed) {
      this.progressState.inflating = 0;
      this.inflater = inflateInto(this.opts.path, fd, (bytes) => {
        this.progressState.inflating = bytes;
        this.opts.onBack();
      });
      await this.inflater.done;
      this.progressState.inflating = undefined;
      if (this.stopped) return;
    }
    const size = fstatSync(fd).size;
    const end = size === 0 ? 0 : await this.lastLineEnd(fd, size);
    this.progressState.bytesTotal = end;
    await this.indexBackward(fd, end);
    this.progressState.done = true;
    this.opts.onBack();
    if (this.compressed || this.opts.follow === false) {
      const scan = this.forwardScan(fd, end);
      await this.readNew(fd, scan);
      scan.end();
      return;
    }
    await this.follow(fd, end);
  }

  /** Where the last whole line ends: an unfinished one is left to the follower, which waits for its end. */
  private async lastLineEnd(fd: number, size: number): Promise<number> {
    const from = Math.max(0, size - BLOCK_BYTES);
    const buf = Buffer.allocUnsafe(size - from);
    const { bytesRead } = await readAsync(fd, buf, 0, buf.length, from);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(10);
    return nl < 0 ? from + bytesRead : from + nl + 1;
  }

  /**
   * Indexes `[0, end)` from its end. A large file is cut into pieces at lines that stand alone;
   * this thread takes them from the end down, a second thread from the start up, until they
   * meet; the second thread's rows are appended after this one's, in the file's order.
   */
  private async indexBackward(fd: number, end: number): Promise<void> {
    const parallel = end >= (this.opts.parallelFrom ?? PARALLEL_FROM_BYTES);
    const bounds = parallel ? splitPoints(fd, end, this.opts.pieceBytes ?? PIECE_BYTES) : [0, end];
    const second =
      bounds.length > 2 ? new SecondIndexer(fd, bounds, BLOCK_BYTES, () => this.showProgress(end)) : undefined;
    this.second = second;
    try {
      let carried = NaN;
      let piece = bounds.length - 2;
      for (; piece >= 0 && !this.stopped; piece--) {
        if (second !== undefined && !claimPiece(second.claims, piece, 'first')) break;
        carried = await this.indexPiece(fd, bounds[piece] as number, bounds[piece + 1] as number, carried, end);
      }
      for (; piece >= 0 && second !== undefined && !this.stopped; piece--) {
        const rows = await second.piece(piece);
        if (rows === undefined) return;
        // Its newest rows without a time of their own take the time of the oldest timed row above.
        let untimed = true;
        for (const chunk of rows.chunks) {
          if (untimed) untimed = fillUntimed(chunk, carried);
          this.back.append(chunk);
        }
        this.opts.onBack();
        if (rows.carriedTime === rows.carriedTime) carried = rows.carriedTime;
      }
    } finally {
      await second?.stop();
    }
  }

  /** Indexes `[floor, top)`; returns the time the rows below take when they have none. */
  private async indexPiece(fd: number, floor: number, top: number, carried: number, end: number): Promise<number> {
    const scan = new BackwardScan(this.back, top, floor, carried);
    const buf = (this.blockBuf ??= Buffer.allocUnsafe(BLOCK_BYTES));
    for (let hi = top; hi > floor && !this.stopped;) {
      const lo = Math.max(floor, hi - BLOCK_BYTES);
      const { bytesRead } = await readAsync(fd, buf, 0, hi - lo, lo);
      if (bytesRead < hi - lo) throw new Error('the file shrank while it was read');
      scan.feed(buf.subarray(0, hi - lo), lo);
      this.firstDone += hi - lo;
      hi = lo;
      this.showProgress(end);
    }
    return scan.carriedTime;
  }

  /** Bytes indexed so far, both threads' (see indexBackward). */
  private showProgress(end: number): void {
    this.progressState.bytesDone = Math.min(end, this.firstDone + (this.second?.bytesDone ?? 0));
    this.opts.onBack();
  }

  private forwardScan(fd: number, pos: number): ForwardScan {
    this.segments.push({ fd, firstRow: this.forward.size, gone: false });
    const older = this.back.size > 0 ? this.back.time(0) : NaN;
    return new ForwardScan(this.forward, pos, this.opts.onForward, this.opts.onExtend, older);
  }

  /** Feeds what the file has beyond the scan's position; returns false when it is shorter (truncated). */
  private async readNew(fd: number, scan: ForwardScan): Promise<boolean> {
    // Allocated once, when the file first grows: polling an idle file costs a stat and nothing more.
    for (;;) {
      if (this.stopped) return true;
      const size = fstatSync(fd).size;
      if (size < scan.position) return false;
      if (size === scan.position) return true;
      const buf = (this.growthBuf ??= Buffer.allocUnsafe(BLOCK_BYTES));
      const { bytesRead } = await readAsync(fd, buf, 0, Math.min(buf.length, size - scan.position), scan.position);
      if (bytesRead === 0) return true;
      scan.feed(buf.subarray(0, bytesRead));
    }
  }

  /** Follows the file by name like `tail -F` (see ingest/file-follower.ts for the cases). */
  private async follow(firstFd: number, end: number): Promise<void> {
    let fd = firstFd;
    let { ino, dev } = fstatSync(fd);
    const scan = this.forwardScan(fd, end);
    while (!this.stopped) {
      if (!(await this.readNew(fd, scan))) {
        // Truncated in place (copytruncate): the rows read from it so far are gone from it.
        for (const s of [this.backSegment, ...this.segments]) if (s.fd === fd) s.gone = true;
        this.window.fd = -1;
        scan.restart(0);
        this.segments.push({ fd, firstRow: this.forward.size, gone: false });
        continue;
      }
      const now = statIfPresent(this.opts.path);
      if (now !== undefined && (now.ino !== ino || now.dev !== dev)) {
        // Rotated: the old file keeps what its writer added before switching; its rows stay readable.
        await this.readNew(fd, scan);
        fd = openSync(this.opts.path, 'r');
        ({ ino, dev } = fstatSync(fd));
        scan.restart(0);
        this.segments.push({ fd, firstRow: this.forward.size, gone: false });
        continue;
      }
      scan.showPartial();
      this.wake = new AbortController();
      await sleep(this.opts.pollMs ?? 200, undefined, { signal: this.wake.signal }).catch(() => undefined);
      this.wake = undefined;
    }
  }
}

/** Gives the chunk's first rows without a time `time`; false once a row with a time was met. */
function fillUntimed(chunk: ColumnChunk, time: number): boolean {
  for (let j = 0; j < chunk.size; j++) {
    if (chunk.times[j] === chunk.times[j]) return false;
    chunk.times[j] = time;
  }
  return true;
}

function statIfPresent(path: string): { ino: number; dev: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
