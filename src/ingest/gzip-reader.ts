import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { describeFsError } from './input-check.js';

/** A gzip-compressed file being read, inflated, to its end. */
export interface GzipReader {
  done: Promise<void>;
  stop(): void;
}

/** True for a path LogStream reads through gzip (`app.log.gz`, `app.log.1.gz`). */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/**
 * Reads a gzip file (several concatenated members too, as `cat a.gz b.gz` makes) and hands the
 * inflated bytes to `onData` chunk by chunk. Inflating is pulled by the consumer: the next chunk
 * is inflated only after `onData`'s promise, so a file that inflates to gigabytes (a gzip bomb)
 * costs a chunk of memory at a time, never the whole. Not followed: a compressed file is an
 * archive, complete when it is read. Failures name the path.
 */
export function readGzipFile(
  path: string,
  onData: (chunk: Buffer) => Promise<void> | undefined,
  chunkBytes = 64 * 1024,
): GzipReader {
  const file = createReadStream(path, { highWaterMark: chunkBytes });
  const gunzip = createGunzip({ chunkSize: chunkBytes });
  file.on('error', (err) => gunzip.destroy(err));
  file.pipe(gunzip);
  let stopped = false;
  const run = async (): Promise<void> => {
    try {
      for await (const chunk of gunzip) {
        if (stopped) break;
        await onData(chunk as Buffer);
      }
    } finally {
      file.destroy();
      gunzip.destroy();
    }
  };
  return {
    done: run().catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      const why =
        typeof code === 'string' && code.startsWith('Z_')
          ? `not a readable gzip file (${(err as Error).message})`
          : describeFsError(err);
      throw new Error(`${path}: ${why}`, { cause: err });
    }),
    stop() {
      stopped = true;
      gunzip.destroy();
    },
  };
}
