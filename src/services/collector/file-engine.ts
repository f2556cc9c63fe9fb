import type { TimeRange } from '../../core/time-bound.js';
import type { Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { QueryRecord } from '../../query/eval/field-path.js';
import { compileLiveQuery } from '../../query/live-query.js';
import type {
  LoadProgress,
  ResultsSnapshot,
  RowData,
  StreamCounters,
  ViewRequest,
  ViewSnapshot,
} from './engine-protocol.js';
import type { ExportSource } from './export.js';
import type { FileStore } from './file-store.js';
import { LiveResults } from './live-results.js';
import { FilePatterns } from './file-patterns.js';
import { FileHistogram, FileTimeRange, seekShownTime, shownTimes, TimeOrder } from './file-time-axis.js';
import type { PatternsSnapshot } from './live-patterns.js';
import { loadProgress } from './load-progress.js';
import { searchShown } from './file-search.js';
import { nextShownMark } from './mark-find.js';
import { ShownRows } from './shown-rows.js';
import { RowScan } from './file-row-scan.js';
import type { SlicedTask } from './sliced-task.js';
import type { TimeHistogram } from './time-histogram.js';

/** Characters of a message sent to the UI per row: more than any terminal row shows. */
const ROW_MESSAGE_CHARS = 2000;

export interface FileEngineOptions {
  /** `--since`/`--until`: only rows whose time is in this range are shown; the others are counted. */
  range?: TimeRange;
}

/**
 * The engine of `view FILE...`: the same answers as LogEngine (snapshots, filters, search,
 * records, export, the histogram, the jump to a time, patterns) over a FileStore, which holds
 * every row of the files instead of the last `--buffer` logs. A filter or query (or a time
 * range) is applied by a scan of every row, newest first, in slices (SlicedTask): matches show
 * as they are found, with the scan's progress in the snapshot.
 */
export class FileEngine implements ExportSource {
  private readonly shown: ShownRows;
  private test: ((log: QueryRecord) => boolean) | undefined;
  private live: LiveResults | undefined;
  /** The query in force reads more of a row than level, service, message and time. */
  private needsRecord = false;
  private scan: RowScan | undefined;
  private search: SlicedTask | undefined;
  private filterText = '';
  private changes = 0;
  private readonly openedAt = performance.now();
  /** When indexing began (after `.gz` files were inflated): its rate is counted from there. */
  private indexedFrom: number | undefined;
  /** `--since`/`--until`, when given. */
  private readonly range: FileTimeRange | undefined;
  /** The range's test of a row. */
  private readonly inRange: ((seq: number) => boolean) | undefined;
  private readonly histogramCache: FileHistogram;
  private readonly timeOrder: TimeOrder;
  private patterns: FilePatterns | undefined;

  constructor(
    private readonly store: FileStore,
    opts: FileEngineOptions = {},
  ) {
    const order = store.order;
    this.shown = new ShownRows(() => ({ oldest: order.oldestSeq, newest: order.newestSeq }));
    this.range = FileTimeRange.of(store, opts.range);
    this.inRange = this.range?.has;
    this.histogramCache = new FileHistogram(shownTimes(this.shown, store));
    this.timeOrder = new TimeOrder(store);
    if (this.inRange !== undefined) {
      this.shown.showMatches();
      this.startScan();
    }
  }

  /** The store numbered or changed rows. */
  changed(): void {
    this.changes++;
    this.scan?.resume();
    this.patterns?.changed();
  }

  /** A row was appended: a filter in force (whose scan is past the appended rows) tests it now. */
  appended(seq: number): void {
    // Mined before the filter sees it, so a `pattern:ID` filter finds its id known.
    this.patterns?.appended(seq);
    if (this.scan?.reaches(seq) === true) return;
    this.consider(seq);
  }

  /**
   * An appended row grew (a stack trace line joined it): the filter in force may match it now.
   * Only added when it is still the newest match, so the matches stay in order; a results
   * table is not fed it twice.
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

  /**
   * Applies a query: its filter to the list, its pipeline (if any) to a results table, by a scan
   * of every row that runs on after this returns. Returns the error of an invalid query.
   */
  setFilter(query: string, levelMin?: Level): string | undefined {
    const compiled = compileLiveQuery(query, levelMin, { patternById: (id) => this.patternTest(id) });
    if (!compiled.ok) return compiled.error;
    this.scan?.cancel();
    this.scan = undefined;
    this.test = compiled.test;
    this.needsRecord = compiled.filterNeedsRecord || compiled.needsRecord;
    this.filterText = query.trim();
    // `| patterns` files rows with the session's miner, so its ids are the patterns view's.
    if (compiled.tableStage?.kind === 'patterns') this.startPatterns();
    const patterns = this.patterns?.patterns;
    const pipeline = compiled.newPipeline(patterns === undefined ? {} : { patterns: () => patterns.stageMiner() });
    this.live = pipeline === undefined ? undefined : new LiveResults(this.filterText, pipeline, compiled.needsRecord);
    const filtered = this.test !== undefined || this.inRange !== undefined;
    if (filtered) this.shown.showMatches();
    else this.shown.showAll();
    if (filtered || this.live !== undefined) this.startScan();
    this.histogramCache.reset();
    this.changes++;
    return undefined;
  }

  private startScan(): void {
    const scan: RowScan = new RowScan(
      this.store.order,
      (seq) => this.consider(seq),
      () => this.changes++,
      () => {
        if (this.scan === scan) this.scan = undefined;
        this.changes++;
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

  /**
   * Starts mining patterns (once; later calls do nothing): every row in range, in slices, then
   * each appended row.
   */
  startPatterns(): void {
    this.patterns ??= new FilePatterns(this.store, this.inRange, Date.now(), () => this.changes++);
  }

  /** The patterns view's rows, once mining started. */
  patternsSnapshot(): PatternsSnapshot | undefined {
    return this.patterns?.snapshot(Date.now());
  }

  /** Grows with every row mined (undefined before mining started). */
  get patternsVersion(): number | undefined {
    return this.patterns?.mined;
  }

  /**
   * What `pattern:ID` means here, as in LogEngine: the rows the session's miner files under that
   * id (mining starts if the view never started it).
   */
  private patternTest(id: string): (message: string) => boolean {
    this.startPatterns();
    return (this.patterns as FilePatterns).idTest(id);
  }

  /** Counts of the shown rows by their time and level, in at most `bars` bars (as LogEngine.histogram). */
  histogram(bars: number): TimeHistogram | undefined {
    return this.histogramCache.get(bars, this.changes);
  }

  /** The shown row to jump to for a time or a bar, and the top row of its page (as LogEngine.seekTime). */
  seekTime(from: number, to: number | undefined, newer: number): { seq: number | undefined; top: number | undefined } {
    const time = (seq: number): number => this.store.indexed(seq)?.time ?? NaN;
    const ordered = this.timeOrder.holds();
    return seekShownTime(this.shown, shownTimes(this.shown, this.store), time, ordered, from, to, newer);
  }

  results(): ResultsSnapshot | undefined {
    return this.live?.snapshot();
  }

  get resultsVersion(): number | undefined {
    return this.live?.version;
  }

  /** The next shown row matching a search pattern (see searchShown); a new search cancels the one in progress. */
  find(
    pattern: string,
    fromSeq: number | undefined,
    direction: 'older' | 'newer',
    found: (seq: number | undefined) => void,
  ): void {
    this.search?.cancel();
    this.search = searchShown(this.shown, (seq) => this.store.fields(seq), pattern, fromSeq, direction, found);
  }

  findMark(marks: readonly number[], fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    return nextShownMark(this.shown, marks, fromSeq, direction);
  }

  newestShown(): number | undefined {
    return this.shown.edgeSeq('newest');
  }

  shownFrom(seq: number, max: number): { seqs: number[]; next: number | undefined } {
    const shown = this.shown;
    const at = shown.indexAtOrBefore(seq);
    let i = at < 0 ? shown.size - 1 : shown.seqAt(at) === seq ? at : at - 1;
    const seqs: number[] = [];
    for (; i >= 0 && seqs.length < max; i--) seqs.push(shown.seqAt(i) as number);
    return { seqs, next: shown.seqAt(i) };
  }

  record(seq: number): LogRecord | undefined {
    return this.store.record(seq);
  }

  get version(): number {
    return this.changes;
  }

  counters(): StreamCounters {
    return {
      received: this.store.order.total,
      plain: 0,
      evicted: 0,
      missed: 0,
      disconnects: 0,
      truncated: 0,
      outOfRange: this.range?.outsideCount() ?? 0,
    };
  }

  /** Loading or filtering in progress, for the status line. */
  progress(): LoadProgress | undefined {
    const load = this.store.progress();
    const now = performance.now();
    if (load.inflating === undefined) this.indexedFrom ??= now;
    const scan = this.scan === undefined ? undefined : { tested: this.scan.tested, startedAt: this.scan.startedAt };
    const clock = { openedAt: this.openedAt, indexedFrom: this.indexedFrom ?? now, now };
    return loadProgress(load, scan, this.store.order.total, clock);
  }

  snapshot(req: ViewRequest): ViewSnapshot {
    const shown = this.shown;
    const height = Math.max(1, Math.floor(req.height));
    const margin = Math.max(0, Math.floor(req.margin));
    let top = 0;
    if (req.anchor !== undefined) {
      const at = shown.indexAtOrBefore(req.anchor);
      top = at >= 0 ? at : Math.max(0, shown.size - height);
    }
    const startIndex = Math.max(0, top - margin);
    const end = Math.min(shown.size, top + height + margin);
    const rows: RowData[] = [];
    for (let i = startIndex; i < end; i++) {
      const seq = shown.seqAt(i);
      const row = seq === undefined ? undefined : this.store.row(seq);
      if (seq === undefined || row === undefined) break;
      const message = row.message.length > ROW_MESSAGE_CHARS ? row.message.slice(0, ROW_MESSAGE_CHARS) : row.message;
      rows.push({ seq, time: row.time, level: row.level, service: row.service, message, source: row.source });
    }
    const progress = this.progress();
    const total = this.store.order.total;
    return {
      version: this.changes,
      size: shown.size,
      total,
      capacity: total,
      startIndex,
      topIndex: top,
      heldFrom: this.store.order.oldestSeq,
      oldestSeq: shown.edgeSeq('oldest'),
      newestSeq: shown.edgeSeq('newest'),
      rows,
      counters: this.counters(),
      filter: this.filterText,
      sources: this.store.labels,
      ...(progress !== undefined ? { progress } : {}),
    };
  }

  /** Stops a scan or search in progress. */
  stop(): void {
    this.scan?.cancel();
    this.search?.cancel();
    this.patterns?.stop();
  }
}
