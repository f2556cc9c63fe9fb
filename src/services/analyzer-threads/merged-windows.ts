import { DEFAULT_MAX_EMPTY_WINDOWS, startsToClose, type ClosedWindow } from '../../core/window-aggregator.js';
import { WindowAccumulator, type AccumulatorLimits } from '../../core/window-accumulator.js';

/** Window shape and start of a `MergedWindows`. */
export interface MergedWindowsOptions extends AccumulatorLimits {
  windowMs: number;
  latenessMs: number;
  /** Emit (empty) windows from here on even before the first log. */
  startMs: number;
}

/**
 * The analyzer's windows when other threads count the logs: their partial windows are merged
 * in here, in arrival order, and the gaps the main thread finds are added. Windows close on
 * the schedule of `WindowAggregator`, the same ones in the same order (empty ones filling the
 * series, at most DEFAULT_MAX_EMPTY_WINDOWS per close, the newest), so that a caller may use
 * either and publish the same series.
 */
export class MergedWindows {
  readonly windowMs: number;
  readonly latenessMs: number;
  private readonly limits: AccumulatorLimits;
  private readonly open = new Map<number, WindowAccumulator>();
  private emitFrom: number;
  private closedBefore = Number.NEGATIVE_INFINITY;

  constructor(opts: MergedWindowsOptions) {
    this.windowMs = opts.windowMs;
    this.latenessMs = opts.latenessMs;
    this.limits = { maxPatterns: opts.maxPatterns, maxServices: opts.maxServices };
    this.emitFrom = this.windowStart(opts.startMs);
  }

  /**
   * Adds a thread's share of the window starting at `startMs` (placed there by the aggregator's
   * rules). A window already closed can only be named after the clock went back: its share goes
   * to the oldest open one, so that no window is published twice.
   */
  merge(startMs: number, part: WindowAccumulator): void {
    this.window(Math.max(startMs, this.closedBefore)).merge(part);
  }

  /** Counts `n` lost logs in the window of `nowMs`, as `WindowAggregator.addMissed` does. */
  addMissed(n: number, nowMs: number): void {
    if (n <= 0) return;
    const start = Math.max(this.windowStart(nowMs), this.oldestAccepting(nowMs), this.closedBefore);
    this.window(start).addMissed(n);
  }

  /** Closes every window whose end + lateness is <= nowMs, as `WindowAggregator.closeDue`. */
  closeDue(nowMs: number): ClosedWindow[] {
    const w = this.windowMs;
    const first = this.emitFrom;
    const lastDue = this.oldestAccepting(nowMs) - w;
    if (lastDue < first) return [];
    const starts = startsToClose([...this.open.keys()], first, lastDue, w, DEFAULT_MAX_EMPTY_WINDOWS);
    this.emitFrom = this.closedBefore = lastDue + w;
    return starts.map((startMs) => {
      const acc = this.open.get(startMs) ?? new WindowAccumulator(this.limits);
      this.open.delete(startMs);
      return { startMs, endMs: startMs + w, acc };
    });
  }

  /** Epoch ms at which the next window is due to close. */
  nextCloseAt(): number {
    return this.emitFrom + this.windowMs + this.latenessMs;
  }

  private window(start: number): WindowAccumulator {
    let acc = this.open.get(start);
    if (acc === undefined) {
      acc = new WindowAccumulator(this.limits);
      this.open.set(start, acc);
      if (start < this.emitFrom) this.emitFrom = start;
    }
    return acc;
  }

  private windowStart(ms: number): number {
    return Math.floor(ms / this.windowMs) * this.windowMs;
  }

  private oldestAccepting(nowMs: number): number {
    return this.windowStart(nowMs - this.latenessMs);
  }
}
