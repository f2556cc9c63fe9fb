import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import type { AccumulatorLimits, StatsOptions } from './window-accumulator.js';
import { WindowAccumulator } from './window-accumulator.js';

export const DEFAULT_WINDOW_MS = 1_000;
export const DEFAULT_LATENESS_MS = 500;
export const DEFAULT_MAX_FUTURE_MS = 5_000;
export const DEFAULT_MAX_EMPTY_WINDOWS = 120;
export const DEFAULT_TOP_SERVICES = 10;
export const DEFAULT_TOP_ERRORS = 5;

export interface WindowAggregatorOptions extends AccumulatorLimits {
  /** Window length (default 1,000 ms). */
  windowMs?: number;
  /** How long after its end a window still accepts logs (default 500 ms). */
  latenessMs?: number;
  /** Event times further ahead of the clock than this are counted at arrival (default 5,000 ms). */
  maxFutureMs?: number;
  /** Most empty windows one `advance` emits after an idle spell (default 120). */
  maxEmptyWindows?: number;
  /** Emit (empty) windows from here on even before the first log arrives. */
  startMs?: number;
  topServices?: number;
  topErrors?: number;
}

/** A window that was closed, with its accumulator (to feed a `WindowRollup`). */
export interface ClosedWindow {
  startMs: number;
  endMs: number;
  acc: WindowAccumulator;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  return value;
}

/**
 * Event-time tumbling windows with allowed lateness. Pure: the clock is passed in and nothing
 * is scheduled; the caller sets one timer for `nextCloseAt()` and then calls `advance` (or
 * `closeDue`, to also feed rollups). Called that way, at most (latenessMs + maxFutureMs) /
 * windowMs + 2 windows are open at once.
 */
export class WindowAggregator {
  readonly windowMs: number;
  readonly latenessMs: number;
  readonly maxFutureMs: number;
  private readonly maxEmptyWindows: number;
  private readonly stats: StatsOptions;
  private readonly limits: AccumulatorLimits;
  private readonly open = new Map<number, WindowAccumulator>();
  // Consecutive logs nearly always share a window: skip the Map (its keys are heap numbers).
  private lastStart = Number.NaN;
  private lastAcc: WindowAccumulator | undefined;
  // Start of the next window to emit; undefined until the first log (or `startMs`).
  private emitFrom: number | undefined;
  // Windows before this were emitted and accept nothing more.
  private closedBefore = Number.NEGATIVE_INFINITY;

  constructor(opts: WindowAggregatorOptions = {}) {
    this.windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS;
    if (!Number.isInteger(this.windowMs) || this.windowMs <= 0) {
      throw new RangeError(`windowMs must be a positive integer, got ${this.windowMs}`);
    }
    this.latenessMs = nonNegative('latenessMs', opts.latenessMs ?? DEFAULT_LATENESS_MS);
    this.maxFutureMs = nonNegative('maxFutureMs', opts.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS);
    this.maxEmptyWindows = nonNegative('maxEmptyWindows', opts.maxEmptyWindows ?? DEFAULT_MAX_EMPTY_WINDOWS);
    this.stats = {
      topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
      topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
    };
    this.limits = { maxPatterns: opts.maxPatterns, maxServices: opts.maxServices, patternOf: opts.patternOf };
    if (opts.startMs !== undefined) this.emitFrom = this.windowStart(opts.startMs);
  }

  /** Windows holding at least one log and not yet closed. */
  get openWindows(): number {
    return this.open.size;
  }

  /** Counts a log in the window of its event time, or of `nowMs` (as late) if that one is gone. */
  add(log: LogRecord, nowMs: number): void {
    const oldest = Math.max(this.oldestAccepting(nowMs), this.closedBefore);
    const t = log.time;
    let start = this.windowStart(t);
    // `!(start >= oldest)` also catches a NaN time.
    const late = !(start >= oldest) || t > nowMs + this.maxFutureMs;
    if (late) start = Math.max(this.windowStart(nowMs), oldest);
    let acc = start === this.lastStart ? this.lastAcc : this.open.get(start);
    if (acc === undefined) {
      acc = new WindowAccumulator(this.limits);
      this.open.set(start, acc);
      if (this.emitFrom === undefined || start < this.emitFrom) this.emitFrom = start;
    }
    this.lastStart = start;
    this.lastAcc = acc;
    acc.add(log, late);
  }

  /**
   * Counts `n` lost logs in the window of `nowMs`: a gap belongs to the moment it was found,
   * since the lost logs' own times are unknown. That window is never closed yet at `nowMs`.
   */
  addMissed(n: number, nowMs: number): void {
    if (n <= 0) return;
    const start = Math.max(this.windowStart(nowMs), this.oldestAccepting(nowMs), this.closedBefore);
    let acc = this.open.get(start);
    if (acc === undefined) {
      acc = new WindowAccumulator(this.limits);
      this.open.set(start, acc);
      if (this.emitFrom === undefined || start < this.emitFrom) this.emitFrom = start;
    }
    acc.addMissed(n);
  }

  /** Closes every window whose end + lateness is <= nowMs and returns their stats, oldest first. */
  advance(nowMs: number): WindowStats[] {
    return this.closeDue(nowMs).map((w) => w.acc.toStats(w.startMs, w.endMs, this.stats));
  }

  /**
   * Like `advance`, but returns the accumulators. Windows with logs are always returned; empty
   * ones fill the gaps so that the per-second series is continuous, at most `maxEmptyWindows`
   * of them per call, the newest ones: after an idle spell the series resumes up to now.
   */
  closeDue(nowMs: number): ClosedWindow[] {
    const first = this.emitFrom;
    const w = this.windowMs;
    const lastDue = this.oldestAccepting(nowMs) - w;
    if (first === undefined || lastDue < first) return [];
    const starts = startsToClose([...this.open.keys()], first, lastDue, w, this.maxEmptyWindows);
    this.emitFrom = this.closedBefore = lastDue + w;
    this.lastStart = Number.NaN;
    this.lastAcc = undefined;
    return starts.map((startMs) => {
      const acc = this.open.get(startMs) ?? new WindowAccumulator(this.limits);
      this.open.delete(startMs);
      return { startMs, endMs: startMs + w, acc };
    });
  }

  /** Epoch ms at which the next window is due to close; Infinity before anything opened. */
  nextCloseAt(): number {
    return this.emitFrom === undefined ? Number.POSITIVE_INFINITY : this.emitFrom + this.windowMs + this.latenessMs;
  }

  private windowStart(ms: number): number {
    return Math.floor(ms / this.windowMs) * this.windowMs;
  }

  /** Start of the oldest window whose end + lateness is still after nowMs. */
  private oldestAccepting(nowMs: number): number {
    return this.windowStart(nowMs - this.latenessMs);
  }
}

/**
 * The starts of the windows a close due up to `lastDue` returns, oldest first: every window with
 * data (`open`) up to `lastDue`, and the empty ones from `first` on between them, at most `budget`
 * empty ones, the newest.
 */
export function startsToClose(open: number[], first: number, lastDue: number, w: number, budget: number): number[] {
  const withData = open.filter((s) => s <= lastDue).sort((a, b) => a - b);
  const starts: number[] = [];
  let hi = lastDue;
  for (let k = withData.length - 1; k >= -1; k--) {
    const data = withData[k];
    const lo = data === undefined ? first : data + w;
    for (let s = hi; s >= lo && budget > 0; s -= w, budget--) starts.push(s);
    if (data !== undefined) {
      starts.push(data);
      hi = data - w;
    }
  }
  return starts.reverse();
}
