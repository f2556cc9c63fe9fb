import { parentPort, workerData } from 'node:worker_threads';
import { skipFieldsDecoder } from '../../protocol/shared-decode.js';
import { tallyBatch } from './batch-tally.js';
import type { DecoderJob, FromDecoder, ToDecoder } from './thread-protocol.js';

/*
 * One decoding thread of `analyze --threads N` (see analyzer-threads.ts): decodes each batch it
 * is handed, counts its logs in their windows and posts the tally back with the batch's
 * buffers. It keeps nothing between batches. An exception ends the thread; the main thread
 * reports it and stops.
 */

function requirePort(): NonNullable<typeof parentPort> {
  if (parentPort === null) throw new Error('analyzer-worker must run in a worker thread');
  return parentPort;
}
const port = requirePort();
const job = workerData as DecoderJob;
const decode = skipFieldsDecoder(job.maxLineBytes);
const finished = new Int32Array(job.finished);

port.on('message', (msg: ToDecoder) => {
  const { batch } = msg;
  const tally = tallyBatch(batch, decode, job.settings);
  const reply: FromDecoder = {
    type: 'tally',
    tally,
    buffers: { bytes: batch.bytes, starts: batch.starts, ends: batch.ends },
  };
  const s = tally.stamps;
  const transfer = [
    batch.bytes,
    batch.starts.buffer,
    batch.ends.buffer,
    s.producer.buffer,
    s.first.buffer,
    s.count.buffer,
    s.time.buffer,
  ] as ArrayBuffer[];
  port.postMessage(reply, transfer);
  Atomics.add(finished, job.index, 1);
  // The last counter is all threads' together: the main thread waits for whichever finishes first.
  Atomics.add(finished, finished.length - 1, 1);
  Atomics.notify(finished, finished.length - 1);
});
