import type { FileStore } from './file-store.js';
import { LivePatterns } from './live-patterns.js';
import { BASE_SEQ } from './merge-order.js';
import { SlicedTask, type SliceResult } from './sliced-task.js';

/**
 * The patterns view of `view FILE...`: the session's LivePatterns fed every row in range, read
 * from disk in slices (as a filter's scan reads them): rows appended since it started first, in
 * order, then the rest newest first; then each appended row as it comes.
 */
export class FilePatterns {
  readonly patterns: LivePatterns;
  private nextNewer = BASE_SEQ;
  private nextOlder = BASE_SEQ - 1;
  private readonly task: SlicedTask;
  private done = false;

  constructor(
    private readonly store: FileStore,
    private readonly inRange: ((seq: number) => boolean) | undefined,
    now: number,
    private readonly onProgress: () => void,
  ) {
    this.patterns = new LivePatterns(now);
    this.task = new SlicedTask(
      (deadline) => this.slice(deadline),
      () => {
        this.done = true;
        onProgress();
      },
    );
  }

  /** Rows mined so far. */
  get mined(): number {
    return this.patterns.version;
  }

  /** When mining started (performance.now()), while the rows present then are mined; else undefined. */
  get minedSince(): number | undefined {
    return this.done ? undefined : this.task.startedAt;
  }

  /** The store has more rows: mining goes on. */
  changed(): void {
    this.task.resume();
  }

  /** A row was appended: mined now when every row before it was (else the slices reach it). */
  appended(seq: number): void {
    if (seq !== this.nextNewer) return;
    this.nextNewer++;
    this.mine(seq);
  }

  stop(): void {
    this.task.cancel();
  }

  private slice(deadline: number): SliceResult {
    const order = this.store.order;
    let n = 0;
    while (this.nextNewer <= order.newestSeq) {
      this.mine(this.nextNewer++);
      if ((++n & 127) === 0 && performance.now() > deadline) return this.progressed('more');
    }
    while (this.nextOlder >= order.oldestSeq) {
      this.mine(this.nextOlder--);
      if ((++n & 127) === 0 && performance.now() > deadline) return this.progressed('more');
    }
    return this.progressed(order.complete ? 'done' : 'wait');
  }

  private progressed(result: SliceResult): SliceResult {
    this.onProgress();
    return result;
  }

  private mine(seq: number): void {
    if (this.inRange !== undefined && !this.inRange(seq)) return;
    const row = this.store.fields(seq);
    if (row !== undefined) this.patterns.add(row.message, row.time ?? NaN);
  }
}
