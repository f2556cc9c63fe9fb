import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { BackwardScan } from './line-scan.js';
import { ChunkedRows, type ColumnChunk } from './row-columns.js';
import { claimPiece, type SecondIndexerJob, type SecondIndexerMessage } from './second-indexer.js';

/*
 * The second indexing thread of a large file (see second-indexer.ts): claims the file's pieces
 * from its start up, while the file's indexer claims them from its end down, scans each from its
 * end as that indexer would, and hands the rows over a chunk at a time. The file is read by the
 * descriptor it was opened with: descriptors are the process's, shared by its threads.
 */

const job = workerData as SecondIndexerJob;
const port = parentPort;
if (port === null) throw new Error('second-indexer-worker runs in a worker thread');
const post = (msg: SecondIndexerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);
const claims = new Int32Array(job.claims);
const buf = Buffer.allocUnsafe(job.blockBytes);

for (let piece = 0; piece < claims.length && claimPiece(claims, piece, 'second'); piece++) {
  const rows = new ChunkedRows((chunk: ColumnChunk) =>
    post({ type: 'rows', piece, chunk }, [
      chunk.starts.buffer as ArrayBuffer,
      chunk.lengths.buffer as ArrayBuffer,
      chunk.times.buffer as ArrayBuffer,
      chunk.levels.buffer as ArrayBuffer,
    ]),
  );
  const floor = job.bounds[piece] as number;
  const end = job.bounds[piece + 1] as number;
  const scan = new BackwardScan(rows, end, floor);
  for (let hi = end; hi > floor;) {
    const lo = Math.max(floor, hi - job.blockBytes);
    const n = readSync(job.fd, buf, 0, hi - lo, lo);
    if (n < hi - lo) throw new Error('the file shrank while it was read');
    scan.feed(buf.subarray(0, hi - lo), lo);
    post({ type: 'progress', bytes: hi - lo });
    hi = lo;
  }
  rows.flush();
  post({ type: 'piece', piece, carriedTime: scan.carriedTime });
}
post({ type: 'done' });
