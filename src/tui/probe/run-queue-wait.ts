import { closeSync, openSync, readSync } from 'node:fs';

/**
 * How long the calling thread has waited, in total, for a CPU while it was ready to run: the
 * second field (`run_delay`, ns) of Linux's `/proc/thread-self/schedstat`. The kernel adds to it
 * each time the thread gets a core back, so two readings around a piece of synchronous work
 * tell how much of its wall time was spent descheduled; the rest is the work's own CPU time.
 * (The first field, CPU time, only advances at scheduler ticks: too coarse for a frame.)
 * Used by the collector's metrics only; the file is opened once and read with pread, cheaply
 * (bench/README.md, How it measures).
 */
export class RunQueueWait {
  private readonly buf = Buffer.alloc(96);

  private constructor(private fd: number | undefined) {}

  /** A reader for the calling thread, or undefined where the file does not exist (not Linux). */
  static open(): RunQueueWait | undefined {
    try {
      const probe = new RunQueueWait(openSync('/proc/thread-self/schedstat', 'r'));
      return probe.ms() === undefined ? (probe.close(), undefined) : probe;
    } catch {
      return undefined;
    }
  }

  /** Total run-queue wait of the thread that opened it, in ms; undefined once unreadable. */
  ms(): number | undefined {
    if (this.fd === undefined) return undefined;
    try {
      const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
      const text = this.buf.toString('latin1', 0, n);
      const from = text.indexOf(' ') + 1;
      const to = text.indexOf(' ', from);
      const ns = Number(text.slice(from, to));
      return from > 0 && to > from && Number.isFinite(ns) ? ns / 1e6 : undefined;
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already gone; nothing to release.
    }
    this.fd = undefined;
  }
}
