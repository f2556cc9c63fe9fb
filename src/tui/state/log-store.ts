import type { LogRecord } from '../../protocol/log-record.js';
import { MatchIndex } from './match-index.js';

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

/**
 * The last `capacity` logs in a ring buffer, each with a sequence number that never repeats,
 * plus the index of those that pass the current filter, maintained as logs arrive and leave.
 * Mutable by design: at 100k logs/s copying per update is not an option. The TUI model refers
 * to logs by sequence number only.
 */
export class LogStore<T = LogRecord> implements LogView {
  private readonly ring: (T | undefined)[];
  private nextSeq = 0;
  private readonly matches: MatchIndex;
  private predicate: LogPredicate<T> | undefined;
  /** Logs pushed out of the buffer by newer ones (the buffer is bounded on purpose). */
  evicted = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    this.ring = new Array<T | undefined>(capacity);
    this.matches = new MatchIndex(capacity);
  }

  /** Number of logs held (filtered or not). */
  get total(): number {
    return Math.min(this.nextSeq, this.capacity);
  }

  /** Sequence number the next log will get. */
  get next(): number {
    return this.nextSeq;
  }

  /** Oldest sequence number still held. */
  get oldest(): number {
    return Math.max(0, this.nextSeq - this.capacity);
  }

  get size(): number {
    return this.matches.size;
  }

  /** Adds a log; evicts the oldest when full. Returns its sequence number. */
  push(log: T): number {
    const seq = this.nextSeq++;
    if (seq >= this.capacity) {
      this.evicted++;
      this.matches.dropBefore(this.oldest);
    }
    this.ring[seq % this.capacity] = log;
    if (this.predicate === undefined || this.predicate(log)) this.matches.append(seq);
    return seq;
  }

  /** The log with this sequence number, if still held. */
  get(seq: number): T | undefined {
    if (seq < this.oldest || seq >= this.nextSeq) return undefined;
    return this.ring[seq % this.capacity];
  }

  /** Replaces the filter and re-indexes the whole buffer (so clearing it brings every log back). */
  setFilter(predicate: LogPredicate<T> | undefined): void {
    this.predicate = predicate;
    this.matches.clear();
    for (let seq = this.oldest; seq < this.nextSeq; seq++) {
      const log = this.ring[seq % this.capacity];
      if (log !== undefined && (predicate === undefined || predicate(log))) this.matches.append(seq);
    }
  }

  seqAt(index: number): number | undefined {
    return this.matches.seqAt(index);
  }

  edgeSeq(which: 'oldest' | 'newest'): number | undefined {
    return this.seqAt(which === 'newest' ? 0 : this.size - 1);
  }

  indexOf(seq: number): number {
    const i = this.indexAtOrBefore(seq);
    return i >= 0 && this.seqAt(i) === seq ? i : -1;
  }

  indexAtOrBefore(seq: number): number {
    return this.matches.indexAtOrBefore(seq);
  }
}
