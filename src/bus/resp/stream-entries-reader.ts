import { entryPayload } from '../stream-position.js';
import { STREAM_FIELD } from '../stream-retention.js';
import { RespError, type RawReplyReader, type RespReply } from './resp-parser.js';

/** What an XRANGE / XREVRANGE reply holds for a reader that keeps only the payloads. */
export interface StreamEntriesPage {
  /** Items of the reply's array (entries, whatever their shape); 0 for an error or a non-array reply. */
  entries: number;
  /** The value of each entry's first `p` field that has one, in reply order. */
  payloads: Buffer[];
  /** The ID of the reply's last item, when it is an entry with a bulk ID. */
  lastId: string | undefined;
}

const FIELD_BYTE = STREAM_FIELD.charCodeAt(0);

/** The same page from a reply the generic decoder made (a connection that hands every reply to `onReply`). */
export function pageOfReply(reply: RespReply): StreamEntriesPage {
  const list = Array.isArray(reply) ? reply : [];
  const payloads: Buffer[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const payload = Array.isArray(entry) ? entryPayload(entry[1] ?? null) : undefined;
    if (payload !== undefined) payloads.push(payload);
  }
  const last = list[list.length - 1];
  const lastId = Array.isArray(last) && Buffer.isBuffer(last[0]) ? last[0].toString('latin1') : undefined;
  return { entries: list.length, payloads, lastId };
}

// What the array being read is, for the values inside it.
const OTHER = 0;
const TOP = 1;
const ENTRY = 2;
const FIELDS = 3;

// What the bytes of the bulk being read are for.
const SKIP = 0;
const KEEP_PAYLOAD = 1;
const KEEP_ID = 2;
const NAME = 3;
const CR = 13;
const EMPTY = Buffer.alloc(0);

type State = 'type' | 'int' | 'lf' | 'line' | 'bulk' | 'crlf';

/**
 * Reads an XRANGE / XREVRANGE reply straight from the socket chunks: each entry's payload is a
 * view into its chunk (copied only when a chunk boundary cuts it), and only the last entry's ID
 * becomes a string. The generic decoder built five objects an entry and joined a page's chunks
 * into one buffer first (bench/README-bus.md, Backfill). Any RESP2 reply is read to its end;
 * what is not of an entry's shape is skipped, as `entryPayload` skips it.
 */
export class StreamEntriesReader implements RawReplyReader {
  readonly #done: (page: StreamEntriesPage) => void;
  #payloads: Buffer[] = [];
  #entries = 0;
  #lastId: string | undefined;
  // Open arrays, innermost last: items still expected, index of the next one, kind.
  #left: number[] = [];
  #index: number[] = [];
  #kind: number[] = [];
  #state: State = 'type';
  #type = 0;
  #n = 0;
  #negative = false;
  // The bulk being read: bytes still to come, what they are for, and where they go when cut.
  #need = 0;
  #role = SKIP;
  #into: Buffer = EMPTY;
  #filled = 0;
  #crlf = 0;
  // Within the current entry: whether the name just read is `p`, and whether a payload was found.
  #nameIsField = false;
  #hasPayload = false;

  constructor(done: (page: StreamEntriesPage) => void) {
    this.#done = done;
  }

