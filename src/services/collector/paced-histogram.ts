import { buildHistogram, type TimedLogs, type TimeHistogram } from './time-histogram.js';

/** Most bars a histogram is asked for: wider than any terminal. */
const MAX_HISTOGRAM_BARS = 2000;
/** A histogram is counted again no sooner than this many times as long as the last count took. */
const HISTOGRAM_DUTY = 10;

/**
 * The histogram of the shown logs, for either engine: counted again only when they changed,
 * and while they keep changing (a large buffer, a file being indexed or followed), at most
 * every HISTOGRAM_DUTY times as long as the last count took: the worker spends a tenth of its
 * time on it at most, and the pane shows counts a little older instead.
 */
export class PacedHistogram {
  private last:
    { version: number; bars: number; histogram: TimeHistogram | undefined; at: number; tookMs: number } | undefined;

  constructor(private readonly logs: TimedLogs) {}

  /** Counts in at most `bars` bars; `version` grows whenever the shown logs may have changed. */
  get(bars: number, version: number): TimeHistogram | undefined {
    const n = Math.max(1, Math.min(MAX_HISTOGRAM_BARS, Math.floor(Number.isFinite(bars) ? bars : 1)));
    const last = this.last;
    const started = performance.now();
    if (
      last !== undefined &&
      last.bars === n &&
      (last.version === version || started - last.at < HISTOGRAM_DUTY * last.tookMs)
    )
      return last.histogram;
    const histogram = buildHistogram(this.logs, n);
    const done = performance.now();
    this.last = { version, bars: n, histogram, at: done, tookMs: done - started };
    return histogram;
  }

  /** Other logs are shown (a new filter): counted again at once, however long it took. */
  reset(): void {
    this.last = undefined;
  }
}
