import { GapTracker } from '../../core/gap-tracker.js';
import { decodeLog } from '../../protocol/log-decode.js';
import { stampLength } from '../../protocol/producer-stamp.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Payload } from '../../protocol/payload.js';
import { skipFieldsDecoder, type SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import type { Level } from '../../protocol/level.js';
import { compileFilter } from '../../query/filter.js';
import type { FilterFields } from '../../query/log-view.js';
import { compileLiveQuery } from '../../query/live-query.js';
import type {
  StreamCounters,
  GapInfo,
  ResultsSnapshot,
  RowData,
  ViewRequest,
  ViewSnapshot,
} from './engine-protocol.js';
import type { ExportSource } from './export.js';
import { LivePatterns, type PatternsSnapshot } from './live-patterns.js';
import { LiveResults } from './live-results.js';
import { LogBuffer, type BufferPredicate } from './log-buffer.js';
import { nextShownMark } from './mark-find.js';
import { QueryReader } from './query-reader.js';
import { buildHistogram, seekTime, type TimeHistogram } from './time-histogram.js';
import { inTimeRange, type TimeRange } from '../../core/time-bound.js';

/** Characters of a message sent to the UI per row: more than any terminal row shows. */
const ROW_MESSAGE_CHARS = 2000;

/** How long after a reconnect sequence gaps are added to its marker instead of getting their own. */
const RECONNECT_MERGE_MS = 5000;

/** How a LogEngine tells time, bounds its memory and decodes. */
export interface LogEngineOptions {
  /** Clock for arrival times and gap markers (default Date.now). */
  now?: () => number;
  /** Most bytes of log text buffered (default DEFAULT_MAX_BUFFER_BYTES). */
  maxBytes?: number;
  /** How payloads become records (a decoder shared with the analyzer in embedded and local mode). */
  decode?: SkipFieldsDecoder;
  /** Payloads above this many bytes are cut and kept as plain text (default DEFAULT_MAX_LINE_BYTES). */
  maxLineBytes?: number;
  /** Lines the engine's own sources cut (local mode), counted in `truncated` too. */
  sourceTruncated?: () => number;
  /** Only logs whose own time is in this range are kept (`--since`/`--until`); the others are counted. */
  range?: TimeRange;
  /** Logs the engine's own sources dropped (local mode). */
  sourceDropped?: () => number;
}

/** Most bars a histogram is asked for: wider than any terminal. */
const MAX_HISTOGRAM_BARS = 2000;
/** A histogram is counted again no sooner than this many times as long as the last count took. */
const HISTOGRAM_DUTY = 10;

/**
 * The collector's data side: decodes payloads, keeps the bounded buffer and the filtered
 * index, records gaps, and cuts view snapshots for the UI. It does no I/O, so it runs the
 * same in a worker thread (normal use) and in-process (tests).
 */
export class LogEngine implements ExportSource {
  private readonly buffer: LogBuffer<GapInfo>;
  private readonly tracker = new GapTracker();
  /** The marker of the last reconnect, while sequence gaps may still be attributed to it. */
  private openMarker: { info: GapInfo; until: number; counted: number; tracked: number } | undefined;
  private filterText = '';
  /** The table of the query in force, when it has a pipeline. */
  private live: LiveResults | undefined;
  private readonly reader: QueryReader;
  /** The patterns view's miner: started the first time the view opens, then fed every log. */
  private patterns: LivePatterns | undefined;
  private changes = 0;
  private readonly stats: StreamCounters = {
    received: 0,
    plain: 0,
    evicted: 0,
    missed: 0,
    disconnects: 0,
    truncated: 0,
    outOfRange: 0,
  };

  private readonly now: () => number;
  private readonly decode: SkipFieldsDecoder;
  private readonly maxLineBytes: number | undefined;
  private readonly sourceTruncated: (() => number) | undefined;
  private readonly range: TimeRange | undefined;
  private lastHistogram:
    { version: number; bars: number; histogram: TimeHistogram | undefined; at: number; tookMs: number } | undefined;
  private readonly sourceDropped: (() => number) | undefined;

  constructor(capacity: number, opts: LogEngineOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxLineBytes = opts.maxLineBytes;
    this.sourceTruncated = opts.sourceTruncated;
    this.range =
      opts.range !== undefined && (opts.range.since ?? opts.range.until) !== undefined ? opts.range : undefined;
    this.sourceDropped = opts.sourceDropped;
    this.decode = opts.decode ?? skipFieldsDecoder(opts.maxLineBytes);
    this.buffer = new LogBuffer<GapInfo>(capacity, opts.maxBytes);
    this.reader = new QueryReader(this.buffer, (seq) => this.record(seq));
  }

  /** Decodes and stores one payload from the logs channel. */
  ingest(payload: Payload): void {
    const now = this.now();
    // The buffer keeps only what the list shows and the payload; `record` decodes the rest when a log is opened.
    const log = this.decode(payload, now);
    if (log.producer !== undefined) {
      const missed = this.tracker.observe(log.producer.id, log.producer.seq, now);
      if (missed > 0) this.addMissed(missed, now);
    }
    this.stats.received++;
    if (this.range !== undefined && !inTimeRange(log.time, this.range)) {
      this.stats.outOfRange++;
      this.changes++;
      return;
    }
    if (log.plain) this.stats.plain++;
    if (log.truncated === true) this.stats.truncated++;
    // Mined before the buffer's filter sees the log, so a `pattern:ID` filter finds its id known.
    this.patterns?.add(log.message, now);
    // The producer stamp has been read (above): the buffer keeps the log without it.
    const stamp = log.producer !== undefined ? stampLength(log.raw, log.producer) : 0;
    const seq = this.buffer.push(log, log.raw, log.truncated === true ? undefined : payload, stamp);
    // The newest shown log is this one exactly when it passed the filter.
    if (this.live !== undefined && this.buffer.seqAt(0) === seq)
      this.live.add(this.reader.pipelineInput(seq, this.live.needsRecord));
    this.changes++;
  }

  /**
   * Logs missing by producer sequence numbers: added to the marker of a reconnect that just
   * happened (they are what it lost), else shown as a marker of their own.
   */
  private addMissed(missed: number, now: number): void {
    const open = this.openMarker;
    if (open !== undefined && now <= open.until) {
      // The bus may have counted the same logs (entries trimmed from a stream): the larger count wins.
      open.tracked += missed;
      const total = Math.max(open.counted, open.tracked);
      this.stats.missed += total - (open.info.missed ?? 0);
      open.info.missed = total;
      return;
    }
    this.markGap({ missed, downMs: undefined });
  }

  /** Adds a marker row for a gap in the stream (a disconnect, or logs missing by sequence). */
  markGap(info: GapInfo): void {
    if (info.missed !== undefined) this.stats.missed += info.missed;
    if (info.downMs !== undefined) this.stats.disconnects++;
    const gap = { ...info };
    if (info.downMs !== undefined)
      this.openMarker = { info: gap, until: this.now() + RECONNECT_MERGE_MS, counted: info.missed ?? 0, tracked: 0 };
    this.buffer.pushGap(this.now(), 'warn', 'logstream', gap);
    this.changes++;
  }

  /**
   * Applies a query to the whole buffer: its filter to the list, its pipeline (if any) to a
   * results table fed the logs shown and every new one that passes. Returns the error of an
   * invalid query (what was in force stays).
   */
  setFilter(query: string, levelMin?: Level): string | undefined {
    const compiled = compileLiveQuery(query, levelMin, { patternById: (id) => this.patternTest(id) });
    if (!compiled.ok) return compiled.error;
    const test = compiled.test;
    // Filters on level, service and message read the buffer's columns; others decode the payload.
    const predicate: BufferPredicate | undefined =
      test === undefined
        ? undefined
        : compiled.filterNeedsRecord
          ? (fields, seq) => test(this.reader.read(seq, fields))
          : (fields) => test(fields);
    this.reader.use(compiled.fieldNames);
    // Gap markers stay visible whatever the filter: they say what the list may be missing.
    this.buffer.setFilter(predicate);
    // Other logs are shown: the histogram is counted again at once, however long it took.
    this.lastHistogram = undefined;
    this.filterText = query.trim();
    // `| patterns` files logs with the session's miner, so its ids are the patterns view's.
    if (compiled.tableStage?.kind === 'patterns') this.startPatterns();
    const patterns = this.patterns;
    const pipeline = compiled.newPipeline(patterns === undefined ? {} : { patterns: () => patterns.stageMiner() });
    this.live = pipeline === undefined ? undefined : new LiveResults(this.filterText, pipeline, compiled.needsRecord);
    if (this.live !== undefined) {
      for (let i = this.buffer.size - 1; i >= 0; i--) {
        const seq = this.buffer.seqAt(i);
        if (seq !== undefined && !this.buffer.isGap(seq))
          this.live.add(this.reader.pipelineInput(seq, this.live.needsRecord));
      }
    }
    this.changes++;
    return undefined;
  }

  /**
   * Starts mining patterns (once; later calls do nothing): every log held, oldest first, at the
   * time the list shows for it, then each new one at its arrival.
   */
  startPatterns(): void {
    if (this.patterns !== undefined) return;
    const now = this.now();
    const patterns = new LivePatterns(now);
    const buffer = this.buffer;
    const end = buffer.firstSeq + buffer.total;
    for (let seq = buffer.firstSeq; seq < end; seq++) {
      const row = buffer.row(seq);
      if (row !== undefined && row.gap === undefined) patterns.add(row.message, Math.min(row.time, now));
    }
    this.patterns = patterns;
  }

  /** The patterns view's rows, once mining started. */
  patternsSnapshot(): PatternsSnapshot | undefined {
    return this.patterns?.snapshot(this.now());
  }

  /** Grows with every log mined (undefined before mining started). */
  get patternsVersion(): number | undefined {
    return this.patterns?.version;
  }

  /**
   * What `pattern:ID` means here: the logs the session's miner files under that id. It starts
   * mining if the view never did; an id it never gave (or dropped under its cap) matches nothing,
   * as any filter that finds nothing, rather than leaving the list and its filter box disagreeing.
   */
  private patternTest(id: string): (message: string) => boolean {
    this.startPatterns();
    const patterns = this.patterns;
    return (message) => patterns?.idOf(message) === id;
  }

  /** The results table of the query in force, when it has a pipeline. */
  results(): ResultsSnapshot | undefined {
    return this.live?.snapshot();
  }

  /** Grows whenever the results table may have changed (undefined without one). */
  get resultsVersion(): number | undefined {
    return this.live?.version;
  }

  /**
   * The next log matching a search pattern, strictly older/newer than `fromSeq` (or from the
   * newest/oldest end when undefined), among the logs the filter shows.
   */
  find(pattern: string, fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    const compiled = compileFilter(pattern, { ignoreCase: pattern === pattern.toLowerCase() });
    if (!compiled.ok || compiled.predicate === undefined) return undefined;
    const buffer = this.buffer;
    const step = direction === 'older' ? 1 : -1;
    let i: number;
    if (fromSeq === undefined) i = direction === 'older' ? 0 : buffer.size - 1;
    else {
      const at = buffer.indexAtOrBefore(fromSeq);
      // indexAtOrBefore gives the row at or older than fromSeq: skip it when it is fromSeq itself.
      i =
        direction === 'older'
          ? buffer.seqAt(at) === fromSeq
            ? at + 1
            : Math.max(at, 0)
          : at < 0
            ? buffer.size - 1
            : at - 1;
    }
    const subject: FilterFields = { level: 'info', service: '', message: '' };
    for (; i >= 0 && i < buffer.size; i += step) {
      const seq = buffer.seqAt(i);
      if (seq !== undefined && !buffer.isGap(seq) && compiled.predicate(buffer.fill(seq, subject))) return seq;
    }
    return undefined;
  }

  /** The next of the (ascending) marked logs that the filter shows, strictly older/newer than `fromSeq`. */
  findMark(marks: readonly number[], fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    return nextShownMark(this.buffer, marks, fromSeq, direction);
  }

  /**
   * Counts of the shown logs by their own time and level, in at most `bars` bars. Counted again
   * only when something changed, and on a large buffer that keeps changing, at most every ten
   * times as long as the last count took: the worker spends a tenth of its time on it at most,
   * and the pane shows counts a little older instead.
   */
  histogram(bars: number): TimeHistogram | undefined {
    const n = Math.max(1, Math.min(MAX_HISTOGRAM_BARS, Math.floor(Number.isFinite(bars) ? bars : 1)));
    const last = this.lastHistogram;
    const started = performance.now();
    if (
      last !== undefined &&
      last.bars === n &&
      (last.version === this.changes || started - last.at < HISTOGRAM_DUTY * last.tookMs)
    )
      return last.histogram;
    const histogram = buildHistogram(this.buffer, n);
    const done = performance.now();
    this.lastHistogram = { version: this.changes, bars: n, histogram, at: done, tookMs: done - started };
    return histogram;
  }

  /**
   * The shown log the list should jump to for a time (or a bar `from`..`to`): see `seekTime`;
   * and the top row of a page with it at the oldest end and up to `newer` logs after it.
   */
  seekTime(from: number, to: number | undefined, newer: number): { seq: number | undefined; top: number | undefined } {
    const seq = seekTime(this.buffer, from, to);
    if (seq === undefined) return { seq, top: undefined };
    const index = this.buffer.indexOf(seq);
    const rows = Number.isFinite(newer) ? Math.max(0, Math.floor(newer)) : 0;
    return { seq, top: this.buffer.seqAt(Math.max(0, index - rows)) ?? seq };
  }

  newestShown(): number | undefined {
    return this.buffer.edgeSeq('newest');
  }

  shownFrom(seq: number, max: number): { seqs: number[]; next: number | undefined } {
    const buffer = this.buffer;
    const at = buffer.indexAtOrBefore(seq);
    // Index 0 is the newest: from the first shown log at or after seq towards it.
    let i = at < 0 ? buffer.size - 1 : buffer.seqAt(at) === seq ? at : at - 1;
    const seqs: number[] = [];
    for (; i >= 0 && seqs.length < max; i--) {
      const s = buffer.seqAt(i) as number;
      if (!buffer.isGap(s)) seqs.push(s);
    }
    const next = buffer.seqAt(i);
    return { seqs, next };
  }

  /** The full record of a sequence number, if still buffered (decoded again from its payload). */
  record(seq: number): LogRecord | undefined {
    const row = this.buffer.row(seq);
    if (row === undefined) return undefined;
    const { gap, ...fields } = row;
    if (gap !== undefined)
      return { ...fields, message: describeGap(gap), raw: '', latencyMs: undefined, fields: undefined };
    // The time it got on arrival stays, so the detail view agrees with the list.
    const options = this.maxLineBytes === undefined ? undefined : { maxLineBytes: this.maxLineBytes };
    return {
      ...decodeLog(this.buffer.raw(seq) ?? '', row.time, options),
      time: row.time,
      timeFromEvent: row.timeFromEvent,
    };
  }

  /** Grows whenever the state a snapshot shows may have changed. */
  get version(): number {
    return this.changes;
  }

  /** Counters so far. */
  counters(): StreamCounters {
    return {
      ...this.stats,
      evicted: this.buffer.evicted,
      truncated: this.stats.truncated + (this.sourceTruncated?.() ?? 0),
      ...(this.sourceDropped !== undefined ? { dropped: this.sourceDropped() } : {}),
    };
  }

  /** Bytes of log text buffered. */
  get bufferBytes(): number {
    return this.buffer.heldBytes;
  }

  /** The rows around the requested anchor, newest first, plus totals. */
  snapshot(req: ViewRequest): ViewSnapshot {
    const buffer = this.buffer;
    const height = Math.max(1, Math.floor(req.height));
    const margin = Math.max(0, Math.floor(req.margin));
    let top = 0;
    if (req.anchor !== undefined) {
      const at = buffer.indexAtOrBefore(req.anchor);
      top = at >= 0 ? at : Math.max(0, buffer.size - height);
    }
    const startIndex = Math.max(0, top - margin);
    const end = Math.min(buffer.size, top + height + margin);
    const rows: RowData[] = [];
    for (let i = startIndex; i < end; i++) {
      const seq = buffer.seqAt(i);
      const log = seq === undefined ? undefined : buffer.row(seq);
      if (seq === undefined || log === undefined) break;
      const { time, level, service, gap } = log;
      if (gap !== undefined) {
        rows.push({ seq, time, level, service, message: describeGap(gap), gap: { ...gap } });
        continue;
      }
      const message = log.message.length > ROW_MESSAGE_CHARS ? log.message.slice(0, ROW_MESSAGE_CHARS) : log.message;
      rows.push({ seq, time, level, service, message });
    }
    return {
      version: this.changes,
      size: buffer.size,
      total: buffer.total,
      capacity: buffer.capacity,
      startIndex,
      topIndex: top,
      heldFrom: buffer.firstSeq,
      oldestSeq: buffer.edgeSeq('oldest'),
      newestSeq: buffer.edgeSeq('newest'),
      rows,
      counters: this.counters(),
      filter: this.filterText,
    };
  }
}

/** The text of a gap marker row, e.g. "connection lost 3.2 s, ~41,200 logs missed". */
export function describeGap(info: GapInfo): string {
  const parts: string[] = [];
  if (info.downMs !== undefined) parts.push(`connection lost ${(info.downMs / 1000).toFixed(1)} s`);
  if (info.missed !== undefined) parts.push(`~${info.missed.toLocaleString('en-US')} logs missed`);
  else if (info.downMs !== undefined) parts.push('logs published meanwhile were missed');
  return `── ${parts.join(', ')} ──`;
}
