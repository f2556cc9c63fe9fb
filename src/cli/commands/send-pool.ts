import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { newProducerId } from '../../services/sender.js';
import type { RedisConnectOptions } from '../bus-factory.js';
import {
  planThreads,
  sumCounts,
  type FromSenderThread,
  type SendCounts,
  type SenderJob,
  type ToSenderThread,
} from './send-plan.js';

/** What `startSendPool` runs. */
export interface SendPoolOptions {
  redis: RedisConnectOptions;
  channel: string;
  /** Logs per second, all threads together. */
  rate: number;
  /** Logs in all, split exactly over the threads; without it they run until `stop()`. */
  count?: number;
  threads: number;
  seed?: string;
  services?: string[];
  /** Connection changes the threads report, one line each. */
  onSay?: (message: string) => void;
  /** The thread's script (default: send-worker.js next to this file). */
  workerUrl?: URL;
}

/** One thread's final counts. */
export interface ThreadResult {
  producerId: string;
  counts: SendCounts;
}

/** Running sender threads. */
export interface SendPool {
  /** One per thread that runs, in thread order. */
  readonly producerIds: readonly string[];
  /** The counts of all threads together, as last reported (at most a second old). */
  progress(): SendCounts;
  /** Tells every thread to stop; resolves once `done` has settled. */
  stop(): Promise<void>;
  /**
   * Each thread's result once all have flushed and closed their bus. Rejects with a one-line
   * error naming the thread if one fails or exits before it is done; the others are stopped
   * first. Every thread is ended either way.
   */
  done: Promise<ThreadResult[]>;
}

/** How long the other threads get to flush after one failed, before they are ended anyway. */
const FAILURE_GRACE_MS = 3_000;

interface Thread {
  readonly worker: Worker;
  /** Its final counts, or a one-line error naming it. */
  readonly finished: Promise<SendCounts>;
  /** Its counts as last reported. */
  progress(): SendCounts;
}

/**
 * Starts one worker thread per share of the work (see `planThreads`), each a sender with its own
 * bus connection and producer id. All threads simulate the same system (same seed, one burst
 * schedule from the same origin) and each draws its own logs (its thread index as the stream).
 */
export function startSendPool(opts: SendPoolOptions): SendPool {
  const shares = planThreads(opts.threads, opts.rate, opts.count);
  const ids = distinctProducerIds(shares.length);
  const burstOriginMs = Date.now();
  const url = opts.workerUrl ?? new URL('./send-worker.js', import.meta.url);
  // All threads start sending together, once the last one is ready: none runs ahead while the
  // others still load, so they begin and end at the same time as a single sender would.
  let waiting = shares.length;
  const whenReady = (): void => {
    if (--waiting === 0) for (const t of threads) t.worker.postMessage({ type: 'start' } satisfies ToSenderThread);
  };
  const threads = shares.map((share, stream): Thread => {
    const job: SenderJob = {
      redis: opts.redis,
      channel: opts.channel,
      rate: share.rate,
      producerId: ids[stream] as string,
      stream,
      burstOriginMs,
      ...(share.count !== undefined ? { count: share.count } : {}),
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.services !== undefined ? { services: opts.services } : {}),
    };
    return startThread(url, job, `thread ${stream + 1} of ${shares.length} (${job.producerId})`, opts.onSay, whenReady);
  });
  const stopAll = (): void => {
    for (const t of threads) t.worker.postMessage({ type: 'stop' } satisfies ToSenderThread);
  };

  const done = (async (): Promise<ThreadResult[]> => {
    try {
      const counts = await Promise.all(threads.map((t) => t.finished));
      return counts.map((c, i) => ({ producerId: ids[i] as string, counts: c }));
    } catch (err) {
      stopAll();
      await Promise.race([Promise.allSettled(threads.map((t) => t.finished)), delay(FAILURE_GRACE_MS)]);
      throw err;
    } finally {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    }
  })();

  return {
    producerIds: ids,
    progress: () => sumCounts(threads.map((t) => t.progress())),
    async stop() {
      stopAll();
      await done.then(
        () => undefined,
        () => undefined,
      );
    },
    done,
  };
}

/** Starts one thread; `finished` settles with its final counts or a one-line error naming it. */
function startThread(
  url: URL,
  job: SenderJob,
  name: string,
  onSay: ((message: string) => void) | undefined,
  onReady: () => void,
): Thread {
  const worker = new Worker(url, { workerData: job });
  let latest: SendCounts = { sent: 0, skipped: 0, lost: 0 };
  const finished = new Promise<SendCounts>((resolve, reject) => {
    worker.on('message', (msg: FromSenderThread) => {
      if (msg.type === 'ready') return onReady();
      if (msg.type === 'say') return onSay?.(msg.message);
      latest = msg.counts;
      if (msg.type === 'done') resolve(msg.counts);
    });
    // After `done` neither changes the outcome: the thread is ended on purpose then.
    worker.on('error', (err: unknown) =>
      reject(new Error(`${name} failed: ${oneLine(err instanceof Error ? err.message : String(err))}`)),
    );
    worker.on('exit', (code) => reject(new Error(`${name} exited (code ${code}) before it was done`)));
  });
  // Awaited through `done`, also when another thread failed first.
  finished.catch(() => undefined);
  return { worker, finished, progress: () => latest };
}

/** `n` producer ids, all different. */
function distinctProducerIds(n: number): string[] {
  const ids = new Set<string>();
  while (ids.size < n) ids.add(newProducerId());
  return [...ids];
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
