import { LEVELS, type Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Payload } from '../../protocol/payload.js';
import type { FilterFields, LogView } from '../../query/log-view.js';
import { MatchIndex } from './match-index.js';
import { TextArena } from './text-arena.js';

/** What the buffer keeps of a log besides its text. */
export type BufferedFields = Pick<LogRecord, 'time' | 'timeFromEvent' | 'level' | 'service' | 'message' | 'plain'>;

/**
 * Decides whether a buffered log is shown, from what the list shows of it; `seq` lets a filter
 * on other fields read the log's payload (already stored when it is called).
 */
export type BufferPredicate = (fields: FilterFields, seq: number) => boolean;

/** A buffered log as the list shows it; `gap` on marker rows. */
export interface BufferedRow<G> extends BufferedFields {
  gap: G | undefined;
}

/** Default bound on the bytes of text held, whatever the number of logs (see `LogBuffer`). */
export const DEFAULT_MAX_BUFFER_BYTES = 256 * 1024 * 1024;
/**
 * Most logs a buffer holds (`--buffer`). Its columns take 37 bytes a log, reserved up front
 * but paged in by the system only as they fill, so a large capacity costs memory only once
 * it is used; the text stays bounded by `maxBytes` whatever the capacity.
 */
export const MAX_BUFFER_CAPACITY = 10_000_000;
/** Distinct service names interned; names beyond it are stored with their log's text. */
const MAX_INTERNED = 10_000;

// Bits of `meta`: the level's index in LEVELS, then flags.
const LEVEL_MASK = 0b111;
const FROM_EVENT = 1 << 3;
const PLAIN = 1 << 4;
const GAP = 1 << 5;
const SERVICE_INLINE = 1 << 6;

/**
 * The collector's bounded buffer: the last `capacity` logs (and at most `maxBytes` of their
 * text), with the index of those the filter lets through. Each log is a row of typed-array
 * columns plus its payload bytes in a `TextArena`; the message is read from the payload
 * bytes where the payload holds it verbatim (the usual case), else stored after it. Service
 * names are interned. Gap markers are rows with no text whose description `G` is kept aside.
 * What 200,000 generated logs take this way, off the heap: bench/buffer.bench.ts.
 */
export class LogBuffer<G> implements LogView {
  private readonly arena = new TextArena();
  private readonly time: Float64Array;
  private readonly chunk: Uint32Array;
  private readonly offset: Uint32Array;
  private readonly rawLength: Uint32Array;
  /** Offset of the message from the record's start. */
  private readonly messageAt: Uint32Array;
  private readonly messageLength: Uint32Array;
  /** Interned service id, or the byte length of an inline service name. */
  private readonly serviceRef: Uint32Array;
  private readonly meta: Uint8Array;
  private readonly serviceIds = new Map<string, number>();
  private readonly serviceNames: string[] = [];
  private readonly gaps = new Map<number, G>();
  private readonly matches: MatchIndex;
  private predicate: BufferPredicate | undefined;
  private nextSeq = 0;
  private oldestSeq = 0;
  /** Logs pushed out by newer ones (the buffer is bounded on purpose). */
  evicted = 0;

