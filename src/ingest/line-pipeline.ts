import { LineSplitter, DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
import { lineText } from './line-text.js';
import { MultilineJoiner } from './multiline.js';
import { PartialLineJoiner } from './container-lines.js';
import type { LogRecord } from '../protocol/log-record.js';
import { parsedToRecord, textToWires, type ServiceNaming } from './normalise.js';
import { parseRecords } from './parse-line.js';
import { FlatLine } from './flat-json-line.js';
import { isAscii } from 'node:buffer';
import { nextControlByte } from './control-bytes.js';

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
   * this process that needs no fields (see parsedToRecord); false asks the source to wait. A
   * record is valid only during the call: the next line may be read into the same object.
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
  private readonly maxLineBytes: number;
  /** With `publishRecord`: two readers of flat JSON lines, one holding a line while the other reads the next. */
  private readonly flat: readonly [FlatLine, FlatLine] | undefined;
  /**
   * The last line, read by the flat JSON scanner, held until the next line shows it is a
   * record on its own (only a PostgreSQL continuation line could join it).
   */
  private held: FlatLine | undefined;

  constructor(private readonly opts: LinePipelineOptions) {
    this.counters = opts.counters ?? newCounters();
    this.now = opts.now ?? Date.now;
    this.idleFlushMs = opts.idleFlushMs ?? 250;
    this.maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.flat = opts.publishRecord === undefined ? undefined : [new FlatLine(opts.naming), new FlatLine(opts.naming)];
    this.joiner = new MultilineJoiner((record) => this.emitRecord(record));
    this.partials = new PartialLineJoiner((line) => this.joiner.push(line));
    this.splitter = new LineSplitter(({ bytes, truncated }) => {
      this.counters.lines++;
      if (truncated) this.counters.truncated++;
      if (!truncated && this.flat !== undefined) {
        const line = this.spare();
        if (line.readBytes(bytes, this.now())) return this.hold(line);
      }
      this.release();
      const { text, binary } = lineText(bytes);
      if (binary) this.counters.binary++;
      this.partials.push(text);
    }, this.maxLineBytes);
  }

  /** Feeds bytes; returns false when the consumer asked to wait before more is pushed. */
  push(chunk: Buffer): boolean {
    this.ok = true;
    if (this.flat === undefined) this.splitter.push(chunk);
    else this.pushText(chunk);
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

  /**
   * The whole lines of a chunk that is all ASCII are decoded at once and each flat JSON line
   * read where it lies in that text; every other line goes through the splitter, as the
   * pieces before the chunk's first and after its last line end do.
   */
  private pushText(chunk: Buffer): void {
    const first = chunk.indexOf(10);
    const last = first < 0 ? -1 : chunk.lastIndexOf(10);
    if (last <= first) {
      this.splitter.push(chunk);
      return;
    }
    this.splitter.push(chunk.subarray(0, first + 1));
    // In pieces small enough for the young generation, where a string that is dropped soon costs least (bench: query-file).
    for (let from = first + 1; from <= last;) {
      const cut = from + TEXT_PIECE_BYTES > last ? last : chunk.lastIndexOf(10, from + TEXT_PIECE_BYTES);
      const to = (cut < from ? chunk.indexOf(10, from) : cut) + 1;
      const piece = chunk.subarray(from, to);
      if (isAscii(piece)) this.pushAscii(piece, piece.toString('latin1'));
      else this.splitter.push(piece);
      from = to;
    }
    this.splitter.push(chunk.subarray(last + 1));
  }

  /** Whole lines: `text` is `bytes` (ASCII) as a string. */
  private pushAscii(bytes: Buffer, text: string): void {
    const arrivalMs = this.now();
    let control = -1;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (control < start) control = nextControlByte(bytes, start);
      const line = this.spare();
      if (control >= end && nl - start <= this.maxLineBytes && line.read(text, start, end, arrivalMs)) {
        this.counters.lines++;
        this.hold(line);
        continue;
      }
      this.splitter.push(bytes.subarray(start, nl + 1));
    }
  }

  /** The flat JSON reader that holds no line. */
  private spare(): FlatLine {
    const flat = this.flat as readonly [FlatLine, FlatLine];
    return this.held === flat[0] ? flat[1] : flat[0];
  }

  /** Holds a line the flat JSON reader took. */
  private hold(line: FlatLine): void {
    // A JSON line starts a record: what is held before it is complete.
    this.emitHeld();
    this.partials.flush();
    this.joiner.flush();
    this.held = line;
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
    if (this.opts.publishRecord?.(held) === false) this.ok = false;
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

/** Bytes of a chunk decoded into one string at most (unless one line is longer). */
const TEXT_PIECE_BYTES = 64 * 1024;

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
