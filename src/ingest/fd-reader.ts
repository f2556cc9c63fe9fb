import { read } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const readAsync = promisify(read);

/** A file descriptor being read to its end. */
export interface FdReader {
  /** Resolves at end of input (or after stop()). */
  done: Promise<void>;
  stop(): void;
}

/**
 * Reads a file descriptor (stdin: a pipe, a file, a socket) to its end with plain fs.read
 * calls, which work in a worker thread where process.stdin is not the process's fd 0. A read
 * is only issued after the previous chunk was consumed (`onData`'s promise), so a slow
 * consumer holds the writer back through the pipe instead of growing a buffer.
 */
export function readFd(fd: number, onData: (chunk: Buffer) => Promise<void> | undefined, chunkBytes = 64 * 1024): FdReader {
  const buf = Buffer.allocUnsafe(chunkBytes);
  let stopped = false;
  const run = async (): Promise<void> => {
    while (!stopped) {
      let n: number;
      try {
        n = (await readAsync(fd, buf, 0, buf.length, null)).bytesRead;
      } catch (err) {
        // A non-blocking descriptor (left so by another program) has nothing yet: try again shortly.
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          await sleep(20);
          continue;
        }
        if ((err as NodeJS.ErrnoException).code === 'EOF') return;
        throw err;
      }
      if (n === 0 || stopped) return;
      await onData(buf.subarray(0, n));
    }
  };
  return {
    done: run(),
    stop() {
      stopped = true;
    },
  };
}
