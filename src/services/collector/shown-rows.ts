import type { LogView } from '../../query/log-view.js';
import { ChunkedNumbers } from './chunked-numbers.js';
import { BASE_SEQ } from './merge-order.js';

/**
 * The rows of `view FILE...` the list shows, newest first (index 0). Unfiltered, every numbered
 * row, with nothing stored per row. Filtered, the matching sequence numbers, as a filter's scan
 * finds them: the rows present at the start from the newest down (`older`), the rows appended
 * since in order (`newer`).
 */
export class ShownRows implements LogView {
  private filtered = false;
  private readonly older = new ChunkedNumbers();
  private readonly newer = new ChunkedNumbers();

  /** `oldest`/`newest`: the numbered rows' range, read when unfiltered. */
  constructor(private readonly range: () => { oldest: number; newest: number }) {}

  /** Shows every row again. */
  showAll(): void {
    this.filtered = false;
    this.older.clear();
    this.newer.clear();
  }

  /** Shows only the rows added with `add` from now on. */
  showMatches(): void {
    this.showAll();
    this.filtered = true;
  }

  /** Adds a match: below every match so far when seq < BASE_SEQ, else above. */
  add(seq: number): void {
    if (seq < BASE_SEQ) this.older.push(seq);
    else this.newer.push(seq);
  }

  get size(): number {
    if (!this.filtered) {
      const { oldest, newest } = this.range();
      return Math.max(0, newest - oldest + 1);
    }
    return this.older.size + this.newer.size;
  }

  seqAt(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return undefined;
    if (!this.filtered) return this.range().newest - index;
    const n = this.newer.size;
    return index < n ? this.newer.at(n - 1 - index) : this.older.at(index - n);
  }

  indexOf(seq: number): number {
    const i = this.indexAtOrBefore(seq);
    return i >= 0 && this.seqAt(i) === seq ? i : -1;
  }

  indexAtOrBefore(seq: number): number {
    if (!this.filtered) {
      const { oldest, newest } = this.range();
      if (seq < oldest || newest < oldest) return -1;
      return seq >= newest ? 0 : Math.floor(newest - seq);
    }
    const n = this.newer.size;
    // The newest of `newer` at or below seq: an ascending search.
    let lo = 0;
    let hi = n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.newer.at(mid) <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0) return n - 1 - found;
    // The first of `older` (descending) at or below seq.
    lo = 0;
    hi = this.older.size - 1;
    found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.older.at(mid) <= seq) {
        found = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found < 0 ? -1 : n + found;
  }

  edgeSeq(which: 'oldest' | 'newest'): number | undefined {
    return this.seqAt(which === 'newest' ? 0 : this.size - 1);
  }

  /** Bytes the matches take. */
  get heldBytes(): number {
    return this.older.heldBytes + this.newer.heldBytes;
  }
}
