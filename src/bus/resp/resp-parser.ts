import { RespFrameScanner } from './resp-frame-scanner.js';

/** An error reply (`-ERR ...`) from the server. */
export class RespError extends Error {
  override readonly name = 'RespError';
}

/** A decoded RESP2 reply: simple string, integer, bulk bytes (null when absent), error or array. */
export type RespReply = string | number | Buffer | null | RespError | RespReply[];

/** A reader of one reply's raw bytes, fed chunk after chunk by the parser that handed it the reply. */
export interface RawReplyReader {
  /** Reads from `start`; returns the offset just past the reply's end, or -1 when it goes on in the next chunk. */
  feed(buf: Buffer, start: number): number;
}

/** Where the parser sends what it decodes. */
export interface RespParserHandlers {
  /** Every reply except pub/sub `message` pushes, in arrival order. */
  onReply(reply: RespReply): void;
  /**
   * A pub/sub `message` (or sharded `smessage`) push: its payload is bytes [start, end) of
   * `bytes`, the socket chunk (or the frame joined from several), not a copy. Ranges rather than
   * a Buffer per payload: a consumer that copies payloads on makes no object per message.
   */
  onMessage: (channel: string, bytes: Buffer, start: number, end: number) => void;
  /**
   * Asked as each reply (not a push) starts, and again if its start is read again: a reader that
   * takes the reply's bytes itself, in place of the generic decode and `onReply`. Must give the
   * same answer until that reply is read.
   */
  claim?(): RawReplyReader | undefined;
}

const CR = 13;
const EMPTY = Buffer.alloc(0);
// A parse step that ran out of bytes; the frame is retried from its start when more arrive.
const INCOMPLETE = Symbol('incomplete');
type Step<T> = T | typeof INCOMPLETE;
// `*3\r\n$7\r\nmessage\r\n`: the head of every pub/sub message, checked byte by byte.
const MESSAGE_HEAD = Buffer.from('*3\r\n$7\r\nmessage\r\n', 'latin1');
// The same for a sharded channel's message (SSUBSCRIBE, Redis Cluster).
const SMESSAGE_HEAD = Buffer.from('*3\r\n$8\r\nsmessage\r\n', 'latin1');
// Bytes of a new chunk joined to a cut frame's start: enough to finish a typical log message.
const HEAD_BYTES = 4096;

/**
 * Incremental RESP2 parser over socket chunks. Pub/sub messages take a fast path that slices
 * the payload out of the chunk (no copy, no string); other replies are decoded generically.
 * A frame split across chunks is kept and completed; when its size is known the parser waits
 * for all of it before joining, so a large payload is copied once, not once per chunk.
 */
export class RespParser {
  #handlers: RespParserHandlers;
  // The incomplete start of a frame, cut off at the end of the last chunk.
  #rest: Buffer = EMPTY;
  #pos = 0;
  // Bytes of an incomplete frame whose total size is known, waiting to be joined.
  #parts: Buffer[] = [];
  #partsLength = 0;
  #need = 0;
  // Absolute end offset in #buf a step needed; set when a bulk length was read but not its bytes.
  #wantEnd = 0;
  // The last channel name decoded, so a stream on one channel does not build a string per message.
  #lastChannel = '';
  #lastChannelBytes: Buffer = EMPTY;
  // A big incomplete frame of unknown size (a long array reply): its chunks are kept in #parts
  // and scanned for its end, and it is decoded once, when complete.
  #scanner = new RespFrameScanner();
  #scanning = false;
  // The reader of a claimed reply that goes on in the next chunk.
  #claimed: RawReplyReader | undefined;
  // Where the last message payload read lies in the buffer being parsed.
  #payloadStart = 0;
  #payloadEnd = 0;

  constructor(handlers: RespParserHandlers) {
    this.#handlers = handlers;
  }

  /** Forgets any partial frame (after a reconnect the old stream's tail means nothing). */
  reset(): void {
    this.#rest = EMPTY;
    this.#pos = 0;
    this.#parts = [];
    this.#partsLength = 0;
    this.#need = 0;
    this.#scanning = false;
    this.#claimed = undefined;
  }

