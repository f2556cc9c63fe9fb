import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { ForwardRefusal } from './forward-entry.js';

/*
 * The packed entries of a message, inflated as a stream under a cap on the output: a small
 * compressed message may inflate to gigabytes, so the size is checked piece by piece and
 * inflating stops at the cap instead of after it. Pieces come one at a time as they are read,
 * so memory holds only what the reader keeps.
 */

/** Uncompressed entries are handed on in pieces of this size, so the reader can give the event loop a turn between them. */
const PIECE_BYTES = 64 * 1024;

// zlib has zstd from Node 22.15 and 23.8 on; the types of Node 20 do not know it.
const createZstdDecompress = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;

/** Compressions this runtime can read (`compressed` values besides none and "text"). */
export const COMPRESSIONS: readonly string[] = createZstdDecompress !== undefined ? ['gzip', 'zstd'] : ['gzip'];

function inflaterFor(compression: string): () => Transform {
  if (compression === 'gzip') return () => zlib.createGunzip();
  if (compression === 'zstd') {
    if (createZstdDecompress !== undefined) return () => createZstdDecompress.call(zlib);
    throw new ForwardRefusal(
      `zstd-compressed entries need Node 22.15 or later (this is Node ${process.versions.node}); send them gzip-compressed or uncompressed`,
    );
  }
  const named = JSON.stringify(compression.length > 20 ? `${compression.slice(0, 20)}…` : compression);
  throw new ForwardRefusal(`compression ${named} is not supported (${COMPRESSIONS.join(', ')} or none)`);
}

/**
 * The entries in pieces, inflated when `compression` says so. Throws ForwardRefusal for an
 * unknown compression, bytes that do not inflate, or more than `maxBytes` once inflated.
 */
export async function* entryPieces(
  entries: Uint8Array,
  compression: string | undefined,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  if (compression === undefined) {
    for (let at = 0; at < entries.length; at += PIECE_BYTES) yield entries.subarray(at, at + PIECE_BYTES);
    return;
  }
  const stream = inflaterFor(compression)();
  stream.on('error', () => undefined); // read through the iterator below
  stream.end(entries);
  let total = 0;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      total += piece.length;
      if (total > maxBytes) throw new ForwardRefusal(`the entries inflate to more than ${maxBytes} bytes`);
      yield piece;
    }
  } catch (err) {
    if (err instanceof ForwardRefusal) throw err;
    throw new ForwardRefusal(`the ${compression}-compressed entries do not inflate: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
}
