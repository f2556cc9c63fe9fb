import type { LogRecord } from '../protocol/log-record.js';

/** What filters and searches look at. */
export type FilterFields = Pick<LogRecord, 'level' | 'service' | 'message'>;

/** Decides whether a log is shown; `undefined` shows everything. */
export type LogPredicate<T = LogRecord> = (log: T) => boolean;

/** Read-only view of the logs the list shows, newest first; what `update` may look at. */
export interface LogView {
  /** Number of logs that pass the filter. */
  readonly size: number;
  /** Sequence number of the i-th shown log, 0 = newest; undefined outside 0..size-1. */
  seqAt(index: number): number | undefined;
  /** Position of a sequence number among the shown logs (0 = newest), -1 if not shown. */
  indexOf(seq: number): number;
  /** Position of the newest shown log that is at least as old as `seq` (for anchors that left the view). */
  indexAtOrBefore(seq: number): number;
  /** Sequence number of the oldest or newest shown log. */
  edgeSeq(which: 'oldest' | 'newest'): number | undefined;
}
