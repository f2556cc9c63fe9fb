import type { QueryRecord } from '../../query/eval/field-path.js';
import type { LiveQuery } from '../../query/live-query.js';
import type { ResultsSnapshot } from './engine-protocol.js';
import type { FileStore } from './file-store.js';
import { RowScan } from './file-row-scan.js';
import type { LivePatterns } from './live-patterns.js';
import { LiveResults } from './live-results.js';
import type { ShownRows } from './shown-rows.js';

/**
 * The query in force over the rows of `view FILE...`, with `--since`/`--until`: the rows the
 * list shows and the results table, found by a scan of every row, newest first, in slices
 * (RowScan), then kept up as rows are appended.
 */
export class FileQuery {
  private test: ((log: QueryRecord) => boolean) | undefined;
  private live: LiveResults | undefined;
  /** The query in force reads more of a row than level, service, message and time. */
  private needsRecord = false;
  private scan: RowScan | undefined;

  /** `inRange` tests a row against the time range, when one is given; `changed` is called whenever what shows may have changed. */
  constructor(
    private readonly store: FileStore,
    private readonly shown: ShownRows,
    private readonly inRange: ((seq: number) => boolean) | undefined,
    private readonly changed: () => void,
  ) {
    if (inRange !== undefined) {
      shown.showMatches();
      this.startScan();
    }
  }

  /** Puts a compiled query in force, by a scan that runs on after this returns; `patterns` is the session's miner. */
  apply(compiled: LiveQuery, text: string, patterns: LivePatterns | undefined): void {
    this.scan?.cancel();
    this.scan = undefined;
    this.test = compiled.test;
    this.needsRecord = compiled.filterNeedsRecord || compiled.needsRecord;
    const pipeline = compiled.newPipeline(patterns === undefined ? {} : { patterns: () => patterns.stageMiner() });
    this.live = pipeline === undefined ? undefined : new LiveResults(text, pipeline, compiled.needsRecord);
    const filtered = this.test !== undefined || this.inRange !== undefined;
    if (filtered) this.shown.showMatches();
    else this.shown.showAll();
    if (filtered || this.live !== undefined) this.startScan();
  }

  /** The store numbered or changed rows: a scan waiting for them goes on. */
  resume(): void {
    this.scan?.resume();
  }

  /** A row was appended: the query (whose scan is past the appended rows) tests it now. */
  appended(seq: number): void {
    if (this.scan?.reaches(seq) === true) return;
    this.consider(seq);
  }

  /**
   * An appended row grew (a stack trace line joined it): the filter may match it now. Only
   * added when it is still the newest match, so the matches stay in order; a results table is
   * not fed it twice.
   */
  extended(seq: number): void {
    const test = this.test;
    if (test === undefined || this.scan?.reaches(seq) === true) return;
    if (this.inRange !== undefined && !this.inRange(seq)) return;
    const newest = this.shown.edgeSeq('newest');
    if (newest !== undefined && newest >= seq) return;
    const log = this.needsRecord ? this.store.queryRecord(seq) : this.store.fields(seq);
    if (log !== undefined && test(log)) this.shown.add(seq);
  }

  results(): ResultsSnapshot | undefined {
    return this.live?.snapshot();
  }

  get resultsVersion(): number | undefined {
    return this.live?.version;
  }

  /** The scan in progress: rows tested so far, and when it started. */
  scanProgress(): { tested: number; startedAt: number } | undefined {
    return this.scan === undefined ? undefined : { tested: this.scan.tested, startedAt: this.scan.startedAt };
  }

  /** Stops the scan in progress. */
  stop(): void {
    this.scan?.cancel();
  }

  private startScan(): void {
    const scan: RowScan = new RowScan(
      this.store.order,
      (seq) => this.consider(seq),
      () => this.changed(),
      () => {
        if (this.scan === scan) this.scan = undefined;
        this.changed();
      },
    );
    this.scan = scan;
  }

  private consider(seq: number): void {
    if (this.inRange !== undefined) {
      if (!this.inRange(seq)) return;
      // The range alone reads the index only.
      if (this.test === undefined && this.live === undefined) {
        this.shown.add(seq);
        return;
      }
    }
    if (this.test === undefined && this.live === undefined) return;
    const log = this.needsRecord ? this.store.queryRecord(seq) : this.store.fields(seq);
    if (log === undefined) return;
    if (this.test !== undefined && !this.test(log)) return;
    if (this.test !== undefined || this.inRange !== undefined) this.shown.add(seq);
    this.live?.add(log);
  }
}
