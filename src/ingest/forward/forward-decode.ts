import { Decoder, ExtensionCodec, type DecoderOptions } from '@msgpack/msgpack';

/*
 * MessagePack decoding for the forward protocol: the EventTime extension, size limits, and map
 * keys named `__proto__`, which @msgpack/msgpack refuses ("The key __proto__ is not allowed",
 * an exception that would end the connection, and a resending client would never get past it).
 * Such a key is decoded under a stand-in name, then put back as an ordinary own property, as
 * JSON.parse does for the HTTP ingest: data, never the object's prototype.
 */

/** A forward-protocol EventTime (ext type 0: uint32 seconds, uint32 nanoseconds). */
export class EventTime {
  constructor(
    /** Epoch ms; undefined when the extension is not 8 bytes or its nanoseconds reach a second. */
    readonly ms: number | undefined,
    /** As sent: `seconds.nanoseconds`, or the bytes in hex when they are no EventTime. */
    readonly text: string,
  ) {}
}

function readEventTime(data: Uint8Array): EventTime {
  if (data.byteLength !== 8) return new EventTime(undefined, `ext0:${Buffer.from(data).toString('hex')}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const seconds = view.getUint32(0);
  const nanos = view.getUint32(4);
  const text = `${seconds}.${String(nanos).padStart(9, '0')}`;
  return new EventTime(nanos < 1e9 ? seconds * 1000 + nanos / 1e6 : undefined, text);
}

/** Stand-in for `__proto__` while decoding; no sender has a reason to use this key. */
const PROTO_STAND_IN = '\u0000__proto__\u0000';
let protoKeysSeen = 0;

/** Short keys seen, per byte length: the same few keys come in every record (as the library's own key cache does). */
const keyCache: Array<Array<{ bytes: Uint8Array; text: string }>> = Array.from({ length: 17 }, () => []);

function cachedKey(bytes: Uint8Array, offset: number, byteLength: number): string | undefined {
  search: for (const entry of keyCache[byteLength] as Array<{ bytes: Uint8Array; text: string }>) {
    for (let i = 0; i < byteLength; i++) if (entry.bytes[i] !== bytes[offset + i]) continue search;
    return entry.text;
  }
  return undefined;
}

/**
 * Decodes the short map keys (the library decodes longer ones itself, and `__proto__` is short):
 * `__proto__` becomes its stand-in, the rest is read as UTF-8 and cached.
 */
const keyDecoder = {
  canBeCached: (byteLength: number): boolean => byteLength > 0 && byteLength <= 16,
  decode(bytes: Uint8Array, offset: number, byteLength: number): string {
    const cached = cachedKey(bytes, offset, byteLength);
    if (cached !== undefined) {
      if (cached === PROTO_STAND_IN) protoKeysSeen++;
      return cached;
    }
    const raw = bytes.slice(offset, offset + byteLength);
    let text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    if (text === '__proto__') {
      protoKeysSeen++;
      text = PROTO_STAND_IN;
    }
    const entries = keyCache[byteLength] as Array<{ bytes: Uint8Array; text: string }>;
    // A full list gets an entry replaced at random, as the library's cache does.
    if (entries.length >= 16) entries[Math.floor(Math.random() * entries.length)] = { bytes: raw, text };
    else entries.push({ bytes: raw, text });
    return text;
  },
};

/** Decoder limits, the EventTime extension and the `__proto__` key handling, for every forward decoder. */
export const FORWARD_DECODE_OPTIONS = {
  extensionCodec: (() => {
    const codec = new ExtensionCodec();
    codec.register({ type: 0, encode: () => null, decode: readEventTime });
    return codec;
  })(),
  keyDecoder,
  maxStrLength: 16 * 1024 * 1024,
  maxBinLength: 64 * 1024 * 1024,
  maxArrayLength: 1_000_000,
  maxMapLength: 100_000,
  maxExtLength: 64,
} satisfies DecoderOptions;

/** Puts every `__proto__` key decoded under its stand-in back as an own property of that name. */
function restoreProtoKeys(value: unknown): void {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const v of value) restoreProtoKeys(v);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) restoreProtoKeys(obj[key]);
  if (Object.hasOwn(obj, PROTO_STAND_IN)) {
    Object.defineProperty(obj, '__proto__', {
      value: obj[PROTO_STAND_IN],
      enumerable: true,
      writable: true,
      configurable: true,
    });
    delete obj[PROTO_STAND_IN];
  }
}

/** A reusable decoder of whole forward-protocol values (throws on bytes that are not one). */
export function createForwardDecoder(options: DecoderOptions = {}): (bytes: Uint8Array) => unknown {
  const decoder = new Decoder({ ...FORWARD_DECODE_OPTIONS, ...options });
  return (bytes) => {
    const seen = protoKeysSeen;
    const value = decoder.decode(bytes);
    // The walk is only paid for by values that had such a key.
    if (protoKeysSeen !== seen) restoreProtoKeys(value);
    return value;
  };
}
