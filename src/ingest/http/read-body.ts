import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';

/** A body over the size limit (413). */
export class TooLarge extends Error {}

/** A body whose sender went quiet for longer than the idle limit (408). */
export class BodyTimeout extends Error {}

/** What `readBody` reads: an IncomingMessage, or any stream of bytes with headers. */
export type BodySource = Readable & { headers: IncomingHttpHeaders };

/** Raw bytes of the body, at most `max`; rejects with BodyTimeout after `idleMs` without a byte. */
function readRaw(req: BodySource, max: number, idleMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', finish).off('close', onClose);
      if (err === undefined) return resolve(Buffer.concat(chunks, size));
      // Nothing more is read from a refused body: the answer closes the connection.
      req.pause();
      reject(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new BodyTimeout(`no body bytes for ${idleMs / 1000} s`)), idleMs);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) return finish(new TooLarge());
      chunks.push(chunk);
      arm();
    };
    const onEnd = (): void => finish();
    const onClose = (): void => finish(new Error('the client closed the connection before the body ended'));
    req.on('data', onData).on('end', onEnd).on('error', finish).on('close', onClose);
    arm();
  });
}

/**
 * Reads a body up to `max` bytes, after gunzip when the sender compressed it (so a gzip bomb
 * stops at `max` too), as text; throws TooLarge over it, BodyTimeout when the sender stops
 * sending for `idleMs`. Invalid UTF-8 becomes U+FFFD, as JSON text must be UTF-8 anyway.
 */
export async function readBody(req: BodySource, max: number, idleMs = 10_000): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw new TooLarge();
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity') throw new Error(`unsupported content-encoding ${encoding}`);
  const raw = await readRaw(req, max, idleMs);
  if (encoding === 'identity') return raw.toString('utf8');
  try {
    return gunzipSync(raw, { maxOutputLength: max }).toString('utf8');
  } catch (err) {
    if (err instanceof RangeError) throw new TooLarge();
    throw new Error(`invalid gzip body: ${err instanceof Error ? err.message : String(err)}`);
  }
}
