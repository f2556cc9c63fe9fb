import { GapTracker } from '../../core/gap-tracker.js';
import { decodeLog } from '../../protocol/log-decode.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Payload } from '../../protocol/payload.js';
import type { Level } from '../../protocol/level.js';
import { compileFilter } from '../../tui/state/filter.js';
import { compileQuery } from '../../tui/state/query.js';
import { LogStore, type LogPredicate } from '../../tui/state/log-store.js';
import type { EngineCounters, GapInfo, RowData, ViewRequest, ViewSnapshot } from './engine-protocol.js';

/** Characters of a message sent to the UI per row: more than any terminal row shows. */
const ROW_MESSAGE_CHARS = 2000;

/**
 * What the buffer keeps of a log: what the list shows and filters on, plus the payload text.
 * The other fields are decoded again from `raw` when a log is opened or copied; keeping them
 * decoded for 200,000 logs cost about twice the memory (see bench/README.md).
 */
type StoredLog = Pick<LogRecord, 'time' | 'timeFromEvent' | 'level' | 'service' | 'message' | 'raw' | 'plain'>;

/** How long after a reconnect sequence gaps are added to its marker instead of getting their own. */
const RECONNECT_MERGE_MS = 5000;

const SKIP_FIELDS = { skipFields: true } as const;

/** Distinct service names kept for interning; beyond it names are stored as they come. */
const MAX_INTERNED = 10_000;

/**
 * The collector's data side: decodes payloads, keeps the bounded buffer and the filtered
 * index, records gaps, and cuts view snapshots for the UI. It does no I/O, so it runs the
 * same in a worker thread (normal use) and in-process (tests).
 */
export class LogEngine {
  private readonly store: LogStore<StoredLog>;
  private readonly gaps = new WeakMap<StoredLog, GapInfo>();
  private readonly services = new Map<string, string>();
  private readonly tracker = new GapTracker();
  /** The marker of the last reconnect, while sequence gaps may still be attributed to it. */
  private openMarker: { log: StoredLog; info: GapInfo; until: number } | undefined;
  private filterText = '';
  private changes = 0;
  private readonly stats: EngineCounters = { received: 0, plain: 0, evicted: 0, missed: 0, disconnects: 0, truncated: 0 };

  constructor(capacity: number, private readonly now: () => number = Date.now) {
    this.store = new LogStore<StoredLog>(capacity);
  }

  /** Decodes and stores one payload from the logs channel. */
  ingest(payload: Payload): void {
    const now = this.now();
    // The buffer keeps only what the list shows; `record` decodes the rest when a log is opened.
    const log = decodeLog(payload, now, SKIP_FIELDS);
    if (log.producer !== undefined) {
      const missed = this.tracker.observe(log.producer.id, log.producer.seq, now);
      if (missed > 0) this.addMissed(missed, now);
    }
    this.stats.received++;
    if (log.plain) this.stats.plain++;
    if (log.truncated === true) this.stats.truncated++;
    this.store.push({ time: log.time, timeFromEvent: log.timeFromEvent, level: log.level, service: this.intern(log.service), message: log.message, raw: log.raw, plain: log.plain });
    this.changes++;
  }

  /**
   * Logs missing by producer sequence numbers: added to the marker of a reconnect that just
   * happened (they are what it lost), else shown as a marker of their own.
   */
  private addMissed(missed: number, now: number): void {
    const open = this.openMarker;
    if (open !== undefined && now <= open.until) {
      open.info.missed = (open.info.missed ?? 0) + missed;
      open.log.message = describeGap(open.info);
      this.stats.missed += missed;
      return;
    }
    this.markGap({ missed, downMs: undefined });
  }

  /** Adds a marker row for a gap in the stream (a disconnect, or logs missing by sequence). */
  markGap(info: GapInfo): void {
    if (info.missed !== undefined) this.stats.missed += info.missed;
    if (info.downMs !== undefined) this.stats.disconnects++;
    const marker: StoredLog = { time: this.now(), timeFromEvent: false, level: 'warn', service: 'logstream', message: describeGap(info), plain: true, raw: '' };
    this.gaps.set(marker, info);
    if (info.downMs !== undefined) this.openMarker = { log: marker, info, until: this.now() + RECONNECT_MERGE_MS };
    this.store.push(marker);
    this.changes++;
  }

