import { MultilineJoiner } from './multiline.js';
import { lineKeyOf } from './container-lines.js';
import { logLineOf, objectToWire, type ServiceNaming } from './normalise.js';

/** One structured record on its way to the sink, with what `objectToWire` needs besides it. */
export interface IngestEvent {
  record: Record<string, unknown>;
  arrivalMs: number;
  /** The transport's own time of the event (the forward protocol's), if any. */
  eventTimeMs: number | undefined;
  naming: ServiceNaming;
  /** Its place in the message or body it came in, for telling the sender where to resume. */
  index?: number;
}

export interface RecordJoinerOptions {
  /** Where the joined records go, in wire form, with the event that started each; false asks the source to wait. */
  publish: (wire: string, head: IngestEvent) => boolean;
  /** A held record is sent after this long without a new line on its stream (default 250 ms). */
  idleFlushMs?: number;
  /** Streams tracked at once; beyond it the least recently used one is sent and forgotten (default 10,000). */
  maxStreams?: number;
  now?: () => number;
}

interface Stream {
  joiner: MultilineJoiner;
  /** The event that started the record being held (its fields and time are the record's). */
  head: IngestEvent | undefined;
  lastAt: number;
}

/**
 * Joins the lines of a stack trace that arrive as separate records back into one, as the line
 * sources do for files: Docker's `fluentd` driver and Fluent Bit's tail input send one record
 * per line, each with the line in `log`. Records are joined per stream (tag or service, container,
 * stdout/stderr) by the rules of MultilineJoiner; the joined record keeps the first line's fields
 * and time. Records that are not a text line (JSON in `log`, a `message` of their own) pass
 * straight through, after what their stream holds, so order within a stream is kept. A held
 * record waits at most `idleFlushMs` (the owner calls `flushIdle` from a timer).
 */
export class RecordJoiner {
  private readonly streams = new Map<string, Stream>();
  private readonly idleFlushMs: number;
  private readonly maxStreams: number;
  private readonly now: () => number;
  private ok = true;

  constructor(private readonly opts: RecordJoinerOptions) {
    this.idleFlushMs = opts.idleFlushMs ?? 250;
    this.maxStreams = opts.maxStreams ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Streams holding a record now. */
  get held(): number {
    let n = 0;
    for (const s of this.streams.values()) if (s.joiner.pending) n++;
    return n;
  }

  /** The events that started the records held now. */
  heldHeads(): IngestEvent[] {
    const heads: IngestEvent[] = [];
    for (const s of this.streams.values()) if (s.joiner.pending && s.head !== undefined) heads.push(s.head);
    return heads;
  }

  /** Sends `event` on, or holds it while the next lines of its stream may continue it. False when the sink asked to wait. */
  push(event: IngestEvent): boolean {
    this.ok = true;
    const line = logLineOf(event.record);
    if (line === undefined) {
      // The common case of whole records: no key to build while nothing is held.
      if (this.streams.size > 0) this.flushStream(streamKey(event));
      this.send(event, undefined);
      return this.ok;
    }
    const key = streamKey(event);
    let stream = this.streams.get(key);
    if (stream === undefined) {
      if (this.streams.size >= this.maxStreams) this.evictOldest();
      const created: Stream = {
        joiner: new MultilineJoiner((text) => this.send(created.head, text)),
        head: undefined,
        lastAt: 0,
      };
      stream = created;
    } else {
      // Re-inserted, so the map's order is least recently used first.
      this.streams.delete(key);
    }
    this.streams.set(key, stream);
    stream.lastAt = this.now();
    if (!stream.joiner.push(line)) stream.head = stream.joiner.pending ? event : undefined;
    return this.ok;
  }

  /** Sends the records of streams idle for `idleFlushMs`. False when the sink asked to wait. */
  flushIdle(): boolean {
    this.ok = true;
    const cutoff = this.now() - this.idleFlushMs;
    for (const [key, stream] of this.streams) {
      if (stream.lastAt > cutoff) continue;
      stream.joiner.flush();
      this.streams.delete(key);
    }
    return this.ok;
  }

  /** Sends everything held (on shutdown). */
  flushAll(): boolean {
    this.ok = true;
    for (const stream of this.streams.values()) stream.joiner.flush();
    this.streams.clear();
    return this.ok;
  }

  private flushStream(key: string): void {
    const stream = this.streams.get(key);
    if (stream === undefined) return;
    stream.joiner.flush();
    this.streams.delete(key);
  }

  private evictOldest(): void {
    for (const key of this.streams.keys()) {
      this.flushStream(key);
      return;
    }
  }

  /** `event` in wire form, with `text` as its line (`log`, Vector's `message`) when lines were joined into it. */
  private send(event: IngestEvent | undefined, text: string | undefined): void {
    if (event === undefined) return;
    const record = text === undefined ? event.record : { ...event.record, [lineKeyOf(event.record) ?? 'log']: text };
    if (!this.opts.publish(objectToWire(record, event.arrivalMs, event.eventTimeMs, event.naming), event))
      this.ok = false;
  }
}

/** The stream a record belongs to: its source (forward tag, `http`), container (or the file Vector read) and stdout/stderr. */
function streamKey(e: IngestEvent): string {
  const r = e.record;
  const part = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  return `${e.naming.fallback}\u0000${part(r.container_id ?? r.container_name ?? r.file ?? r.service ?? r.host)}\u0000${part(r.source ?? r.stream)}`;
}

/** A RecordJoiner with its idle timer running; `stop` sends what is held and stops the timer. */
export function startRecordJoiner(opts: RecordJoinerOptions): { joiner: RecordJoiner; stop: () => void } {
  const joiner = new RecordJoiner(opts);
  const timer = setInterval(() => joiner.flushIdle(), Math.max(10, Math.floor((opts.idleFlushMs ?? 250) / 2)));
  timer.unref();
  return {
    joiner,
    stop: () => {
      clearInterval(timer);
      joiner.flushAll();
    },
  };
}
