import { BASE_SEQ, type MergeOrder } from './merge-order.js';
import { SlicedTask, type SliceResult } from './sliced-task.js';

/**
 * A visit of every row of `view FILE...` in slices (SlicedTask), as a filter's scan or the
 * patterns' mining reads them: the rows appended since it started first, in order (so what it
 * finds among them stays ascending), then the rows present at the start, newest first. It waits
 * while the files are indexed and goes on as rows are numbered (`resume`).
 */
export class RowScan {
  /** The next appended row to visit, until the scan reaches the newest; then the next older row. */
  private nextNewer = BASE_SEQ;
  private nextOlder = BASE_SEQ - 1;
  private visited = 0;
  private readonly task: SlicedTask;

  constructor(
    private readonly order: MergeOrder,
    private readonly visit: (seq: number) => void,
    /** After each slice: what was found may show. */
    onSlice: () => void,
    onDone: () => void,
  ) {
    this.task = new SlicedTask((deadline) => {
      const result = this.slice(deadline);
      onSlice();
      return result;
    }, onDone);
  }

  /** Rows visited so far. */
  get tested(): number {
    return this.visited;
  }

  get startedAt(): number {
    return this.task.startedAt;
  }

  /** The scan will visit this appended row itself (it has not passed it yet). */
  reaches(seq: number): boolean {
    return this.nextNewer <= seq;
  }

  /** Visits an appended row now when every row before it was visited; returns whether it did. */
  visitAppended(seq: number): boolean {
    if (seq !== this.nextNewer) return false;
    this.nextNewer++;
    this.visited++;
    this.visit(seq);
    return true;
  }

  /** Rows were numbered: a scan that waited for them goes on. */
  resume(): void {
    this.task.resume();
  }

  cancel(): void {
    this.task.cancel();
  }

  private slice(deadline: number): SliceResult {
    const order = this.order;
    let n = 0;
    while (this.nextNewer <= order.newestSeq) {
      this.visit(this.nextNewer++);
      this.visited++;
      if ((++n & 127) === 0 && performance.now() > deadline) return 'more';
    }
    while (this.nextOlder >= order.oldestSeq) {
      this.visit(this.nextOlder--);
      this.visited++;
      if ((++n & 127) === 0 && performance.now() > deadline) return 'more';
    }
    return order.complete ? 'done' : 'wait';
  }
}
