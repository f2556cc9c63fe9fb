import { appendFileSync } from 'node:fs';
import { RunQueueWait } from './run-queue-wait.js';

/** p50/p99/max of a sample set (0s when empty). */
export interface Summary {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** Summarises samples; sorts them in place. */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0, count: 0 };
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(samples[samples.length - 1]!), count: samples.length };
}

/** Totals the collector reports with each metrics line. */
export interface MetricsTotals {
  received: number;
  buffered: number;
  missed: number;
  dropped: number;
}

/** Samples rounded to 0.01 ms: enough for any quantile, short enough for one line a second. */
const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * Frame, latency and freshness measurements of the collector, appended once a second as one
 * JSON line to the file named by LOGSTREAM_METRICS_FILE (read by `npm run bench`). Each line
 * has the second's summaries and its raw samples (a few dozen numbers), so that a reader can
 * compute exact quantiles over any span. Costs nothing when the variable is unset.
 */
export class MetricsRecorder {
  private frameMs: number[] = [];
  private frameTotalMs: number[] = [];
  private frameCpuMs: number[] = [];
  private frameWaitMs: number[] = [];
  private ages: number[] = [];
  private keyLatency: number[] = [];
  private pendingKeys: number[] = [];

  /** Run-queue wait of the UI thread (the one constructing the recorder), where Linux tells it. */
  private readonly wait: RunQueueWait | undefined;
  private waitAtStart: number | undefined;

  constructor(private readonly file: string | undefined) {
    this.wait = file === undefined ? undefined : RunQueueWait.open();
  }

  get enabled(): boolean {
    return this.file !== undefined;
  }

  /** A key arrived at `t` (performance.now()). */
  key(t: number): void {
    if (this.enabled) this.pendingKeys.push(t);
  }

  /** A frame starts drawing now (called right before `frame`'s `ms` start being counted). */
  frameStart(): void {
    if (this.wait !== undefined) this.waitAtStart = this.wait.ms();
  }

  /**
   * A frame finished at `end` after `ms` of drawing and diffing, and `handoffMs` of handing its
   * output to the terminal (the write itself is asynchronous); `newestAgeMs` when following.
   * Where the run-queue wait is known, the frame's time waiting for a core and its time on a
   * core (total minus wait) are recorded too.
   */
  frame(ms: number, handoffMs: number, end: number, newestAgeMs: number | undefined): void {
    if (!this.enabled) return;
    this.frameMs.push(ms);
    this.frameTotalMs.push(ms + handoffMs);
    const waitEnd = this.waitAtStart === undefined ? undefined : this.wait?.ms();
    if (waitEnd !== undefined && this.waitAtStart !== undefined) {
      const waited = Math.max(0, waitEnd - this.waitAtStart);
      this.frameWaitMs.push(waited);
      this.frameCpuMs.push(Math.max(0, ms + handoffMs - waited));
    }
    this.waitAtStart = undefined;
    if (newestAgeMs !== undefined) this.ages.push(newestAgeMs);
    for (const t of this.pendingKeys) this.keyLatency.push(end - t);
    this.pendingKeys = [];
  }

  /** Writes one line with everything measured since the last one. */
  flush(totals: MetricsTotals): void {
    if (this.file === undefined) return;
    const samples = {
      frameMs: this.frameMs.map(round2),
      frameTotalMs: this.frameTotalMs.map(round2),
      ...(this.wait !== undefined
        ? { frameCpuMs: this.frameCpuMs.map(round2), frameWaitMs: this.frameWaitMs.map(round2) }
        : {}),
      newestAgeMs: this.ages.map(round2),
      keyToFrameMs: this.keyLatency.map(round2),
    };
    const line = {
      t: Date.now(),
      frames: this.frameMs.length,
      frameMs: summarize(this.frameMs),
      newestAgeMs: summarize(this.ages),
      keyToFrameMs: summarize(this.keyLatency),
      samples,
      ...totals,
      rss: process.memoryUsage.rss(),
    };
    this.frameMs = [];
    this.frameTotalMs = [];
    this.frameCpuMs = [];
    this.frameWaitMs = [];
    this.ages = [];
    this.keyLatency = [];
    try {
      appendFileSync(this.file, `${JSON.stringify(line)}\n`);
    } catch {
      // Metrics must never take the TUI down.
    }
  }
}
