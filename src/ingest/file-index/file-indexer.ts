import { closeSync, fstatSync, openSync, read, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describeFsError } from '../input-check.js';
import type { GzipReader } from '../gzip-reader.js';
import { BackwardIndexer, BLOCK_BYTES, lastLineEnd } from './backward-index.js';
import { inflateInto, openScratchFile } from './inflate-to-file.js';
import { ForwardScan } from './line-scan.js';
import { RowBytes } from './row-bytes.js';
import { RowColumns } from './row-columns.js';

const readAsync = promisify(read);

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
  private readonly bytes: RowBytes;
  private readonly progressState: IndexProgress = { inflating: undefined, bytesDone: 0, bytesTotal: 0, done: false };
  private inflater: GzipReader | undefined;
  private growthBuf: Buffer | undefined;
  private stopped = false;
  private wake: AbortController | undefined;
  private running: Promise<void> = Promise.resolve();
  private backward: BackwardIndexer | undefined;

  private constructor(
    private readonly opts: FileIndexerOptions,
    private readonly backFd: number,
    private readonly compressed: boolean,
  ) {
    this.bytes = new RowBytes(backFd);
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
    return this.bytes.read(set, set === 'back' ? this.back : this.forward, row, maxBytes);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.abort();
    this.backward?.stop();
    this.inflater?.stop();
  }

  /** Closes the files (after `done`). */
  close(): void {
    this.bytes.close();
  }

  private async run(): Promise<void> {
    const fd = this.backFd;
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
    const end = size === 0 ? 0 : await lastLineEnd(fd, size);
    this.progressState.bytesTotal = end;
    this.backward = new BackwardIndexer(this.back, fd, end, {
      parallelFrom: this.opts.parallelFrom,
      pieceBytes: this.opts.pieceBytes,
      stopped: () => this.stopped,
      onProgress: (bytesDone) => {
        this.progressState.bytesDone = bytesDone;
        this.opts.onBack();
      },
      onRows: () => this.opts.onBack(),
    });
    await this.backward.run();
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

  private forwardScan(fd: number, pos: number): ForwardScan {
    this.bytes.addForward(fd, this.forward.size);
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
        this.bytes.truncated(fd);
        scan.restart(0);
        this.bytes.addForward(fd, this.forward.size);
        continue;
      }
      const now = statIfPresent(this.opts.path);
      if (now !== undefined && (now.ino !== ino || now.dev !== dev)) {
        // Rotated: the old file keeps what its writer added before switching; its rows stay readable.
        await this.readNew(fd, scan);
        fd = openSync(this.opts.path, 'r');
        ({ ino, dev } = fstatSync(fd));
        scan.restart(0);
        this.bytes.addForward(fd, this.forward.size);
        continue;
      }
      scan.showPartial();
      this.wake = new AbortController();
      await sleep(this.opts.pollMs ?? 200, undefined, { signal: this.wake.signal }).catch(() => undefined);
      this.wake = undefined;
    }
  }
}

function statIfPresent(path: string): { ino: number; dev: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
