import { decode, decodeMulti, ExtensionCodec } from '@msgpack/msgpack';
import { gunzipSync } from 'node:zlib';

/*
 * The Fluentd forward protocol's event messages (v1 spec): Message `[tag, time, record, opt?]`,
 * Forward `[tag, [[time, record], ...], opt?]`, PackedForward `[tag, bin(entries), opt?]` and
 * CompressedPackedForward (the same, gzipped, `opt.compressed = "gzip"`). Time is seconds
 * (integer or float) or an EventTime (ext type 0: uint32 seconds, uint32 nanoseconds).
 */

/** A forward-protocol event time, read from ext type 0. */
export class EventTime {
  constructor(readonly ms: number) {}
}

/** Decoder limits and the EventTime extension, shared by every forward decoder. */
export const FORWARD_DECODE_OPTIONS = {
  extensionCodec: (() => {
    const codec = new ExtensionCodec();
    codec.register({
      type: 0,
      encode: () => null,
      decode: (data: Uint8Array) => {
        const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
        return new EventTime(data.byteLength >= 8 ? view.getUint32(0) * 1000 + view.getUint32(4) / 1e6 : NaN);
      },
    });
    return codec;
  })(),
  maxStrLength: 16 * 1024 * 1024,
  maxBinLength: 64 * 1024 * 1024,
  maxArrayLength: 1_000_000,
  maxMapLength: 100_000,
  maxExtLength: 64,
};

/** Longest gunzipped PackedForward payload accepted (a gzip bomb stops here). */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** One event: its time (epoch ms, undefined when unusable) and record. */
export interface ForwardEvent {
  timeMs: number | undefined;
  record: Record<string, unknown>;
}

/** A decoded event message. */
export interface ForwardMessage {
  tag: string;
  events: ForwardEvent[];
  /** `chunk` asks for an acknowledgement `{ack: chunk}` once the events are taken. */
  chunk: string | undefined;
}

/** Error for a message that is valid MessagePack but not a forward-protocol message. */
export class ForwardProtocolError extends Error {
  override name = 'ForwardProtocolError';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function timeMs(t: unknown): number | undefined {
  if (t instanceof EventTime) return Number.isFinite(t.ms) ? t.ms : undefined;
  if (typeof t === 'number' && Number.isFinite(t) && t > 0) return t * 1000;
  return undefined;
}

/** Record values that arrived as MessagePack bin (older Docker and Fluentd) become text. */
function textValues(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (v instanceof Uint8Array) record[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  }
  return record;
}

function event(time: unknown, record: unknown): ForwardEvent | undefined {
  return isRecord(record) ? { timeMs: timeMs(time), record: textValues(record) } : undefined;
}

/**
 * The packed entries of a PackedForward sent as str, read again as bytes from the message's own
 * frame: Fluentd's out_forward always writes them as str32, and decoding binary as UTF-8 text
 * has already replaced most of its bytes.
 */
function rawEntries(frame: Uint8Array | undefined): Uint8Array | undefined {
  if (frame === undefined) return undefined;
  const raw: unknown = decode(frame, { ...FORWARD_DECODE_OPTIONS, rawStrings: true, maxStrLength: FORWARD_DECODE_OPTIONS.maxBinLength });
  return Array.isArray(raw) && raw[1] instanceof Uint8Array ? raw[1] : undefined;
}

/**
 * Reads one decoded MessagePack value as an event message; throws ForwardProtocolError when it
 * is not one. `frame` is the value's encoded bytes, needed for entries sent as str (Fluentd).
 */
export function readForwardMessage(value: unknown, frame?: Uint8Array): ForwardMessage {
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'string') {
    throw new ForwardProtocolError('expected [tag, ...] (an array starting with a string)');
  }
  const [tag, second, third, fourth] = value as unknown[];
  const events: ForwardEvent[] = [];
  let option: unknown;
  if (Array.isArray(second)) {
    // Forward mode.
    for (const entry of second) {
      if (Array.isArray(entry)) {
        const e = event(entry[0], entry[1]);
        if (e !== undefined) events.push(e);
      }
    }
    option = third;
  } else if (second instanceof Uint8Array || typeof second === 'string') {
    // PackedForward / CompressedPackedForward.
    option = third;
    let bytes = typeof second === 'string' ? (rawEntries(frame) ?? Buffer.from(second, 'utf8')) : second;
    if (isRecord(option) && option.compressed === 'gzip') {
      try {
        bytes = gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
      } catch (err) {
        throw new ForwardProtocolError(`unreadable compressed entries: ${(err as Error).message}`);
      }
    }
    try {
      for (const entry of decodeMulti(bytes, FORWARD_DECODE_OPTIONS)) {
        const e = Array.isArray(entry) ? event(entry[0], entry[1]) : undefined;
        if (e !== undefined) events.push(e);
      }
    } catch (err) {
      // The entries before a broken one are kept; the message still counts as malformed.
      if (events.length === 0) throw new ForwardProtocolError(`unreadable packed entries: ${(err as Error).message}`);
    }
  } else {
    // Message mode.
    const e = event(second, third);
    if (e === undefined) throw new ForwardProtocolError('expected a map as the record of a Message');
    events.push(e);
    option = fourth;
  }
  const chunk = isRecord(option) && typeof option.chunk === 'string' ? option.chunk : undefined;
  return { tag: tag as string, events, chunk };
}