  /** Applies a filter query to the whole buffer; returns the error of an invalid one (the old filter stays). */
  setFilter(query: string, levelMin?: Level): string | undefined {
    const compiled = compileQuery(query, levelMin);
    if (!compiled.ok) return compiled.error;
    const test = compiled.predicate;
    // Gap markers stay visible whatever the filter: they say what the list may be missing.
    // Query predicates read only level, service and message, which a StoredLog has.
    const predicate: LogPredicate<StoredLog> | undefined = test === undefined ? undefined : (log) => this.gaps.has(log) || test(log as LogRecord);
    this.store.setFilter(predicate);
    this.filterText = query.trim();
    this.changes++;
    return undefined;
  }

  /**
   * The next log matching a search pattern, strictly older/newer than `fromSeq` (or from the
   * newest/oldest end when undefined), among the logs the filter shows.
   */
  find(pattern: string, fromSeq: number | undefined, direction: 'older' | 'newer'): number | undefined {
    const compiled = compileFilter(pattern, { ignoreCase: pattern === pattern.toLowerCase() });
    if (!compiled.ok || compiled.predicate === undefined) return undefined;
    const store = this.store;
    const step = direction === 'older' ? 1 : -1;
    let i: number;
    if (fromSeq === undefined) i = direction === 'older' ? 0 : store.size - 1;
    else {
      const at = store.indexAtOrBefore(fromSeq);
      // indexAtOrBefore gives the row at or older than fromSeq: skip it when it is fromSeq itself.
      i = direction === 'older' ? (store.seqAt(at) === fromSeq ? at + 1 : Math.max(at, 0)) : at < 0 ? store.size - 1 : at - 1;
    }
    for (; i >= 0 && i < store.size; i += step) {
      const seq = store.seqAt(i);
      const log = seq === undefined ? undefined : store.get(seq);
      if (log !== undefined && !this.gaps.has(log) && compiled.predicate(log as LogRecord)) return seq;
    }
    return undefined;
  }

  /** The full record of a sequence number, if still buffered (decoded again from its payload). */
  record(seq: number): LogRecord | undefined {
    const log = this.store.get(seq);
    if (log === undefined) return undefined;
    if (this.gaps.has(log)) return { ...log, latencyMs: undefined, fields: undefined };
    // The time it got on arrival stays, so the detail view agrees with the list.
    return { ...decodeLog(log.raw, log.time), time: log.time, timeFromEvent: log.timeFromEvent };
  }

  private intern(name: string): string {
    const known = this.services.get(name);
    if (known !== undefined) return known;
    if (this.services.size < MAX_INTERNED) this.services.set(name, name);
    return name;
  }

  /** Grows whenever the state a snapshot shows may have changed. */
  get version(): number {
    return this.changes;
  }

  /** Counters so far. */
  counters(): EngineCounters {
    return { ...this.stats, evicted: this.store.evicted };
  }

  /** The rows around the requested anchor, newest first, plus totals. */
  snapshot(req: ViewRequest): ViewSnapshot {
    const store = this.store;
    const height = Math.max(1, Math.floor(req.height));
    const margin = Math.max(0, Math.floor(req.margin));
    let top = 0;
    if (req.anchor !== undefined) {
      const at = store.indexAtOrBefore(req.anchor);
      top = at >= 0 ? at : Math.max(0, store.size - height);
    }
    const startIndex = Math.max(0, top - margin);
    const end = Math.min(store.size, top + height + margin);
    const rows: RowData[] = [];
    for (let i = startIndex; i < end; i++) {
      const seq = store.seqAt(i);
      const log = seq === undefined ? undefined : store.get(seq);
      if (seq === undefined || log === undefined) break;
      const gap = this.gaps.get(log);
      const message = log.message.length > ROW_MESSAGE_CHARS ? log.message.slice(0, ROW_MESSAGE_CHARS) : log.message;
      rows.push(gap === undefined ? { seq, time: log.time, level: log.level, service: log.service, message } : { seq, time: log.time, level: log.level, service: log.service, message, gap });
    }
    return {
      version: this.changes,
      size: store.size,
      total: store.total,
      capacity: store.capacity,
      startIndex,
      topIndex: top,
      oldestSeq: store.edgeSeq('oldest'),
      newestSeq: store.edgeSeq('newest'),
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
