import { decodeMulti } from '@msgpack/msgpack';
import { createForwardDecoder, FORWARD_DECODE_OPTIONS } from './forward-decode.js';
import { ForwardRefusal, isRecord, readEvent, type ForwardEvent } from './forward-entry.js';
import { MsgpackFramer } from './msgpack-framer.js';

/*
 * The Fluentd forward protocol's event messages (v1 spec): Message `[tag, time, record, opt?]`,
 * Forward `[tag, [[time, record], ...], opt?]`, PackedForward `[tag, bin(entries), opt?]` and
 * CompressedPackedForward (the same, compressed, `opt.compressed = "gzip"` or `"zstd"`).
 */

/**
 * What a message carries: its one event (Message mode), its entries still to read (Forward and
 * PackedForward: MessagePack `[time, record]` values end to end, maybe compressed), or why it is refused.
 */
export type ForwardBody =
  | { mode: 'events'; events: ForwardEvent[] }
  | { mode: 'entries'; entries: Uint8Array; compression: string | undefined }
  | { mode: 'refused'; reason: string };

/** A decoded event message. */
export interface ForwardMessage {
  tag: string;
  /** `chunk` asks for an acknowledgement `{ack: chunk}` once every event was published. */
  chunk: string | undefined;
  body: ForwardBody;
}

/** Error for a value that is not a forward-protocol message at all (the connection is closed). */
export class ForwardProtocolError extends Error {
  override name = 'ForwardProtocolError';
}

const decodeFrame = createForwardDecoder();

function u(b: Uint8Array, at: number, width: number): number {
  const view = new DataView(b.buffer, b.byteOffset + at, width);
  return width === 1 ? view.getUint8(0) : width === 2 ? view.getUint16(0) : view.getUint32(0);
}

/** Start and end of the str (or, with `bin`, also bin) value at `at`, or undefined when it is none. */
function stringAt(b: Uint8Array, at: number, bin: boolean): [number, number] | undefined {
  const t = b[at];
  if (t === undefined) return undefined;
  let width: number;
  let size: number;
  if (t >= 0xa0 && t <= 0xbf) [width, size] = [0, t & 0x1f];
  else if (t === 0xd9 || (bin && t === 0xc4)) [width, size] = [1, at + 2 <= b.length ? u(b, at + 1, 1) : -1];
  else if (t === 0xda || (bin && t === 0xc5)) [width, size] = [2, at + 3 <= b.length ? u(b, at + 1, 2) : -1];
  else if (t === 0xdb || (bin && t === 0xc6)) [width, size] = [4, at + 5 <= b.length ? u(b, at + 1, 4) : -1];
  else return undefined;
  const start = at + 1 + width;
  return size >= 0 && start + size <= b.length ? [start, start + size] : undefined;
}

/** Header length of the array at `at`, or undefined when there is none. */
function arrayHeaderAt(b: Uint8Array, at: number): number | undefined {
  const t = b[at];
  if (t === undefined) return undefined;
  return t >= 0x90 && t <= 0x9f ? 1 : t === 0xdc ? 3 : t === 0xdd ? 5 : undefined;
}

/** The value after the entries, when there is one. */
function optionAfter(frame: Uint8Array, at: number, count: number): unknown {
  if (count < 3) return undefined;
  for (const value of decodeMulti(frame.subarray(at), FORWARD_DECODE_OPTIONS)) return value;
  return undefined;
}

/**
 * A Forward or PackedForward message read without decoding its entries: they are left as
 * MessagePack bytes, to be read one by one (see packed-entries.ts) rather than decoded at once
 * into as many objects as the message holds. Decoding PackedForward entries as a value would also
 * turn the str that Fluentd's out_forward sends them as into a string as large as the message
 * (and spoil its bytes as UTF-8).
 */
function readEntriesMessage(frame: Uint8Array): ForwardMessage | undefined {
  const head = arrayHeaderAt(frame, 0);
  if (head === undefined) return undefined;
  const count = head === 1 ? (frame[0] as number) & 0x0f : u(frame, 1, head - 1);
  if (count < 2) return undefined;
  const tag = stringAt(frame, head, false);
  if (tag === undefined) return undefined;
  const tagText = Buffer.from(frame.buffer, frame.byteOffset + tag[0], tag[1] - tag[0]).toString('utf8');
  let entries: Uint8Array;
  let end: number;
  const packed = stringAt(frame, tag[1], true);
  const arrayHead = packed === undefined ? arrayHeaderAt(frame, tag[1]) : undefined;
  if (packed !== undefined) {
    entries = frame.subarray(packed[0], packed[1]);
    end = packed[1];
  } else if (arrayHead !== undefined) {
    // Forward mode: the array's items are entries laid end to end, as packed ones are.
    const [array] = new MsgpackFramer(frame.length).push(
      Buffer.from(frame.buffer, frame.byteOffset + tag[1], frame.length - tag[1]),
    );
    if (array === undefined) return undefined;
    entries = array.subarray(arrayHead);
    end = tag[1] + array.length;
  } else {
    return undefined;
  }
  let option: unknown;
  try {
    option = optionAfter(frame, end, count);
  } catch (err) {
    return undecodable(err);
  }
  const compressed = packed !== undefined && isRecord(option) ? option.compressed : undefined;
  const body: ForwardBody =
    compressed === undefined || typeof compressed === 'string'
      ? { mode: 'entries', entries, compression: compressed === 'text' ? undefined : compressed }
      : { mode: 'refused', reason: `option compressed is ${typeof compressed}, not a string` };
  return { tag: tagText, chunk: chunkOf(option), body };
}

/**
 * A whole MessagePack value (the framer saw to that) that the decoder refuses: over a decoder
 * limit, a map key that is not a string. Refused, not closed: the connection's next messages
 * are still good. Its tag and chunk are unknown, so no ack either way.
 */
function undecodable(err: unknown): ForwardMessage {
  return {
    tag: '?',
    chunk: undefined,
    body: { mode: 'refused', reason: `the message does not decode: ${(err as Error).message}` },
  };
}

function chunkOf(option: unknown): string | undefined {
  return isRecord(option) && typeof option.chunk === 'string' ? option.chunk : undefined;
}

/**
 * Reads one whole MessagePack value (a frame) as an event message. Throws ForwardProtocolError
 * when it is not one; a message of the right shape that cannot be published comes back with a
 * `refused` body.
 */
export function readForwardMessage(frame: Uint8Array): ForwardMessage {
  // Every array, str or bin second element is Forward or PackedForward, taken here: the rest is Message.
  const withEntries = readEntriesMessage(frame);
  if (withEntries !== undefined) return withEntries;
  let value: unknown;
  try {
    value = decodeFrame(frame);
  } catch (err) {
    return undecodable(err);
  }
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'string') {
    throw new ForwardProtocolError('expected [tag, ...] (an array starting with a string)');
  }
  const [tag, time, record, option] = value as [string, ...unknown[]];
  try {
    return { tag, chunk: chunkOf(option), body: { mode: 'events', events: [readEvent(time, record, 'the record')] } };
  } catch (err) {
    if (err instanceof ForwardRefusal)
      return { tag, chunk: chunkOf(option), body: { mode: 'refused', reason: err.message } };
    throw err;
  }
}
