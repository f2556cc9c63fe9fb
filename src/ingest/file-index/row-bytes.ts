import { closeSync, readSync } from 'node:fs';
import type { RowColumns } from './row-columns.js';

/** Where rows' bytes are: the file (by descriptor) they were indexed from, from forward row `firstRow` on. */
interface Segment {
  fd: number;
  firstRow: number;
  /** The file was truncated since: these rows' bytes are no longer there. */
  gone: boolean;
}

/** Bytes of the read window: rows read one after another mostly fall in the last window read. */
const WINDOW_BYTES = 256 * 1024;

/**
 * Reads indexed rows back from disk: the `back` rows from the file as it was at the start, the
 * `forward` rows from the file (or files, after a rotation or truncation) each was appended to.
 */
export class RowBytes {
  private readonly backSegment: Segment;
  private readonly segments: Segment[] = [];
  private readonly windowBuf = Buffer.allocUnsafe(WINDOW_BYTES);
  private window = { fd: -1, start: 0, length: 0 };

  constructor(backFd: number) {
    this.backSegment = { fd: backFd, firstRow: 0, gone: false };
  }

  /** Forward rows from `firstRow` on are read from `fd`. */
  addForward(fd: number, firstRow: number): void {
    this.segments.push({ fd, firstRow, gone: false });
  }

  /** `fd` was truncated in place (copytruncate): the rows read from it so far are gone from it. */
  truncated(fd: number): void {
    for (const s of [this.backSegment, ...this.segments]) if (s.fd === fd) s.gone = true;
    this.window.fd = -1;
  }

  /** The bytes of a row of `cols` (`back` or `forward`), or undefined when the file lost them. */
  read(set: 'back' | 'forward', cols: RowColumns, row: number, maxBytes: number): Buffer | undefined {
    const segment = set === 'back' ? this.backSegment : this.segmentOf(row);
    if (segment === undefined || segment.gone || row >= cols.size) return undefined;
    const start = cols.start(row);
    const length = Math.min(cols.length(row), maxBytes);
    return this.readAt(segment.fd, start, length);
  }

  /** Closes the files. */
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
}
