import { LineSplitter, DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
import { lineText } from './line-text.js';
import { MultilineJoiner } from './multiline.js';
import { PartialLineJoiner } from './container-lines.js';
import type { LogRecord } from '../protocol/log-record.js';
import { asWireRecord, parsedToRecord, textToWires, type ServiceNaming } from './normalise.js';
import { parseRecords } from './parse-line.js';
import { flatJsonLine } from './flat-json-line.js';

const SKIP_FIELDS = { skipFields: true } as const;

/** What a line source has seen; the numbers only grow. */
export interface IngestCounters {
  lines: number;
  /** Logs made: a joined stack trace is one, an OTLP/JSON line one per record. */
  records: number;
  /** Lines cut at the maximum line length. */
  truncated: number;
  /** Lines that were not valid UTF-8 (kept, escaped). */
  binary: number;
}

/** Creates zeroed counters. */
export function newCounters(): IngestCounters {
  return { lines: 0, records: 0, truncated: 0, binary: 0 };
}

export interface LinePipelineOptions {
  naming: ServiceNaming;
  /** Takes one log in wire form; false asks the source to wait (`drain`) before reading more. */
  publish: (wire: string) => boolean;
  /**
   * Takes the logs as records instead of `publish` taking their wire form, for a consumer in
   * this process that needs no fields (see parsedToRecord); false asks the source to wait.
   */
  publishRecord?: ((log: LogRecord) => boolean) | undefined;
  counters?: IngestCounters;
  maxLineBytes?: number;
  /** A held multi-line record is emitted after this long without a new line (default 250 ms). */
  idleFlushMs?: number;
  now?: () => number;
}

/**
 * Bytes → lines → multi-line records → parsed, normalised wire logs, for one source (one
 * file, stdin). Memory is bounded by the longest line and the largest joined record.
 */
export class LinePipeline {
  readonly counters: IngestCounters;
  private readonly splitter: LineSplitter;
  private readonly joiner: MultilineJoiner;
  private readonly partials: PartialLineJoiner;
  private readonly now: () => number;
  private readonly idleFlushMs: number;
  private timer: NodeJS.Timeout | undefined;
  private lastLineAt = 0;
  private ok = true;
  /**
   * With `publishRecord`: the last line, read by the flat JSON scanner, held until the next
   * line shows it is a record on its own (only a PostgreSQL continuation line could join it).
   */
  private held: LogRecord | undefined;

  constructor(private readonly opts: LinePipelineOptions) {
    this.counters = opts.counters ?? newCounters();
    this.now = opts.now ?? Date.now;
    this.idleFlushMs = opts.idleFlushMs ?? 250;
    this.joiner = new MultilineJoiner((record) => this.emitRecord(record));
    this.partials = new PartialLineJoiner((line) => this.joiner.push(line));
    this.splitter = new LineSplitter(({ bytes, truncated }) => {
      this.counters.lines++;
      if (truncated) this.counters.truncated++;
      if (opts.publishRecord !== undefined && !truncated && this.takeFlat(bytes)) return;
      this.release();
      const { text, binary } = lineText(bytes);
      if (binary) this.counters.binary++;
      this.partials.push(text);
    }, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  }

  /** Feeds bytes; returns false when the consumer asked to wait before more is pushed. */
  push(chunk: Buffer): boolean {
    this.ok = true;
    this.splitter.push(chunk);
    this.lastLineAt = this.now();
    if (this.joiner.pending || this.held !== undefined) this.armTimer();
    return this.ok;
  }

  /** The input ended (or a file was rotated or truncated): emits the unfinished line and any held record. */
  end(): boolean {
    this.ok = true;
    this.splitter.end();
    this.emitHeld();
    this.partials.flush();
    this.joiner.flush();
    this.clearTimer();
    return this.ok;
  }

  /** Stops the idle timer (what is held is emitted). */
  close(): void {
    this.end();
  }

  private emitRecord(record: string): void {
    const toRecord = this.opts.publishRecord;
    if (toRecord !== undefined) {
      for (const p of parseRecords(record, this.now(), SKIP_FIELDS)) {
        this.counters.records++;
        if (!toRecord(parsedToRecord(p, this.opts.naming, record))) this.ok = false;
      }
      return;
    }
    // One record may hold several logs (an OTLP/JSON line): the count is of logs, as shipped.
    for (const wire of textToWires(record, this.now(), this.opts.naming)) {
      this.counters.records++;
      if (!this.opts.publish(wire)) this.ok = false;
    }
  }

  /** Reads a flat JSON line straight to its log (see flatJsonLine); false leaves it to the general way. */
  private takeFlat(bytes: Buffer): boolean {
    const line = flatJsonLine(bytes, this.now());
    if (line === undefined) return false;
    // A JSON line starts a record: what is held before it is complete.
    this.emitHeld();
    this.partials.flush();
    this.joiner.flush();
    this.held = line;
    return true;
  }

  /** The held line goes the general way, where the line after it may join it. */
  private release(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.joiner.push(held.raw);
  }

  private emitHeld(): void {
    const held = this.held;
    if (held === undefined) return;
    this.held = undefined;
    this.counters.records++;
    if (this.opts.publishRecord?.(asWireRecord(held, this.opts.naming)) === false) this.ok = false;
  }

  private armTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const idle = this.now() - this.lastLineAt;
      if (idle >= this.idleFlushMs) {
        this.emitHeld();
        this.joiner.flush();
      } else if (this.joiner.pending || this.held !== undefined) this.armTimer();
    }, this.idleFlushMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Default service for a file: its name without directories and the usual log extensions
 * (`/var/log/api.log` → `api`); a kubelet's pod log (`/var/log/pods/NS_POD_UID/CONTAINER/0.log`,
 * `/var/log/containers/POD_NS_CONTAINER-ID.log`) is named after its container.
 */
export function serviceFromPath(path: string): string {
  const parts = path.split(/[\\/]/);
  const base = parts.pop() ?? path;
  const container = parts.pop();
  if (/^\d+\.log(?:\.\d{8}-\d{6})?(?:\.gz)?$/.test(base) && container !== undefined && container !== '')
    return container;
  const linked = /^[^_]+_[^_]+_(.+)-[0-9a-f]{64}\.log$/.exec(base);
  if (linked !== null) return linked[1] as string;
  const name = base.replace(/(?:\.(?:log|txt|json|jsonl|ndjson|out|err))+(?:\.\d+)?(?:\.gz)?$/i, '');
  return name === '' ? base : name;
}