  feed(buf: Buffer, start: number): number {
    let i = start;
    const end = buf.length;
    while (i < end) {
      switch (this.#state) {
        case 'type': {
          if (this.#kind.length === 1) {
            // Entries as LogStream writes them, each whole in this chunk, in a loop of their own.
            const after = this.#readEntries(buf, i);
            if (after < 0) return this.#finish(-after);
            if (after > i) {
              i = after;
              continue;
            }
          }
          const at = this.#headerAt(buf, i);
          if (at > 0) {
            i = at;
            if (this.#header()) return this.#finish(i);
            break;
          }
          this.#type = buf[i++] as number;
          if (this.#type === 0x2b || this.#type === 0x2d) this.#state = 'line';
          else if (this.#type === 0x3a || this.#type === 0x24 || this.#type === 0x2a) {
            this.#state = 'int';
            this.#n = 0;
            this.#negative = false;
          } else {
            throw new RespError(`protocol error: unexpected byte 0x${this.#type.toString(16)} in reply`);
          }
          break;
        }
        case 'int': {
          const c = buf[i++] as number;
          if (c === CR) this.#state = 'lf';
          else if (c === 0x2d && this.#n === 0) this.#negative = true;
          else if (c >= 0x30 && c <= 0x39) this.#n = this.#n * 10 + (c - 0x30);
          else throw new RespError('protocol error: bad number in reply');
          break;
        }
        case 'line': {
          const lf = buf.indexOf(10, i);
          if (lf < 0) return -1;
          i = lf + 1;
          if (this.#valueDone()) return this.#finish(i);
          break;
        }
        case 'lf': {
          i++;
          if (this.#header()) return this.#finish(i);
          break;
        }
        case 'bulk': {
          const need = this.#need;
          if (this.#filled === 0 && i + need + 2 <= end) {
            // The whole bulk and its CRLF are in this chunk: no state to carry.
            if (this.#role === KEEP_PAYLOAD || this.#role === KEEP_ID) this.#keep(buf.subarray(i, i + need));
            else if (this.#role === NAME) this.#nameIsField = buf[i] === FIELD_BYTE;
            i += need + 2;
            if (this.#valueDone()) return this.#finish(i);
            break;
          }
          const take = Math.min(need, end - i);
          if (this.#role === KEEP_PAYLOAD || this.#role === KEEP_ID) {
            if (this.#filled === 0 && take === this.#need) {
              this.#keep(buf.subarray(i, i + take));
            } else {
              if (this.#filled === 0) this.#into = Buffer.allocUnsafe(this.#need);
              buf.copy(this.#into, this.#filled, i, i + take);
              this.#filled += take;
              if (take === this.#need) this.#keep(this.#into);
            }
          } else if (this.#role === NAME) {
            this.#nameIsField = buf[i] === FIELD_BYTE;
          }
          this.#need -= take;
          i += take;
          if (this.#need === 0) {
            this.#state = 'crlf';
            this.#crlf = 2;
          }
          break;
        }
        case 'crlf': {
          const take = Math.min(this.#crlf, end - i);
          this.#crlf -= take;
          i += take;
          if (this.#crlf === 0 && this.#valueDone()) return this.#finish(i);
          break;
        }
      }
    }
    return -1;
  }

  /**
   * Reads the entries at `i` of the shape `*2 $<id> *2 $1 p $<payload>` that lie whole in `buf`,
   * up to the first that does not (read then by the states); returns the offset after the last
   * one read, or minus it when that was the reply's last entry.
   */
  #readEntries(buf: Buffer, i: number): number {
    const end = buf.length;
    const lastEntry = this.#entries - 1;
    let index = this.#index[0] as number;
    let left = this.#left[0] as number;
    const payloads = this.#payloads;
    while (i + 24 <= end && buf[i] === 0x2a && buf[i + 1] === 0x32 && buf[i + 2] === CR && buf[i + 4] === 0x24) {
      let j = i + 5;
      let idLength = 0;
      for (let c = buf[j]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++j]) idLength = idLength * 10 + c - 0x30;
      if (buf[j] !== CR) break;
      const idAt = j + 2;
      j = idAt + idLength + 2;
      // `*2\r\n$1\r\np\r\n$`: the one field, named p.
      if (
        j + 13 > end ||
        buf[j] !== 0x2a ||
        buf[j + 1] !== 0x32 ||
        buf[j + 2] !== CR ||
        buf[j + 4] !== 0x24 ||
        buf[j + 5] !== 0x31 ||
        buf[j + 6] !== CR ||
        buf[j + 8] !== FIELD_BYTE ||
        buf[j + 9] !== CR ||
        buf[j + 11] !== 0x24
      )
        break;
      j += 12;
      let length = 0;
      for (let c = buf[j]; c !== undefined && c >= 0x30 && c <= 0x39; c = buf[++j]) length = length * 10 + c - 0x30;
      if (buf[j] !== CR) break;
      const at = j + 2;
      const next = at + length + 2;
      if (next > end) break;
      payloads.push(buf.subarray(at, at + length));
      if (index === lastEntry) this.#lastId = buf.toString('latin1', idAt, idAt + idLength);
      index++;
      left--;
      i = next;
      if (left === 0) {
        this.#left.pop();
        this.#index.pop();
        this.#kind.pop();
        return -i;
      }
    }
    this.#index[0] = index;
    this.#left[0] = left;
    return i;
  }

  /**
   * Reads a whole `$n`, `*n` or `:n` header at `i` when it is all in `buf` (the usual case):
   * sets the type and number and returns the offset after its CRLF; 0 otherwise, for the
   * byte-by-byte states to read it.
   */
  #headerAt(buf: Buffer, i: number): number {
    const type = buf[i];
    if (type !== 0x24 && type !== 0x2a && type !== 0x3a) return 0;
    let j = i + 1;
    const negative = buf[j] === 0x2d;
    if (negative) j++;
    let n = 0;
    let c = buf[j];
    while (c !== undefined && c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      c = buf[++j];
    }
    if (c !== CR || j + 1 >= buf.length) return 0;
    this.#type = type;
    this.#n = n;
    this.#negative = negative;
    return j + 2;
  }

  /** A header's number was read; true when that completes the reply. */
  #header(): boolean {
    const n = this.#negative ? -this.#n : this.#n;
    if (this.#type === 0x24) {
      if (n < 0) return this.#valueDone();
      this.#role = this.#bulkRole(n);
      this.#into = EMPTY;
      this.#filled = 0;
      this.#need = n;
      if (n > 0) {
        this.#state = 'bulk';
      } else {
        if (this.#role === KEEP_PAYLOAD || this.#role === KEEP_ID) this.#keep(EMPTY);
        this.#state = 'crlf';
        this.#crlf = 2;
      }
      return false;
    }
    if (this.#type === 0x2a && n >= 0) {
      const depth = this.#kind.length;
      const kind =
        depth === 0
          ? TOP
          : this.#kind[depth - 1] === TOP
            ? ENTRY
            : this.#kind[depth - 1] === ENTRY && this.#index[depth - 1] === 1
              ? FIELDS
              : OTHER;
      if (kind === TOP) this.#entries = n;
      if (kind === ENTRY) {
        this.#hasPayload = false;
        this.#nameIsField = false;
        // Only the last entry's ID is read: an ID seen before it would be overwritten.
        if (this.#index[0] === this.#entries - 1) this.#lastId = undefined;
      }
      if (n === 0) return this.#valueDone();
      this.#left.push(n);
      this.#index.push(0);
      this.#kind.push(kind);
      this.#state = 'type';
      return false;
    }
    // An integer, or a null array.
    return this.#valueDone();
  }

  /** What the bulk starting now is for, from where it stands. */
  #bulkRole(length: number): number {
    const depth = this.#kind.length;
    if (depth < 2) return SKIP;
    const parent = this.#kind[depth - 1];
    const index = this.#index[depth - 1] as number;
    if (parent === ENTRY) return index === 0 && this.#index[0] === this.#entries - 1 ? KEEP_ID : SKIP;
    if (parent !== FIELDS) return SKIP;
    if (index % 2 === 0) return length === 1 ? NAME : SKIP;
    return this.#nameIsField && !this.#hasPayload ? KEEP_PAYLOAD : SKIP;
  }

  /** A kept bulk is complete. */
  #keep(bytes: Buffer): void {
    if (this.#role === KEEP_PAYLOAD) {
      this.#payloads.push(bytes);
      this.#hasPayload = true;
    } else {
      this.#lastId = bytes.toString('latin1');
    }
  }

  /** One value is complete; true when that completes the reply. */
  #valueDone(): boolean {
    this.#state = 'type';
    this.#role = SKIP;
    for (let d = this.#kind.length - 1; d >= 0; d--) {
      const index = this.#index[d] as number;
      // After a field's value, only the next name (a one-byte bulk) can say it is `p`.
      if (this.#kind[d] === FIELDS && index % 2 === 1) this.#nameIsField = false;
      this.#index[d] = index + 1;
      const left = (this.#left[d] as number) - 1;
      if (left > 0) {
        this.#left[d] = left;
        return false;
      }
      this.#left.pop();
      this.#index.pop();
      this.#kind.pop();
    }
    return true;
  }

  #finish(at: number): number {
    this.#done({ entries: this.#entries, payloads: this.#payloads, lastId: this.#lastId });
    return at;
  }
}
