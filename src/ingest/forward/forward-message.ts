import { decodeMulti } from '@msgpack/msgpack';
import { createForwardDecoder, FORWARD_DECODE_OPTIONS } from './forward-decode.js';
import { ForwardRefusal, isRecord, readEntry, readEvent, type ForwardEvent } from './forward-entry.js';

/*
 * The Fluentd forward protocol's event messages (v1 spec): Message `[tag, time, record, opt?]`,
 * Forward `[tag, [[time, record], ...], opt?]`, PackedForward `[tag, bin(entries), opt?]` and
 * CompressedPackedForward (the same, compressed, `opt.compressed = "gzip"` or `"zstd"`).
 */

/** What a message carries: its events, the packed entries still to read, or why it is refused. */
export type ForwardBody =
  | { mode: 'events'; events: ForwardEvent[] }
  | { mode: 'packed'; entries: Uint8Array; compression: string | undefined }
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

/**
 * A PackedForward message read without decoding its entries: they stay a view into the frame.
 * Decoding them as a value would turn the str that Fluentd's out_forward sends them as into a
 * string as large as the message (and spoil its bytes as UTF-8).
 */
function readPacked(frame: Uint8Array): ForwardMessage | undefined {
  const t = frame[0] as number;
  const [count, at] = t >= 0x90 && t <= 0x9f ? [t & 0x0f, 1] : t === 0xdc ? [u(frame, 1, 2), 3] : t === 0xdd ? [u(frame, 1, 4), 5] : [0, 0];
  if (count < 2) return undefined;
  const tag = stringAt(frame, at, false);
  if (tag === undefined) return undefined;
  const entries = stringAt(frame, tag[1], true);
  if (entries === undefined) return undefined;
  let option: unknown;
  if (count >= 3) {
    try {
      for (const value of decodeMulti(frame.subarray(entries[1]), FORWARD_DECODE_OPTIONS)) {
        option = value;
        break;
      }
    } catch (err) {
      return undecodable(err);
    }
  }
  const chunk = chunkOf(option);
  const compressed = isRecord(option) ? option.compressed : undefined;
  const body: ForwardBody =
    compressed === undefined || typeof compressed === 'string'
      ? { mode: 'packed', entries: frame.subarray(entries[0], entries[1]), compression: compressed === 'text' ? undefined : compressed }
      : { mode: 'refused', reason: `option compressed is ${typeof compressed}, not a string` };
  return { tag: Buffer.from(frame.buffer, frame.byteOffset + tag[0], tag[1] - tag[0]).toString('utf8'), chunk, body };
}

/**
 * A whole MessagePack value (the framer saw to that) that the decoder refuses: over a decoder
 * limit, a map key that is not a string. Refused, not closed: the connection's next messages
 * are still good. Its tag and chunk are unknown, so no ack either way.
 */
function undecodable(err: unknown): ForwardMessage {
  return { tag: '?', chunk: undefined, body: { mode: 'refused', reason: `the message does not decode: ${(err as Error).message}` } };
}

function chunkOf(option: unknown): string | undefined {
  return isRecord(option) && typeof option.chunk === 'string' ? option.chunk : undefined;
}

/** Events of a message that are all `[time, map]`, or the reason it is refused. */
function readEvents(read: () => ForwardEvent[]): ForwardBody {
  try {
    return { mode: 'events', events: read() };
  } catch (err) {
    if (err instanceof ForwardRefusal) return { mode: 'refused', reason: err.message };
    throw err;
  }
}

/**
 * Reads one whole MessagePack value (a frame) as an event message. Throws ForwardProtocolError
 * when it is not one; a message of the right shape with entries that cannot be published comes
 * back with a `refused` body.
 */
export function readForwardMessage(frame: Uint8Array): ForwardMessage {
  // Every str or bin second element is PackedForward, taken here: the rest is Message or Forward.
  const packed = readPacked(frame);
  if (packed !== undefined) return packed;
  let value: unknown;
  try {
    value = decodeFrame(frame);
  } catch (err) {
    return undecodable(err);
  }
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'string') {
    throw new ForwardProtocolError('expected [tag, ...] (an array starting with a string)');
  }
  const [tag, second, third, fourth] = value as [string, ...unknown[]];
  if (Array.isArray(second)) {
    return { tag, chunk: chunkOf(third), body: readEvents(() => second.map((entry, i) => readEntry(entry, i))) };
  }
  return { tag, chunk: chunkOf(fourth), body: readEvents(() => [readEvent(second, third, 'the record')]) };
}
