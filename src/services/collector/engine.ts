import { stampLength } from '../../protocol/producer-stamp.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Payload } from '../../protocol/payload.js';
import { skipFieldsDecoder, type SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import type { Level } from '../../protocol/level.js';
import { compileLiveQuery } from '../../query/live-query.js';
import { inTimeRange, type TimeRange } from '../../core/time-bound.js';
import { BufferQuery } from './buffer-query.js';
import { bufferRecord, bufferRows } from './buffer-rows.js';
import { searchBuffer } from './buffer-search.js';
import {
  ZERO_STREAM_COUNTERS,
  type StreamCounters,
  type GapInfo,
  type ResultsSnapshot,
  type ViewRequest,
  type ViewSnapshot,
} from './engine-protocol.js';
import type { ExportSource } from './export.js';
import { LivePatterns, type PatternsSnapshot } from './live-patterns.js';
import { LogBuffer } from './log-buffer.js';
import { nextShownMark } from './mark-find.js';
import { PacedHistogram } from './paced-histogram.js';
import { seekPage, shownFrom } from './snapshot-window.js';
import { StreamGaps } from './stream-gaps.js';
import { seekTime, type TimeHistogram } from './time-histogram.js';

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

/**
 * The collector's data side: decodes payloads, keeps the bounded buffer and the filtered
 * index, records gaps, and cuts view snapshots for the UI. It does no I/O, so it runs the
 * same in a worker thread (normal use) and in-process (tests).
 */
export class LogEngine implements ExportSource {
  private readonly buffer: LogBuffer<GapInfo>;
  private readonly gaps: StreamGaps;
  private readonly query: BufferQuery;
  /** The patterns view's miner: started the first time the view opens, then fed every log. */
  private patterns: LivePatterns | undefined;
  private changes = 0;
  private readonly stats: StreamCounters = { ...ZERO_STREAM_COUNTERS };

  private readonly now: () => number;
  private readonly decode: SkipFieldsDecoder;
  private readonly maxLineBytes: number | undefined;
  private readonly sourceTruncated: (() => number) | undefined;
  private readonly range: TimeRange | undefined;
  private readonly pacedHistogram: PacedHistogram;
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
    this.query = new BufferQuery(this.buffer, (seq) => this.record(seq));
    this.gaps = new StreamGaps(this.buffer, this.stats, this.now);
    this.pacedHistogram = new PacedHistogram(this.buffer);
  }

  /** Decodes and stores one payload from the logs channel. */
  ingest(payload: Payload): void {
    const now = this.now();
    // The buffer keeps only what the list shows and the payload; `record` decodes the rest when a log is opened.
    const log = this.decode(payload, now);
    if (log.producer !== undefined && this.gaps.observe(log.producer, now)) this.changes++;
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
    this.query.pushed(seq);
    this.changes++;
  }

  /** Adds a marker row for a gap in the stream (a disconnect, or logs missing by sequence). */
  markGap(info: GapInfo): void {
    this.gaps.mark(info);
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
    // `| patterns` files logs with the session's miner, so its ids are the patterns view's.
    if (compiled.tableStage?.kind === 'patterns') this.startPatterns();
    this.query.apply(compiled, query, this.patterns);
    // Other logs are shown: the histogram is counted again at once, however long it took.
    this.pacedHistogram.reset();
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
    return this.query.results();
  }

  /** Grows whenever the results table may have changed (undefined without one). */
  get resultsVersion(): number | undefined {
    return this.query.resultsVersion;
  }

  /**
   * The next log matching a search pattern, strictly older/newer than `fromSeq` (or from the
   * newest/oldest end when undefined), among the logs the filter shows.
   */
  find(pattern: string, fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    return searchBuffer(this.buffer, pattern, fromSeq, direction);
  }

  /** The next of the (ascending) marked logs that the filter shows, strictly older/newer than `fromSeq`. */
  findMark(marks: readonly number[], fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    return nextShownMark(this.buffer, marks, fromSeq, direction);
  }

  /** Counts of the shown logs by their own time and level, in at most `bars` bars (see PacedHistogram). */
  histogram(bars: number): TimeHistogram | undefined {
    return this.pacedHistogram.get(bars, this.changes);
  }

  /**
   * The shown log the list should jump to for a time (or a bar `from`..`to`): see `seekTime`;
   * and the top row of a page with it at the oldest end and up to `newer` logs after it.
   */
  seekTime(from: number, to: number | undefined, newer: number): { seq: number | undefined; top: number | undefined } {
    return seekPage(this.buffer, seekTime(this.buffer, from, to), newer);
  }

  newestShown(): number | undefined {
    return this.buffer.edgeSeq('newest');
  }

  shownFrom(seq: number, max: number): { seqs: number[]; next: number | undefined } {
    return shownFrom(this.buffer, seq, max, (s) => this.buffer.isGap(s));
  }

  /** The full record of a sequence number, if still buffered (decoded again from its payload). */
  record(seq: number): LogRecord | undefined {
    return bufferRecord(this.buffer, seq, this.maxLineBytes);
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
    const { window, rows } = bufferRows(buffer, req);
    return {
      version: this.changes,
      size: buffer.size,
      total: buffer.total,
      capacity: buffer.capacity,
      startIndex: window.startIndex,
      topIndex: window.top,
      heldFrom: buffer.firstSeq,
      oldestSeq: buffer.edgeSeq('oldest'),
      newestSeq: buffer.edgeSeq('newest'),
      rows,
      counters: this.counters(),
      filter: this.query.text,
    };
  }
}
