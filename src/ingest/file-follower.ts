import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStream, readFd, type FdReader } from './fd-reader.js';
import { describeFsError } from './input-check.js';

/**
 * What happened to a followed file between reads; `ended`: a stream (a FIFO, a device) reached
 * its end, its writer closed it.
 */
export type FollowEvent = 'opened' | 'rotated' | 'truncated' | 'removed' | 'ended';

export interface FollowOptions {
  path: string;
  /** Takes a chunk (reused afterwards); a returned promise is awaited before the next read. */
  onData: (chunk: Buffer) => Promise<void> | undefined;
  /** The data so far ended: a rotation, a truncation, the end of a stream or of a non-followed file. */
  onBreak: (event: FollowEvent) => Promise<void> | undefined;
  /** Keep following after the end (`tail -F`); false reads to the end once (default true). */
  follow?: boolean;
  /** Start at the end of a file that exists at start (default false: read it whole). */
  fromEnd?: boolean;
  pollMs?: number;
  chunkBytes?: number;
}

/** A followed file; stop() ends it after the read in progress. */
export interface Follower {
  done: Promise<void>;
  stop(): void;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function statIfPresent(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    if (!isMissing(err)) throw err;
    return undefined;
  }
}

/**
 * Follows a file by name like `tail -F`: new data is read as it is appended; when the name
 * points to a new file (rename + create), the old one is read to its end and the new one from
 * its start; a file that shrank (copytruncate) is read again from the start; a file that does
 * not exist yet is waited for. Polling (stat every `pollMs`) rather than fs.watch, which misses
 * renames on some filesystems and does not work on NFS.
 * A path that is no regular file (a FIFO, a character device) is a stream: it is read in order
 * to its end, when the writer closes it, and not followed further, like a pipe on stdin.
 * Failures name the path (`/var/log: it is a directory`).
 */
export function followFile(opts: FollowOptions): Follower {
  const follow = opts.follow ?? true;
  const pollMs = opts.pollMs ?? 200;
  const buf = Buffer.allocUnsafe(opts.chunkBytes ?? 64 * 1024);
  let stopped = false;
  let wake: AbortController | undefined;
  let stream: FdReader | undefined;

  const pause = async (): Promise<void> => {
    wake = new AbortController();
    await sleep(pollMs, undefined, { signal: wake.signal }).catch(() => undefined);
    wake = undefined;
  };

  /** Reads from `pos` to the current end; returns the new position. */
  const readToEnd = async (fh: FileHandle, pos: number): Promise<number> => {
    while (!stopped) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      await opts.onData(buf.subarray(0, bytesRead));
    }
    return pos;
  };

  /**
   * Reads a stream (no positions, no size) until its writer closes it. Opened without blocking:
   * opening a FIFO the usual way waits for a writer in the thread pool, where nothing stops it.
   */
  const readStream = async (fifo: boolean): Promise<void> => {
    const fd = openStream(opts.path);
    await opts.onBreak('opened');
    stream = readFd(fd, opts.onData, { chunkBytes: buf.length, waitForWriter: fifo, close: true });
    if (stopped) stream.stop();
    await stream.done;
    await opts.onBreak('ended');
  };

  const run = async (): Promise<void> => {
    let fh: FileHandle | undefined;
    let ino = -1;
    let dev = -1;
    let pos = 0;
    let first = true;
    try {
      while (!stopped) {
        if (fh === undefined) {
          const found = await statIfPresent(opts.path);
          if (found?.isDirectory() === true) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
          if (found !== undefined && !found.isFile()) {
            await readStream(found.isFIFO());
            return;
          }
          try {
            if (found !== undefined) fh = await open(opts.path, 'r');
          } catch (err) {
            if (!isMissing(err)) throw err;
          }
          if (fh === undefined) {
            if (!follow) return;
            first = false; // a file that appears later is read from its start
            await pause();
            continue;
          }
          const st = await fh.stat();
          ino = st.ino;
          dev = st.dev;
          pos = first && opts.fromEnd === true ? st.size : 0;
          first = false;
          await opts.onBreak('opened');
        }
        pos = await readToEnd(fh, pos);
        if (!follow) {
          await opts.onBreak('removed');
          return;
        }
        const current = await statIfPresent(opts.path);
        if (current === undefined || current.ino !== ino || current.dev !== dev) {
          // Renamed away or deleted: what the writer added before switching is still in the old file.
          pos = await readToEnd(fh, pos);
          await fh.close();
          fh = undefined;
          await opts.onBreak(current === undefined ? 'removed' : 'rotated');
          if (current !== undefined) continue;
        } else if ((await fh.stat()).size < pos) {
          pos = 0;
          await opts.onBreak('truncated');
          continue;
        }
        await pause();
      }
    } finally {
      await fh?.close().catch(() => undefined);
    }
  };

  return {
    done: run().catch((err: unknown) => {
      throw new Error(`${opts.path}: ${describeFsError(err)}`, { cause: err });
    }),
    stop() {
      stopped = true;
      wake?.abort();
      stream?.stop();
    },
  };
}
