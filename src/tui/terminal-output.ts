import { write as fsWrite } from 'node:fs';

/** How long to wait before retrying a terminal that is not accepting output (EAGAIN). */
const RETRY_MS = 10;

/**
 * Output to a terminal that never blocks the UI thread. A write to a terminal blocks while the
 * terminal reads slower than we write (a slow ssh link, a busy emulator, a pty whose reader is
 * short of CPU): with process.stdout's synchronous writes, the collector's slowest frames were
 * all waiting in write() (the collector scenario of `npm run bench`). Here output goes to the
 * terminal's file descriptor through libuv's thread pool, one write at a time and in order;
 * output written meanwhile is queued behind it. `busy` tells the renderer to skip frames until
 * the terminal has taken the last one, and `onDrain` when to draw the latest state.
 */
export class TerminalOutput {
  private queue: Buffer[] = [];
  private inFlight = false;
  private closed = false;
  private readonly drainListeners = new Set<() => void>();

  constructor(
    private readonly fd: number,
    /** A failed write (EIO: the terminal is gone); nothing more is written after it. */
    private readonly onError: (err: NodeJS.ErrnoException) => void,
  ) {}

  /** True while output is on its way to the terminal. */
  get busy(): boolean {
    return this.inFlight;
  }

  /** Queues text, or bytes it may keep (not copied). */
  write(s: string | Buffer): void {
    if (this.closed || s.length === 0) return;
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    if (this.inFlight) this.queue.push(bytes);
    else this.send(bytes, 0);
  }

  /** Calls `cb` each time everything written so far has reached the terminal; returns a function that stops it. */
  onDrain(cb: () => void): () => void {
    this.drainListeners.add(cb);
    return () => this.drainListeners.delete(cb);
  }

  /**
   * Stops writing and drops what is queued (the terminal is being given back). A write already
   * in the kernel completes first: a terminal takes each write() whole, so what is written
   * after this cannot land in the middle of a frame.
   */
  close(): void {
    this.closed = true;
    this.queue = [];
  }

  private send(bytes: Buffer, offset: number): void {
    this.inFlight = true;
    fsWrite(this.fd, bytes, offset, bytes.length - offset, null, (err, written) => {
      if (this.closed) {
        this.inFlight = false;
        return;
      }
      if (err?.code === 'EAGAIN') {
        setTimeout(() => this.send(bytes, offset), RETRY_MS);
        return;
      }
      if (err) {
        this.inFlight = false;
        this.close();
        this.onError(err);
        return;
      }
      if (offset + written < bytes.length) {
        this.send(bytes, offset + written);
        return;
      }
      if (this.queue.length > 0) {
        const next = this.queue.length === 1 ? (this.queue[0] as Buffer) : Buffer.concat(this.queue);
        this.queue = [];
        this.send(next, 0);
        return;
      }
      this.inFlight = false;
      for (const cb of this.drainListeners) cb();
    });
  }
}
