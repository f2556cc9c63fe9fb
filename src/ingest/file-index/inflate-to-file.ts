import { openSync, unlinkSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readGzipFile, type GzipReader } from '../gzip-reader.js';

const writeAsync = promisify(write);

/**
 * A temporary file, open for reading and writing, already unlinked: it takes disk space only
 * while the descriptor is open, and nothing is left behind however the process ends.
 */
export function openScratchFile(): number {
  const tmp = join(tmpdir(), `logstream-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
  const fd = openSync(tmp, 'wx+', 0o600);
  unlinkSync(tmp);
  return fd;
}

/**
 * Inflates a gzip file into `fd` from its start; `progress` gets the bytes written so far.
 * Inflating streams a chunk at a time, each written before the next is inflated, so memory
 * stays bounded whatever the file inflates to; the rows are then read from the plain copy like
 * any file's. `stop()` of the returned reader ends it early.
 */
export function inflateInto(path: string, fd: number, progress: (bytes: number) => void): GzipReader {
  let pos = 0;
  return readGzipFile(path, async (chunk) => {
    let off = 0;
    while (off < chunk.length) {
      const { bytesWritten } = await writeAsync(fd, chunk, off, chunk.length - off, pos);
      off += bytesWritten;
      pos += bytesWritten;
    }
    progress(pos);
  });
}
