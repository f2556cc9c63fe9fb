import { closeSync, constants, fstatSync, openSync, read } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const readAsync = promisify(read);

/** A file descriptor being read to its end. */
export interface FdReader {
  /** Resolves at end of input (or after stop()). */
  done: Promise<void>;
  stop(): void;
}

export interface ReadFdOptions {
  chunkBytes?: number;
  /**
   * A FIFO opened without blocking reads as ended until a writer opens it: wait for one
   * (a read that finds a writer but no data, or data) before an empty read means the end.
   */
  waitForWriter?: boolean;
  /** Close the descriptor once read (it was opened for this reader). */
  close?: boolean;
}

/** Longest wait between two reads of a non-blocking descriptor that had nothing. */
const MAX_IDLE_MS = 32;

/**
 * Reads a file descriptor (a pipe, a FIFO, a file, a socket) to its end with plain fs.read
 * calls, which work in a worker thread where process.stdin is not the process's fd 0. A read
 * is only issued after the previous chunk was consumed (`onData`'s promise), so a slow
 * consumer holds the writer back through the pipe instead of growing a buffer.
 * A non-blocking descriptor with nothing to read is polled, more often right after data;
 * non-blocking matters for pipes: a read blocked in the thread pool would hold up the exit
 * of the whole process until the writer writes or closes.
 */
export function readFd(
  fd: number,
  onData: (chunk: Buffer) => Promise<void> | undefined,
  opts: ReadFdOptions = {},
): FdReader {
  const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 64 * 1024);
  let stopped = false;
  let writerSeen = opts.waitForWriter !== true;
  let idleMs = 1;
  const idle = async (): Promise<void> => {
    await sleep(idleMs);
    idleMs = Math.min(MAX_IDLE_MS, idleMs * 2);
  };
  const run = async (): Promise<void> => {
    while (!stopped) {
      let n: number;
      try {
        n = (await readAsync(fd, buf, 0, buf.length, null)).bytesRead;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
          writerSeen = true;
          await idle();
          continue;
        }
        if (code === 'EOF') return;
        throw err;
      }
      if (stopped) return;
      if (n === 0) {
        if (writerSeen) return;
        await idle();
        continue;
      }
      writerSeen = true;
      idleMs = 1;
      await onData(buf.subarray(0, n));
    }
  };
  const done = opts.close === true ? run().finally(() => closeQuietly(fd)) : run();
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}

/**
 * A descriptor to read stdin through: when it is a pipe, a second, non-blocking one on the same
 * pipe (Linux's /proc/self/fd; see readFd for why), so that fd 0 itself stays as it is for
 * the programs that share it. Otherwise fd 0. `owned`: the caller closes it.
 */
export function stdinDescriptor(): { fd: number; owned: boolean } {
  try {
    if (fstatSync(0).isFIFO())
      return { fd: openSync('/proc/self/fd/0', constants.O_RDONLY | constants.O_NONBLOCK), owned: true };
  } catch {
    // No /proc (not Linux) or not reopenable: blocking reads of fd 0.
  }
  return { fd: 0, owned: false };
}

/** Opens a FIFO or a device for reading without waiting for a writer (see readFd's `waitForWriter`). */
export function openStream(path: string): number {
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
