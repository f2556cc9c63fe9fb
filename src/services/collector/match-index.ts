/**
 * The sequence numbers of the logs a filter lets through, oldest first, in a growable ring:
 * what turns "the i-th shown log, newest first" into a sequence number in O(1), and a
 * sequence number into a position by binary search. Sequence numbers are appended in
 * ascending order and leave from the oldest end as their logs leave the buffer.
 */
export class MatchIndex {
  private seqs: Float64Array;
  private head = 0;
  private count = 0;

  /** `limit`: most entries ever held (the buffer's capacity). */
  constructor(private readonly limit: number) {
    this.seqs = new Float64Array(Math.max(1, Math.min(limit, 1024)));
  }

  get size(): number {
    return this.count;
  }

  /** Forgets every entry (before a re-index). */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Appends a sequence number higher than any held. */
  append(seq: number): void {
    if (this.count === this.seqs.length) this.grow();
    this.seqs[(this.head + this.count) % this.seqs.length] = seq;
    this.count++;
  }

  /** Drops the entries below `oldest` (their logs left the buffer). */
  dropBefore(oldest: number): void {
    while (this.count > 0 && (this.seqs[this.head] as number) < oldest) {
      this.head = (this.head + 1) % this.seqs.length;
      this.count--;
    }
  }

  /** Sequence number of the i-th entry, 0 = newest; undefined outside 0..size-1. */
  seqAt(index: number): number | undefined {
    if (index < 0 || index >= this.count || !Number.isInteger(index)) return undefined;
    return this.seqs[(this.head + this.count - 1 - index) % this.seqs.length];
  }

  /** Calls `visit` with each entry, oldest first, until it returns false. */
  forEachOldestFirst(visit: (seq: number) => boolean | void): void {
    const seqs = this.seqs;
    const length = seqs.length;
    for (let i = 0; i < this.count; i++) if (visit(seqs[(this.head + i) % length] as number) === false) return;
  }

  /** Position (0 = newest) of the newest entry at or below `seq`; -1 if none. */
  indexAtOrBefore(seq: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.seqs[(this.head + mid) % this.seqs.length] as number;
      if (s <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? -1 : this.count - 1 - found;
  }

  private grow(): void {
    const bigger = new Float64Array(Math.min(this.seqs.length * 2, Math.max(this.limit, 1)));
    if (bigger.length <= this.seqs.length) throw new Error('match index overflow');
    for (let i = 0; i < this.count; i++) bigger[i] = this.seqs[(this.head + i) % this.seqs.length] as number;
    this.seqs = bigger;
    this.head = 0;
  }
}
