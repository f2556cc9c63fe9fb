import type { RespReply } from './resp/resp-parser.js';
import { STREAM_FIELD } from './stream-retention.js';

/** Where a reader stands in one stream: the last entry ID it saw and that entry's ordinal. */
export interface StreamPosition {
  lastId: string;
  /**
   * How many entries the stream had been given when `lastId` was added (Redis 7's
   * `entries-added` counts every XADD ever); undefined when not known.
   */
  ordinal: number | undefined;
}

/** What XINFO STREAM says that matters for a reader. */
export interface StreamInfo {
  length: number;
  lastGeneratedId: string;
  /** Redis 7 and later. */
  entriesAdded: number | undefined;
  firstEntryId: string | undefined;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Compares the decimal numbers `a[as..ae)` and `b[bs..be)` digit by digit, without allocating
 * (sorting a batch calls this once per entry); NaN when either is not a plain number.
 */
function compareDigits(a: string, as: number, ae: number, b: string, bs: number, be: number): number {
  while (as < ae - 1 && a.charCodeAt(as) === 48) as++;
  while (bs < be - 1 && b.charCodeAt(bs) === 48) bs++;
  if (as >= ae || bs >= be) return Number.NaN;
  let order = ae - as - (be - bs);
  for (let i = 0; i < ae - as || i < be - bs; i++) {
    const ca = a.charCodeAt(as + i);
    const cb = b.charCodeAt(bs + i);
    if ((i < ae - as && !isDigit(ca)) || (i < be - bs && !isDigit(cb))) return Number.NaN;
    if (order === 0 && ca !== cb) order = ca - cb;
  }
  return order === 0 ? 0 : order < 0 ? -1 : 1;
}

function compareBig(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** Compares two entry IDs (`ms-seq`); negative when `a` comes first. */
export function compareIds(a: string, b: string): number {
  const da = a.indexOf('-');
  const db = b.indexOf('-');
  if (da > 0 && db > 0) {
    const ms = compareDigits(a, 0, da, b, 0, db);
    const order = ms !== 0 ? ms : compareDigits(a, da + 1, a.length, b, db + 1, b.length);
    if (!Number.isNaN(order)) return order;
  }
  return compareBig(a, b);
}

const MAX_SEQ = 18_446_744_073_709_551_615n; // 2^64 - 1, the largest sequence part of an ID

/** The ID just before `id` (`ms-seq`), for an inclusive range that must leave `id` out; undefined for `0-0` or a malformed ID. */
export function idBefore(id: string): string | undefined {
  const m = /^(\d+)-(\d+)$/.exec(id);
  if (m === null) return undefined;
  const ms = BigInt(m[1] ?? '0');
  const seq = BigInt(m[2] ?? '0');
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  return ms > 0n ? `${ms - 1n}-${MAX_SEQ}` : undefined;
}

/** The ID just after `id`, for an inclusive range that must leave `id` out; undefined for the last possible or a malformed ID. */
export function idAfter(id: string): string | undefined {
  const m = /^(\d+)-(\d+)$/.exec(id);
  if (m === null) return undefined;
  const ms = BigInt(m[1] ?? '0');
  const seq = BigInt(m[2] ?? '0');
  if (seq < MAX_SEQ) return `${ms}-${seq + 1n}`;
  return ms < MAX_SEQ ? `${ms + 1n}-0` : undefined;
}

const text = (r: RespReply | undefined): string | undefined =>
  Buffer.isBuffer(r) ? r.toString('latin1') : typeof r === 'string' ? r : undefined;

/** Reads a RESP2 XINFO STREAM reply (a flat list of names and values); undefined if it is not one. */
export function parseStreamInfo(reply: RespReply): StreamInfo | undefined {
  if (!Array.isArray(reply)) return undefined;
  const fields = new Map<string, RespReply>();
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const name = text(reply[i]);
    if (name !== undefined) fields.set(name, reply[i + 1] ?? null);
  }
  const length = fields.get('length');
  const lastGeneratedId = text(fields.get('last-generated-id'));
  if (typeof length !== 'number' || lastGeneratedId === undefined) return undefined;
  const added = fields.get('entries-added');
  const first = fields.get('first-entry');
  return {
    length,
    lastGeneratedId,
    entriesAdded: typeof added === 'number' ? added : undefined,
    firstEntryId: Array.isArray(first) ? text(first[0]) : undefined,
  };
}

/**
 * How many entries after `at` the stream lost before the reader could read them, and the
 * position to carry on from. Retention trims from the oldest end, so while the stream's first
 * entry is at or before `at`, nothing after it is gone. Otherwise every entry still there is
 * newer than `at`, and the ones added after `at` but no longer there were trimmed:
 * `entries-added - ordinal(at) - length`. `info` undefined means the stream does not exist.
 * The count is undefined when it cannot be exact: no ordinal, a Redis without `entries-added`,
 * or a stream that is not the one the reader was reading (it was deleted or the server lost it).
 */
export function missedSince(
  at: StreamPosition,
  info: StreamInfo | undefined,
): { missed: number | undefined; next: StreamPosition } {
  if (info === undefined) {
    // Never created, then or now: nothing was there to miss.
    if (at.lastId === '0-0' && at.ordinal === 0) return { missed: 0, next: at };
    return { missed: undefined, next: { lastId: at.lastId, ordinal: undefined } };
  }
  const { entriesAdded, firstEntryId, length } = info;
  if (firstEntryId !== undefined && compareIds(firstEntryId, at.lastId) <= 0) return { missed: 0, next: at };
  if (at.ordinal === undefined || entriesAdded === undefined || entriesAdded < at.ordinal + length) {
    return {
      missed: undefined,
      next: { lastId: at.lastId, ordinal: entriesAdded === undefined ? undefined : entriesAdded - length },
    };
  }
  const missed = entriesAdded - at.ordinal - length;
  return { missed, next: { lastId: at.lastId, ordinal: at.ordinal + missed } };
}

const FIELD_BYTE = STREAM_FIELD.charCodeAt(0);

/** The payload of a stream entry's field list (`p`, as LogStream writes it); undefined for an entry of another shape. */
export function entryPayload(fields: RespReply): Buffer | undefined {
  if (!Array.isArray(fields)) return undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = fields[i];
    const value = fields[i + 1];
    if (Buffer.isBuffer(name) && name.length === 1 && name[0] === FIELD_BYTE && Buffer.isBuffer(value)) return value;
  }
  return undefined;
}