  /** Decodes every complete frame in `chunk` (plus what was left over), calling the handlers in order. */
  feed(chunk: Buffer): void {
    const claimed = this.#claimed;
    if (claimed !== undefined) {
      const end = claimed.feed(chunk, 0);
      if (end < 0) return;
      this.#claimed = undefined;
      this.#run(chunk, end);
      return;
    }
    if (this.#scanning) {
      this.#parts.push(chunk);
      this.#partsLength += chunk.length;
      if (this.#scanner.feed(chunk) < 0) return;
      this.#scanning = false;
      const joined = Buffer.concat(this.#parts, this.#partsLength);
      this.#parts = [];
      this.#partsLength = 0;
      this.#run(joined, 0);
      return;
    }
    if (this.#need > 0) {
      this.#parts.push(chunk);
      this.#partsLength += chunk.length;
      if (this.#partsLength < this.#need) return;
      const joined = Buffer.concat(this.#parts, this.#partsLength);
      this.#parts = [];
      this.#partsLength = 0;
      this.#need = 0;
      this.#run(joined, 0);
      return;
    }
    const rest = this.#rest;
    if (rest.length === 0) {
      this.#run(chunk, 0);
      return;
    }
    // The frame cut at the end of the last chunk usually ends early in this one: join only its
    // head, so each chunk is not copied whole just to finish one small frame.
    this.#rest = EMPTY;
    const head = Buffer.concat([rest, chunk.subarray(0, HEAD_BYTES)]);
    this.#pos = 0;
    this.#wantEnd = 0;
    if (this.#frame(head)) this.#run(chunk, this.#pos - rest.length);
    else if (head.length === rest.length + chunk.length) this.#keep(head, 0);
    else this.#run(Buffer.concat([rest, chunk]), 0);
  }

  /** Decodes frames from `buf` at `pos` until it runs out, keeping an incomplete tail. */
  #run(buf: Buffer, pos: number): void {
    this.#pos = pos;
    while (this.#pos < buf.length) {
      const start = this.#pos;
      this.#wantEnd = 0;
      if (!this.#frame(buf)) {
        this.#keep(buf, start);
        return;
      }
    }
  }

  /**
   * Keeps the incomplete frame at `start`: when its size is known, waits for all of it before
   * joining; when it is big but its size unknown (an array), scans the next chunks for its end,
   * rather than decoding it again from its start after each one.
   */
  #keep(buf: Buffer, start: number): void {
    const tail = buf.subarray(start);
    if (
      tail.length >= HEAD_BYTES &&
      this.#messageHead(buf, start) === 0 &&
      (this.#scanner.reset(), this.#scanner.feed(tail) < 0)
    ) {
      this.#parts = [tail];
      this.#partsLength = tail.length;
      this.#scanning = true;
    } else if (this.#wantEnd > buf.length) {
      this.#parts = [tail];
      this.#partsLength = tail.length;
      this.#need = this.#wantEnd - start;
    } else {
      this.#rest = tail;
    }
  }

  /** Decodes one top-level frame at #pos; false (position unchanged by the caller) when incomplete. */
  #frame(buf: Buffer): boolean {
    const head = this.#messageHead(buf);
    if (head > 0) {
      const channel = this.#bulkChannel(buf, this.#pos + head);
      if (channel === INCOMPLETE) return false;
      if (this.#pos < buf.length && buf[this.#pos] !== 0x24)
        throw new RespError('protocol error: message push without a payload');
      if (!this.#payloadRange(buf)) return false;
      this.#handlers.onMessage(channel, buf, this.#payloadStart, this.#payloadEnd);
      return true;
    }
    const raw = this.#handlers.claim?.();
    if (raw !== undefined) {
      const end = raw.feed(buf, this.#pos);
      if (end < 0) this.#claimed = raw;
      this.#pos = end < 0 ? buf.length : end;
      return true;
    }
    const reply = this.#value(buf);
    if (reply === INCOMPLETE) return false;
    this.#handlers.onReply(reply);
    return true;
  }

  /** The length of the message push head at `pos`, 0 when another frame (or too few bytes) is there. */
  #messageHead(buf: Buffer, pos = this.#pos): number {
    const head = buf[pos + 5] === 0x38 ? SMESSAGE_HEAD : MESSAGE_HEAD;
    if (buf.length - pos < head.length) return 0;
    for (let i = 0; i < head.length; i++) if (buf[pos + i] !== head[i]) return 0;
    return head.length;
  }

  /** The channel bulk of a message push starting at `at`, as a string reused while the channel repeats. */
  #bulkChannel(buf: Buffer, at: number): Step<string> {
    this.#pos = at;
    if (at < buf.length && buf[at] !== 0x24) throw new RespError('protocol error: message push without a channel');
    const length = this.#integer(buf);
    if (length === INCOMPLETE) return INCOMPLETE;
    const start = this.#pos;
    const end = start + Math.max(0, length);
    if (end + 2 > buf.length) {
      this.#wantEnd = end + 2;
      return INCOMPLETE;
    }
    this.#pos = end + 2;
    const last = this.#lastChannelBytes;
    if (end - start === last.length) {
      let same = true;
      for (let i = 0; i < last.length; i++) {
        if (buf[start + i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.#lastChannel;
    }
    // Copied: the cached bytes must not pin the socket chunk they came from.
    this.#lastChannelBytes = Buffer.from(buf.subarray(start, end));
    this.#lastChannel = buf.toString('utf8', start, end);
    return this.#lastChannel;
  }

  #value(buf: Buffer): Step<RespReply> {
    const type = buf[this.#pos];
    switch (type) {
      case 0x24: // $
        return this.#bulk(buf);
      case 0x3a: // :
        return this.#integer(buf);
      case 0x2b: {
        // +
        const line = this.#line(buf);
        return line === INCOMPLETE ? INCOMPLETE : line;
      }
      case 0x2d: {
        // -
        const line = this.#line(buf);
        return line === INCOMPLETE ? INCOMPLETE : new RespError(line);
      }
      case 0x2a: {
        // *
        const count = this.#integer(buf);
        if (count === INCOMPLETE) return INCOMPLETE;
        if (count < 0) return null;
        const items: RespReply[] = [];
        for (let i = 0; i < count; i++) {
          if (this.#pos >= buf.length) return INCOMPLETE;
          const item = this.#value(buf);
          if (item === INCOMPLETE) return INCOMPLETE;
          items.push(item);
        }
        return items;
      }
      default:
        // Not RESP2: the stream cannot be resynchronised, so the connection must be dropped.
        throw new RespError(`protocol error: unexpected byte 0x${(type ?? 0).toString(16)} in reply`);
    }
  }

  /** The text after the type byte up to CRLF. */
  #line(buf: Buffer): Step<string> {
    const cr = buf.indexOf(CR, this.#pos + 1);
    if (cr < 0 || cr + 1 >= buf.length) return INCOMPLETE;
    const text = buf.toString('utf8', this.#pos + 1, cr);
    this.#pos = cr + 2;
    return text;
  }

  /** A `:n`, `$n` or `*n` header's number, parsed without building a string. */
  #integer(buf: Buffer): Step<number> {
    let i = this.#pos + 1;
    let negative = false;
    if (buf[i] === 0x2d) {
      negative = true;
      i++;
    }
    let n = 0;
    for (; i < buf.length; i++) {
      const c = buf[i] as number;
      if (c === CR) break;
      if (c < 0x30 || c > 0x39) throw new RespError(`protocol error: bad number in reply`);
      n = n * 10 + (c - 0x30);
    }
    if (i + 1 >= buf.length) return INCOMPLETE;
    this.#pos = i + 2;
    return negative ? -n : n;
  }

  /** Reads a message's payload bulk, noting where its bytes lie (none for `$-1`); false when incomplete. */
  #payloadRange(buf: Buffer): boolean {
    const length = this.#integer(buf);
    if (length === INCOMPLETE) return false;
    const start = this.#pos;
    const end = start + Math.max(0, length);
    if (length >= 0 && end + 2 > buf.length) {
      this.#wantEnd = end + 2;
      return false;
    }
    this.#pos = length >= 0 ? end + 2 : start;
    this.#payloadStart = start;
    this.#payloadEnd = end;
    return true;
  }

  /** A bulk string as a view into `buf`; null for `$-1`. */
  #bulk(buf: Buffer): Step<Buffer | null> {
    const length = this.#integer(buf);
    if (length === INCOMPLETE) return INCOMPLETE;
    if (length < 0) return null;
    const start = this.#pos;
    const end = start + length;
    if (end + 2 > buf.length) {
      this.#wantEnd = end + 2;
      return INCOMPLETE;
    }
    this.#pos = end + 2;
    return buf.subarray(start, end);
  }
}
