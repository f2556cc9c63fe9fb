import { decodeLog } from '../../protocol/log-decode.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Payload } from '../../protocol/payload.js';
import { compileFilter } from '../../tui/state/filter.js';
import { LogStore, type LogPredicate } from '../../tui/state/log-store.js';
import type { EngineCounters, GapInfo, RowData, ViewRequest, ViewSnapshot } from './engine-protocol.js';

/** Characters of a message sent to the UI per row: more than any terminal row shows. */
const ROW_MESSAGE_CHARS = 2000;

/**
 * The collector's data side: decodes payloads, keeps the bounded buffer and the filtered
 * index, records gaps, and cuts view snapshots for the UI. It does no I/O, so it runs the
 * same in a worker thread (normal use) and in-process (tests).
 */
export class LogEngine {
  private readonly store: LogStore<LogRecord>;
  private readonly gaps = new WeakMap<LogRecord, GapInfo>();
  private filterText = '';
  private changes = 0;
  private readonly stats: EngineCounters = { received: 0, plain: 0, evicted: 0, missed: 0, disconnects: 0, truncated: 0 };

  constructor(capacity: number, private readonly now: () => number = Date.now) {
    this.store = new LogStore<LogRecord>(capacity);
  }

  /** Decodes and stores one payload from the logs channel. */
  ingest(payload: Payload): void {
    const log = decodeLog(payload, this.now());
    this.stats.received++;
    if (log.plain) this.stats.plain++;
    this.store.push(log);
    this.changes++;
  }

  /** Adds a marker row for a gap in the stream (a disconnect, or logs missing by sequence). */
  markGap(info: GapInfo): void {
    if (info.missed !== undefined) this.stats.missed += info.missed;
    if (info.downMs !== undefined) this.stats.disconnects++;
    const marker: LogRecord = {
      time: this.now(),
      timeFromEvent: false,
      level: 'warn',
      service: 'logstream',
      message: describeGap(info),
      latencyMs: undefined,
      fields: undefined,
      plain: true,
      raw: '',
    };
    this.gaps.set(marker, info);
    this.store.push(marker);
    this.changes++;
  }

  /** Applies a filter pattern to the whole buffer; returns the error of an invalid one (the old filter stays). */
  setFilter(pattern: string): string | undefined {
    const compiled = compileFilter(pattern);
    if (!compiled.ok) return compiled.error;
    const test = compiled.predicate;
    // Gap markers stay visible whatever the filter: they say what the list may be missing.
    const predicate: LogPredicate<LogRecord> | undefined = test === undefined ? undefined : (log) => this.gaps.has(log) || test(log);
    this.store.setFilter(predicate);
    this.filterText = compiled.text;
    this.changes++;
    return undefined;
  }

  /** The full record of a sequence number, if still buffered. */
  record(seq: number): LogRecord | undefined {
    return this.store.get(seq);
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
