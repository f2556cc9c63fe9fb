import { setImmediate as turn } from 'node:timers/promises';
import { createForwardDecoder } from './forward-decode.js';
import { ForwardRefusal, readEntry, type ForwardEvent } from './forward-entry.js';
import { entryPieces } from './inflate.js';
import { FramingError, MsgpackFramer } from './msgpack-framer.js';

/*
 * The entries of a PackedForward message (or of a Forward message's array, laid out the same
 * way) are read twice when there are many: once to check every one of them (a message is
 * published whole or not at all, so that a client resending a refused chunk does not publish its
 * good entries again and again), then again to publish them, batch by batch, without holding them
 * all decoded. A message of few entries is decoded once and its events kept from the check.
 * Entries are decoded one by one and the event loop gets a turn between pieces of the input, so
 * a large message does not stall other connections.
 */

export interface PackedLimits {
  /** Entries in one message at most. */
  maxEntries: number;
  /** Bytes of entries once inflated, at most. */
  maxInflatedBytes: number;
  /** A message of at most this many entries, and `holdBytes` of them, keeps its events from the check (read once). */
  holdEntries: number;
  holdBytes: number;
}

/** The events of a checked message, in batches. */
export type EventBatches = AsyncIterable<ForwardEvent[]> | Iterable<ForwardEvent[]>;

/** Each whole entry (a copy) of the pieces, a batch per piece, with a turn of the event loop between pieces. */
async function* entryBytes(pieces: AsyncIterable<Uint8Array>, maxEntryBytes: number): AsyncGenerator<Buffer[]> {
  const framer = new MsgpackFramer(maxEntryBytes);
  for await (const piece of pieces) {
    let batch: Buffer[];
    try {
      batch = framer.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    } catch (err) {
      throw new ForwardRefusal(
        `the packed entries are not MessagePack: ${err instanceof FramingError ? err.message : String(err)}`,
      );
    }
    yield batch;
    await turn();
  }
  if (framer.buffered > 0) throw new ForwardRefusal('the packed entries end in the middle of an entry');
}

/** The events in the pieces, a batch per piece; `read.bytes` counts the bytes of the entries read. */
async function* events(
  pieces: AsyncIterable<Uint8Array>,
  limits: PackedLimits,
  read = { bytes: 0 },
): AsyncGenerator<ForwardEvent[]> {
  const decode = createForwardDecoder();
  let index = 0;
  for await (const batch of entryBytes(pieces, limits.maxInflatedBytes)) {
    const out: ForwardEvent[] = [];
    for (const bytes of batch) {
      read.bytes += bytes.length;
      if (index >= limits.maxEntries) throw new ForwardRefusal(`more than ${limits.maxEntries} entries in one message`);
      let value: unknown;
      try {
        value = decode(bytes);
      } catch (err) {
        throw new ForwardRefusal(`entry ${index} is not MessagePack: ${(err as Error).message}`);
      }
      out.push(readEntry(value, index++));
    }
    yield out;
  }
}

/**
 * Checks every entry of a PackedForward or Forward message (inflating it when compressed) and returns its
 * events in batches; throws ForwardRefusal, before any event is handed out, for an entry that is
 * not `[time, map]`, bytes that are not MessagePack, or a limit exceeded. A message too large to
 * keep decoded is read again (and inflated again) rather than held inflated between the readings.
 */
export async function readPackedEntries(
  entries: Uint8Array,
  compression: string | undefined,
  limits: PackedLimits,
): Promise<EventBatches> {
  const read = { bytes: 0 };
  let held: ForwardEvent[] | undefined = [];
  for await (const batch of events(entryPieces(entries, compression, limits.maxInflatedBytes), limits, read)) {
    if (held === undefined) continue;
    if (held.length + batch.length <= limits.holdEntries && read.bytes <= limits.holdBytes) held.push(...batch);
    else held = undefined;
  }
  if (held !== undefined) return [held];
  return events(entryPieces(entries, compression, limits.maxInflatedBytes), limits);
}