  constructor(
    readonly capacity: number,
    private readonly maxBytes = DEFAULT_MAX_BUFFER_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_BUFFER_CAPACITY) {
      throw new RangeError(`buffer capacity must be a whole number from 1 to ${MAX_BUFFER_CAPACITY}, got ${capacity}`);
    }
    this.time = new Float64Array(capacity);
    this.chunk = new Uint32Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.rawLength = new Uint32Array(capacity);
    this.messageAt = new Uint32Array(capacity);
    this.messageLength = new Uint32Array(capacity);
    this.serviceRef = new Uint32Array(capacity);
    this.meta = new Uint8Array(capacity);
    this.matches = new MatchIndex(capacity);
  }

  /** Logs held (filtered or not). */
  get total(): number {
    return this.nextSeq - this.oldestSeq;
  }

  /** Sequence number of the oldest log held (the next one's when none is). */
  get firstSeq(): number {
    return this.oldestSeq;
  }

  /** Logs that pass the filter. */
  get size(): number {
    return this.matches.size;
  }

  /** Bytes of text held. */
  get heldBytes(): number {
    return this.arena.heldBytes;
  }

  /**
   * Adds a log: its fields as decoded and its payload as text (`raw`, what `decodeLog`
   * returned); `payload`, the bytes received, saves encoding `raw` again: pass it only when
   * `raw` is all of it (not when the payload was truncated). `cutBeforeEnd`: that many ASCII
   * characters just before the last one are not kept (a producer stamp already read).
   * Returns its sequence number.
   */
  push(fields: BufferedFields, raw: string, payload?: Payload, cutBeforeEnd = 0): number {
    const bytes = typeof payload === 'string' ? undefined : payload;
    const fullLength = bytes !== undefined ? bytes.length : Buffer.byteLength(raw, 'utf8');
    // `cutBeforeEnd` ASCII bytes before the last one are left out (see stampLength).
    const cut = cutBeforeEnd > 0 && cutBeforeEnd < fullLength && cutBeforeEnd < raw.length ? cutBeforeEnd : 0;
    const rawLength = fullLength - cut;
    // One byte per character: every character is ASCII (or, from bytes, an invalid byte, which
    // decodes to U+FFFD again), so a character's index in `raw` is its byte offset.
    const aligned = fullLength === raw.length;
    const message = fields.message;
    let messageAt = message === '' ? 0 : aligned ? raw.indexOf(message) : -1;
    const messageLength = messageAt >= 0 ? message.length : Buffer.byteLength(message, 'utf8');
    const serviceId = this.intern(fields.service, MAX_INTERNED);
    const serviceLength = serviceId === undefined ? Buffer.byteLength(fields.service, 'utf8') : 0;

    const seq = this.admit();
    const slot = seq % this.capacity;
    const arena = this.arena;
    this.chunk[slot] = arena.reserve(rawLength + (messageAt >= 0 ? 0 : messageLength) + serviceLength);
    this.offset[slot] = arena.offset;
    if (cut === 0) {
      if (bytes !== undefined) arena.appendBytes(bytes);
      else arena.appendText(raw, aligned);
    } else {
      if (bytes !== undefined) arena.appendBytes(bytes.subarray(0, fullLength - cut - 1));
      else arena.appendText(raw.slice(0, raw.length - cut - 1), aligned);
      arena.appendText(raw.slice(-1), true);
    }
    if (messageAt < 0) {
      messageAt = rawLength;
      arena.appendText(message, false);
    }
    if (serviceId === undefined) arena.appendText(fields.service, false);
    this.time[slot] = fields.time;
    this.rawLength[slot] = rawLength;
    this.messageAt[slot] = messageAt;
    this.messageLength[slot] = messageLength;
    this.serviceRef[slot] = serviceId ?? serviceLength;
    this.meta[slot] =
      levelIndex(fields.level) |
      (fields.timeFromEvent ? FROM_EVENT : 0) |
      (fields.plain ? PLAIN : 0) |
      (serviceId === undefined ? SERVICE_INLINE : 0);
    this.admitted(seq, fields);
    return seq;
  }

  /** Adds a marker row (a gap in the stream) described by `gap`; the filter never hides it. */
  pushGap(time: number, level: Level, service: string, gap: G): number {
    const seq = this.admit();
    const slot = seq % this.capacity;
    this.chunk[slot] = this.arena.reserve(0);
    this.offset[slot] = this.arena.offset;
    this.time[slot] = time;
    this.rawLength[slot] = 0;
    this.messageAt[slot] = 0;
    this.messageLength[slot] = 0;
    // Always interned: markers name one service, and their rows hold no text to put it in.
    this.serviceRef[slot] = this.intern(service, Infinity) as number;
    this.meta[slot] = levelIndex(level) | GAP | PLAIN;
    this.gaps.set(seq, gap);
    this.matches.append(seq);
    return seq;
  }

  /** Replaces the filter and re-indexes the whole buffer (so clearing it brings every log back). */
  setFilter(predicate: BufferPredicate | undefined): void {
    this.predicate = predicate;
    this.matches.clear();
    const subject: FilterFields = { level: 'info', service: '', message: '' };
    for (let seq = this.oldestSeq; seq < this.nextSeq; seq++) {
      if (predicate === undefined || this.isGap(seq) || predicate(this.fill(seq, subject), seq))
        this.matches.append(seq);
    }
  }

  /** True when `seq` is held and is a marker row. */
  isGap(seq: number): boolean {
    return this.holds(seq) && ((this.meta[seq % this.capacity] as number) & GAP) !== 0;
  }

  /** The marker description of `seq`, when it is a held marker row. */
  gap(seq: number): G | undefined {
    return this.holds(seq) ? this.gaps.get(seq) : undefined;
  }

  /** The time of a held log (NaN when not held). */
  timeOf(seq: number): number {
    return this.holds(seq) ? (this.time[seq % this.capacity] as number) : NaN;
  }

  /**
   * Calls `visit` for each shown log, oldest first, until it returns false: its sequence
   * number, time, level (its index in LEVELS) and whether the time is its own (not the time it
   * arrived). Marker rows are skipped. One pass over the columns, for the time histogram.
   */
  scanTimes(visit: (seq: number, time: number, level: number, fromEvent: boolean) => boolean | void): void {
    const { capacity, meta, time } = this;
    this.matches.forEachOldestFirst((seq) => {
      const slot = seq % capacity;
      const m = meta[slot] as number;
      if ((m & GAP) !== 0) return true;
      return visit(seq, time[slot] as number, m & LEVEL_MASK, (m & FROM_EVENT) !== 0);
    });
  }

  /** True when `seq` is held and was kept as plain text (not a JSON object). */
  isPlain(seq: number): boolean {
    return this.holds(seq) && ((this.meta[seq % this.capacity] as number) & PLAIN) !== 0;
  }

  /** The fields of a held log (the message decoded from the buffer), or undefined. */
  row(seq: number): BufferedRow<G> | undefined {
    if (!this.holds(seq)) return undefined;
    const slot = seq % this.capacity;
    const meta = this.meta[slot] as number;
    return {
      time: this.time[slot] as number,
      timeFromEvent: (meta & FROM_EVENT) !== 0,
      level: LEVELS[meta & LEVEL_MASK] as Level,
      service: this.service(slot, meta),
      message: this.message(slot, meta),
      plain: (meta & PLAIN) !== 0,
      gap: (meta & GAP) !== 0 ? this.gaps.get(seq) : undefined,
    };
  }

  /** The payload of a held log as text ('' for a marker row). */
  raw(seq: number): string | undefined {
    if (!this.holds(seq)) return undefined;
    const slot = seq % this.capacity;
    return this.arena.text(this.chunk[slot] as number, this.offset[slot] as number, this.rawLength[slot] as number);
  }

  /** Fills `into` with what filters look at; the same object is reused for every log of a scan. */
  fill(seq: number, into: FilterFields): FilterFields {
    const slot = seq % this.capacity;
    const meta = this.meta[slot] as number;
    into.level = LEVELS[meta & LEVEL_MASK] as Level;
    into.service = this.service(slot, meta);
    into.message = this.message(slot, meta);
    return into;
  }

  seqAt(index: number): number | undefined {
    return this.matches.seqAt(index);
  }

  edgeSeq(which: 'oldest' | 'newest'): number | undefined {
    return this.seqAt(which === 'newest' ? 0 : this.size - 1);
  }

  indexOf(seq: number): number {
    const i = this.indexAtOrBefore(seq);
    return i >= 0 && this.seqAt(i) === seq ? i : -1;
  }

  indexAtOrBefore(seq: number): number {
    return this.matches.indexAtOrBefore(seq);
  }

  /** The id of an interned service name; a new name is interned while fewer than `limit` are. */
  private intern(name: string, limit: number): number | undefined {
    let id = this.serviceIds.get(name);
    if (id === undefined && this.serviceNames.length < limit) {
      id = this.serviceNames.push(name) - 1;
      this.serviceIds.set(name, id);
    }
    return id;
  }

  private holds(seq: number): boolean {
    return Number.isInteger(seq) && seq >= this.oldestSeq && seq < this.nextSeq;
  }

  private message(slot: number, meta: number): string {
    if ((meta & GAP) !== 0) return '';
    return this.arena.text(
      this.chunk[slot] as number,
      (this.offset[slot] as number) + (this.messageAt[slot] as number),
      this.messageLength[slot] as number,
    );
  }

  private service(slot: number, meta: number): string {
    const ref = this.serviceRef[slot] as number;
    if ((meta & SERVICE_INLINE) === 0) return this.serviceNames[ref] as string;
    const messageAt = this.messageAt[slot] as number;
    const rawLength = this.rawLength[slot] as number;
    const end = messageAt >= rawLength ? messageAt + (this.messageLength[slot] as number) : rawLength;
    return this.arena.text(this.chunk[slot] as number, (this.offset[slot] as number) + end, ref);
  }

  /** Makes room for one more log (by count, then by bytes) and returns its sequence number. */
  private admit(): number {
    if (this.total >= this.capacity) this.evictOldest();
    while (this.arena.heldBytes > this.maxBytes && this.total > 0) this.evictOldest();
    return this.nextSeq++;
  }

  private admitted(seq: number, fields: BufferedFields): void {
    if (this.predicate === undefined || this.predicate(fields, seq)) this.matches.append(seq);
  }

  private evictOldest(): void {
    const seq = this.oldestSeq++;
    this.evicted++;
    if (((this.meta[seq % this.capacity] as number) & GAP) !== 0) this.gaps.delete(seq);
    this.matches.dropBefore(this.oldestSeq);
    if (this.total === 0) this.arena.clear();
    else this.arena.releaseBefore(this.chunk[this.oldestSeq % this.capacity] as number);
  }
}

function levelIndex(level: Level): number {
  const i = LEVELS.indexOf(level);
  return i < 0 ? 2 : i;
}
