import { inTimeRange, type TimeRange } from '../../core/time-bound.js';
import type { LogView } from '../../query/log-view.js';
import type { FileStore } from './file-store.js';
import { BASE_SEQ } from './merge-order.js';
import { seekPage } from './snapshot-window.js';
import { seekTime, type TimedLogs } from './time-histogram.js';

/**
 * The shown rows of `view FILE...` by their indexed time and level, oldest first (what the
 * histogram counts). Only rows of files without any time are "by arrival": they show the time
 * the files were opened; a row without a time of its own is placed by its neighbour's.
 */
export function shownTimes(shown: LogView, store: FileStore): TimedLogs {
  return {
    scanTimes(visit) {
      for (let i = shown.size - 1; i >= 0; i--) {
        const seq = shown.seqAt(i);
        const at = seq === undefined ? undefined : store.indexed(seq);
        if (seq === undefined || at === undefined) continue;
        if (visit(seq, at.time, at.level, at.fromFiles) === false) return;
      }
    },
  };
}

/**
 * `--since`/`--until` over the rows of `view FILE...`, by their indexed time: the test of a row,
 * and the count of the rows outside, kept up as rows are numbered (each is tested once).
 */
export class FileTimeRange {
  /** Rows outside the range, counted down to `older` and up to `newer` (exclusive). */
  private outside = 0;
  private older = BASE_SEQ - 1;
  private newer = BASE_SEQ;

  private constructor(
    private readonly store: FileStore,
    private readonly range: TimeRange,
  ) {}

  /** Undefined without a bound. */
  static of(store: FileStore, range: TimeRange | undefined): FileTimeRange | undefined {
    return range === undefined || (range.since ?? range.until) === undefined
      ? undefined
      : new FileTimeRange(store, range);
  }

  /** The row is in the range (its indexed time is). */
  readonly has = (seq: number): boolean => {
    const at = this.store.indexed(seq);
    return at !== undefined && inTimeRange(at.time, this.range);
  };

  /** Rows outside the range among those numbered so far. */
  outsideCount(): number {
    const order = this.store.order;
    for (; this.older >= order.oldestSeq; this.older--) if (!this.has(this.older)) this.outside++;
    for (; this.newer <= order.newestSeq; this.newer++) if (!this.has(this.newer)) this.outside++;
    return this.outside;
  }
}

/**
 * Whether the rows' indexed times never decrease as their sequence numbers grow (a file written
 * in time order, or files merged by time), checked as far as rows are numbered, each row once.
 */
export class TimeOrder {
  private older = BASE_SEQ - 1;
  private newer = BASE_SEQ;
  /** Times of the oldest and newest rows checked. */
  private oldestTime = Infinity;
  private newestTime = -Infinity;
  private ordered = true;

  constructor(private readonly store: FileStore) {}

  holds(): boolean {
    const order = this.store.order;
    for (; this.ordered && this.older >= order.oldestSeq; this.older--) {
      const t = this.timeOf(this.older);
      if (this.newer === BASE_SEQ && this.older === BASE_SEQ - 1) this.newestTime = t;
      this.ordered = t <= this.oldestTime;
      this.oldestTime = t;
    }
    for (; this.ordered && this.newer <= order.newestSeq; this.newer++) {
      const t = this.timeOf(this.newer);
      if (this.oldestTime === Infinity) this.oldestTime = t;
      this.ordered = t >= this.newestTime;
      this.newestTime = t;
    }
    return this.ordered;
  }

  private timeOf(seq: number): number {
    return this.store.indexed(seq)?.time ?? NaN;
  }
}

/**
 * The shown row the list should jump to for a time (or a bar `from`..`to`), as LogEngine.seekTime
 * answers (see time-histogram's seekTime): by a binary search when the rows are in time order,
 * else by a scan; and the top row of a page with it at the oldest end and up to `newer` rows after it.
 */
export function seekShownTime(
  shown: LogView,
  logs: TimedLogs,
  time: (seq: number) => number,
  ordered: boolean,
  from: number,
  to: number | undefined,
  newer: number,
): { seq: number | undefined; top: number | undefined } {
  return seekPage(shown, ordered ? seekOrdered(shown, time, from) : seekTime(logs, from, to), newer);
}

/**
 * seekTime's answer when times grow towards the newest (index 0): the oldest row at or after
 * `from` (it is in `from`..`to` if any row is, else the nearest after), else the newest row.
 */
function seekOrdered(shown: LogView, time: (seq: number) => number, from: number): number | undefined {
  const timeAt = (i: number): number => time(shown.seqAt(i) as number);
  if (shown.size === 0) return undefined;
  if (!(timeAt(0) >= from)) return shown.seqAt(0);
  // The largest index whose time is at or after `from`: index 0's is.
  let lo = 0;
  let hi = shown.size - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (timeAt(mid) >= from) lo = mid;
    else hi = mid - 1;
  }
  return shown.seqAt(lo);
}
