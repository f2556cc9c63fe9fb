import { parentPort, workerData } from 'node:worker_threads';
import { openBus } from '../../bus/open-bus.js';
import { startSender, type Sender } from '../../services/sender.js';
import { busLabel, reportBusChanges } from '../bus-factory.js';
import type { FromSenderThread, SendCounts, SenderJob, ToSenderThread } from './send-plan.js';

/*
 * One thread of `logstream send --threads N`: a sender with its own Redis connection and
 * producer id (see send-pool.ts). It says when it is ready and sends from `start` on, tells the
 * main thread its counts every second and once more when it has flushed and closed its bus;
 * the main thread then ends it.
 */

/** How often the thread tells the main thread its counts. */
const PROGRESS_EVERY_MS = 1_000;

function requirePort(): NonNullable<typeof parentPort> {
  if (parentPort === null) throw new Error('send-worker must run in a worker thread');
  return parentPort;
}
const port = requirePort();
const job = workerData as SenderJob;
const post = (msg: FromSenderThread): void => port.postMessage(msg);

const bus = openBus(job.redis);
reportBusChanges(bus, busLabel(job.redis), (message) => post({ type: 'say', message }));
let sender: Sender | undefined;
let progress: NodeJS.Timeout | undefined;
const counts = (): SendCounts => {
  const { sent, dropped } = sender?.progress() ?? { sent: 0, dropped: 0 };
  return { sent, skipped: dropped, lost: bus.counters().dropped };
};

function start(): void {
  sender = startSender(bus, {
    channel: job.channel,
    rate: job.rate,
    producerId: job.producerId,
    stream: job.stream,
    burstOriginMs: job.burstOriginMs,
    ...(job.count !== undefined ? { count: job.count } : {}),
    ...(job.seed !== undefined ? { seed: job.seed } : {}),
    ...(job.services !== undefined ? { services: job.services } : {}),
  });
  progress = setInterval(() => post({ type: 'progress', counts: counts() }), PROGRESS_EVERY_MS);
  void sender.done.then(finish);
}

let finishing: Promise<void> | undefined;
// A failure here is an unhandled rejection: the thread dies and the main thread reports it.
const finish = (): Promise<void> =>
  (finishing ??= (async () => {
    await sender?.stop();
    clearInterval(progress);
    await bus.close();
    // Read after close: messages still queued when it gave up count as dropped too.
    post({ type: 'done', counts: counts() });
  })());

// The listening port keeps the thread alive after `done` until the main thread ends it.
port.on('message', (msg: ToSenderThread) => {
  if (msg.type === 'stop') void finish();
  else if (sender === undefined && finishing === undefined) start();
});
post({ type: 'ready' });
