import type { LogView } from '../../query/log-view.js';
import { ZERO_STREAM_COUNTERS, type RowData, type ViewSnapshot } from '../../services/collector/engine-protocol.js';

/** An empty snapshot, before the engine answered. */
export function emptySnapshot(capacity: number): ViewSnapshot {
  return {
    version: -1,
    size: 0,
    total: 0,
    capacity,
    startIndex: 0,
    topIndex: 0,
    heldFrom: 0,
    oldestSeq: undefined,
    newestSeq: undefined,
    rows: [],
    counters: { ...ZERO_STREAM_COUNTERS },
    filter: '',
  };
}

/**
 * The LogView `update` reads, answered from the latest snapshot. Indexes outside the
 * snapshot's rows are unknown (undefined / clamped) until the next snapshot arrives, one
 * frame later; the snapshot carries a margin of rows so that ordinary moves never hit that.
 */
export class SnapshotView implements LogView {
  constructor(readonly snapshot: ViewSnapshot) {}

  get size(): number {
    return this.snapshot.size;
  }

  edgeSeq(which: 'oldest' | 'newest'): number | undefined {
    return which === 'oldest' ? this.snapshot.oldestSeq : this.snapshot.newestSeq;
  }

  seqAt(index: number): number | undefined {
    return this.row(index)?.seq;
  }

  /** The row at a list index, if the snapshot holds it. */
  row(index: number): RowData | undefined {
    return this.snapshot.rows[index - this.snapshot.startIndex];
  }

  /** The row of a sequence number, if the snapshot holds it. */
  rowOf(seq: number): RowData | undefined {
    const i = this.indexOf(seq);
    return i < 0 ? undefined : this.row(i);
  }

  indexOf(seq: number): number {
    const i = this.indexAtOrBefore(seq);
    return i >= 0 && this.seqAt(i) === seq ? i : -1;
  }

  indexAtOrBefore(seq: number): number {
    const rows = this.snapshot.rows;
    if (rows.length === 0) return -1;
    // Rows are newest first, so sequence numbers descend.
    if (seq >= rows[0]!.seq) return this.snapshot.startIndex;
    if (seq < rows[rows.length - 1]!.seq) {
      const last = this.snapshot.startIndex + rows.length - 1;
      return last < this.snapshot.size - 1 ? last + 1 : -1;
    }
    let lo = 0;
    let hi = rows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]!.seq <= seq) hi = mid;
      else lo = mid + 1;
    }
    return this.snapshot.startIndex + lo;
  }
}
