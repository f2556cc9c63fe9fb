import type { WindowStats } from '../protocol/stats.js';
import type { AccumulatorLimits, StatsOptions } from './window-accumulator.js';
import { WindowAccumulator } from './window-accumulator.js';
import { DEFAULT_TOP_ERRORS, DEFAULT_TOP_SERVICES, DEFAULT_WINDOW_MS } from './window-aggregator.js';

export interface WindowRollupOptions extends AccumulatorLimits {
  /** Length of the windows fed in (default 1,000 ms); must divide the rollup's length. */
  sourceMs?: number;
  topServices?: number;
  topErrors?: number;
  templatesOf?: StatsOptions['templatesOf'];
}

/**
 * Builds longer windows (10 s, 1 min), aligned to multiples of `windowMs` in epoch time, by
 * merging closed short ones in order. A window is emitted as soon as its last short window
 * arrives, or when a later one shows it is over (a gap left by an idle spell).
 */
export class WindowRollup {
  readonly windowMs: number;
  private current: WindowAccumulator | undefined;
  private currentStart = 0;
  private readonly sourceMs: number;
  private readonly stats: StatsOptions;
  private readonly limits: AccumulatorLimits;

  constructor(windowMs: number, opts: WindowRollupOptions = {}) {
    this.windowMs = windowMs;
    this.sourceMs = opts.sourceMs ?? DEFAULT_WINDOW_MS;
    if (!(this.sourceMs > 0) || !Number.isInteger(windowMs / this.sourceMs)) {
      throw new RangeError(`windowMs (${windowMs}) must be a multiple of sourceMs (${this.sourceMs})`);
    }
    this.stats = {
      topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
      topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
      templatesOf: opts.templatesOf,
    };
    this.limits = { maxPatterns: opts.maxPatterns, maxServices: opts.maxServices };
  }

  /** Merges the short window starting at `startMs`; returns the long windows it completed. */
  add(startMs: number, acc: WindowAccumulator): WindowStats[] {
    const out: WindowStats[] = [];
    const start = Math.floor(startMs / this.windowMs) * this.windowMs;
    // An older short window than the current long one can only come from a caller bug; it is
    // counted in the current window rather than lost.
    if (this.current !== undefined && start > this.currentStart) out.push(this.flush());
    if (this.current === undefined) {
      this.current = new WindowAccumulator(this.limits);
      this.currentStart = start;
    }
    this.current.merge(acc);
    if (startMs + this.sourceMs >= this.currentStart + this.windowMs) out.push(this.flush());
    return out;
  }

  private flush(): WindowStats {
    const acc = this.current;
    this.current = undefined;
    const end = this.currentStart + this.windowMs;
    return (acc ?? new WindowAccumulator()).toStats(this.currentStart, end, this.stats);
  }
}
