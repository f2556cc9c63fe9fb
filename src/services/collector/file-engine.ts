import type { TimeRange } from '../../core/time-bound.js';
import type { Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
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
import { FilePatterns } from './file-patterns.js';
import { FileQuery } from './file-query.js';
import { FileTimeRange, seekShownTime, shownTimes, TimeOrder } from './file-time-axis.js';
import type { PatternsSnapshot } from './live-patterns.js';
import { loadProgress } from './load-progress.js';
import { searchShown } from './file-search.js';
import { nextShownMark } from './mark-find.js';
import { PacedHistogram } from './paced-histogram.js';
import { ShownRows } from './shown-rows.js';
import { rowMessage, shownFrom, snapshotWindow } from './snapshot-window.js';
import type { SlicedTask } from './sliced-task.js';
import type { TimeHistogram } from './time-histogram.js';

export interface FileEngineOptions {
  /** `--since`/`--until`: only rows whose time is in this range are shown; the others are counted. */
  range?: TimeRange;
}

/**
 * The engine of `view FILE...`: the same answers as LogEngine (snapshots, filters, search,
 * records, export, the histogram, the jump to a time, patterns) over a FileStore, which holds
 * every row of the files instead of the last `--buffer` logs. A filter or query (or a time
 * range) is applied by a scan of every row, newest first, in slices (FileQuery): matches show
 * as they are found, with the scan's progress in the snapshot.
 */
export class FileEngine implements ExportSource {
  private readonly shown: ShownRows;
  private readonly query: FileQuery;
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
  private readonly histogramCache: PacedHistogram;
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
    this.histogramCache = new PacedHistogram(shownTimes(this.shown, store));
    this.timeOrder = new TimeOrder(store);
    this.query = new FileQuery(store, this.shown, this.inRange, () => this.changes++);
  }

  /** The store numbered or changed rows. */
  changed(): void {
    this.changes++;
    this.query.resume();
    this.patterns?.changed();
  }

  /** A row was appended: a filter in force (whose scan is past the appended rows) tests it now. */
  appended(seq: number): void {
    // Mined before the filter sees it, so a `pattern:ID` filter finds its id known.
    this.patterns?.appended(seq);
    this.query.appended(seq);
  }

  /** An appended row grew (a stack trace line joined it): the filter in force may match it now. */
  extended(seq: number): void {
    this.query.extended(seq);
  }

  /**
   * Applies a query: its filter to the list, its pipeline (if any) to a results table, by a scan
   * of every row that runs on after this returns. Returns the error of an invalid query.
   */
  setFilter(query: string, levelMin?: Level): string | undefined {
    const compiled = compileLiveQuery(query, levelMin, { patternById: (id) => this.patternTest(id) });
    if (!compiled.ok) return compiled.error;
    this.filterText = query.trim();
    // `| patterns` files rows with the session's miner, so its ids are the patterns view's.
    if (compiled.tableStage?.kind === 'patterns') this.startPatterns();
    this.query.apply(compiled, this.filterText, this.patterns?.patterns);
    this.histogramCache.reset();
    this.changes++;
    return undefined;
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
    return this.query.results();
  }

  get resultsVersion(): number | undefined {
    return this.query.resultsVersion;
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
    return shownFrom(this.shown, seq, max);
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
    const scan = this.query.scanProgress();
    const clock = { openedAt: this.openedAt, indexedFrom: this.indexedFrom ?? now, now };
    return loadProgress(load, scan, this.store.order.total, clock);
  }

  snapshot(req: ViewRequest): ViewSnapshot {
    const shown = this.shown;
    const { top, startIndex, end } = snapshotWindow(shown, req);
    const rows: RowData[] = [];
    for (let i = startIndex; i < end; i++) {
      const seq = shown.seqAt(i);
      const row = seq === undefined ? undefined : this.store.row(seq);
      if (seq === undefined || row === undefined) break;
      const { time, level, service, source } = row;
      rows.push({ seq, time, level, service, message: rowMessage(row.message), source });
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
    this.query.stop();
    this.search?.cancel();
    this.patterns?.stop();
  }
}
