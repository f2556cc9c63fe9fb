import { openSync, unlinkSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readGzipFile } from '../gzip-reader.js';

const writeAsync = promisify(write);

/**
 * Inflates a gzip file into a temporary file and returns its descriptor, open for reading.
 * The temporary file is unlinked as soon as it is open: it takes disk space only while the
 * descriptor is open, and nothing is left behind however the process ends. Inflating streams
 * a chunk at a time, each written before the next is inflated, so memory stays bounded
 * whatever the file inflates to; the rows are then read from the plain copy like any file's.
 */
export async function inflateToFile(path: string): Promise<number> {
  const tmp = join(tmpdir(), `logstream-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
  const fd = openSync(tmp, 'wx+', 0o600);
  unlinkSync(tmp);
  let pos = 0;
  const reader = readGzipFile(path, async (chunk) => {
    let off = 0;
    while (off < chunk.length) {
      const { bytesWritten } = await writeAsync(fd, chunk, off, chunk.length - off, pos);
      off += bytesWritten;
      pos += bytesWritten;
    }
  });
  await reader.done;
  return fd;
}
