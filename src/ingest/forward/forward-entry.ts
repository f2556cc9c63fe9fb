import { parseTimestamp } from '../../protocol/timestamp.js';
import { EventTime } from './forward-decode.js';

/*
 * One forward-protocol entry, `[time, record]`. Time is seconds (integer or float) or an
 * EventTime. A time that cannot be a clock reading (2^63, negative, a string) is treated as HTTP
 * ingest treats one: the log gets its arrival time, and the time as sent is kept in
 * `forward_time`, so nothing the sender said is lost.
 */

/** Field that keeps a forward time that was not usable. */
export const ORIGINAL_TIME_FIELD = 'forward_time';

/** One event: its time (epoch ms, undefined to use the arrival time) and record. */
export interface ForwardEvent {
  timeMs: number | undefined;
  record: Record<string, unknown>;
}

/** Error for a message (or one of its entries) that cannot be published as sent: it is refused, not acknowledged. */
export class ForwardRefusal extends Error {
  override name = 'ForwardRefusal';
}

/** A map, not an array, bytes or an extension. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  // Decoded maps are plain objects; arrays, bytes and extensions have prototypes of their own.
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** What a value is, in a few words, for an error message. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Uint8Array) return `${v.byteLength} bytes`;
  if (v instanceof EventTime) return 'an EventTime';
  if (typeof v === 'object') return 'an extension or map';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

/** Epoch ms of a forward time, or undefined with the time as sent (when there was one). */
function readTime(t: unknown): { ms: number | undefined; original?: unknown } {
  if (t === undefined || t === null) return { ms: undefined };
  // Zero is no clock reading but a sender that had none, in either form.
  if (t instanceof EventTime)
    return t.ms !== undefined && t.ms > 0 ? { ms: t.ms } : { ms: undefined, original: t.text };
  const ms = typeof t === 'number' && t > 0 ? parseTimestamp(t) : undefined;
  if (ms !== undefined) return { ms };
  return { ms: undefined, original: t instanceof Uint8Array ? Buffer.from(t).toString('hex') : t };
}

/** Record values that arrived as MessagePack bin (older Docker and Fluentd) become text. */
function textValues(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (v instanceof Uint8Array) record[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  }
  return record;
}

/** An event from its time and record; a record that is not a map makes a refusal. */
export function readEvent(time: unknown, record: unknown, where: string): ForwardEvent {
  if (!isRecord(record)) throw new ForwardRefusal(`${where}: the record is ${describe(record)}, not a map`);
  const t = readTime(time);
  const rec = textValues(record);
  if (t.original !== undefined && !Object.hasOwn(rec, ORIGINAL_TIME_FIELD)) rec[ORIGINAL_TIME_FIELD] = t.original;
  return { timeMs: t.ms, record: rec };
}

/** An entry of Forward or PackedForward mode; anything but `[time, map]` makes a refusal. */
export function readEntry(entry: unknown, index: number): ForwardEvent {
  if (!Array.isArray(entry) || entry.length < 2)
    throw new ForwardRefusal(`entry ${index} is ${describe(entry)}, not [time, record]`);
  return readEvent(entry[0], entry[1], `entry ${index}`);
}
