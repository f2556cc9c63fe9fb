import type { FileStore } from './file-store.js';
import { RowScan } from './file-row-scan.js';
import { LivePatterns, type PatternsSnapshot } from './live-patterns.js';

/**
 * The patterns view of `view FILE...`: the session's LivePatterns (as LogEngine's) fed every row
 * in range, read from disk in slices (RowScan, as a filter's scan reads them), then each
 * appended row as it comes. The view shows the count mined grow meanwhile.
 */
export class FilePatterns {
  readonly patterns: LivePatterns;
  private readonly scan: RowScan;

  constructor(
    private readonly store: FileStore,
    private readonly inRange: ((seq: number) => boolean) | undefined,
    now: number,
    onProgress: () => void,
  ) {
    this.patterns = new LivePatterns(now);
    this.scan = new RowScan(store.order, (seq) => this.mine(seq), onProgress, onProgress);
  }

  /** Rows mined so far. */
  get mined(): number {
    return this.patterns.version;
  }

  snapshot(now: number): PatternsSnapshot {
    return this.patterns.snapshot(now);
  }

  /** What `pattern:ID` matches: the messages the session's miner files under that id. */
  idTest(id: string): (message: string) => boolean {
    return (message) => this.patterns.idOf(message) === id;
  }

  /** The store has more rows: mining goes on. */
  changed(): void {
    this.scan.resume();
  }

  /** A row was appended: mined now when every row before it was (else the scan reaches it). */
  appended(seq: number): void {
    this.scan.visitAppended(seq);
  }

  stop(): void {
    this.scan.cancel();
  }

  private mine(seq: number): void {
    if (this.inRange !== undefined && !this.inRange(seq)) return;
    const row = this.store.fields(seq);
    if (row !== undefined) this.patterns.add(row.message, row.time ?? NaN);
  }
}
