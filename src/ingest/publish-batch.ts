import type { ServerSink } from './line-sources.js';

/** What `publishBatch` needs of the sink; the caller's `send` does the publishing itself. */
export type BatchSink = Pick<ServerSink, 'drain' | 'dropped' | 'connected'>;

/**
 * Why a batch was cut short:
 * - `queue-full`: Redis unreachable and the bus's bounded queue full; the sink dropped a record;
 * - `refused`: the sink dropped a record while Redis was connected (the bus closing, or its
 *   queue filled by other senders);
 * - `slow`: Redis connected, but the sink stayed above its low-water mark for `waitMs`;
 * - `unreachable`: (only with `whileUnreachable: 'wait'`) Redis did not come back within `waitMs`;
 * - `aborted`: `signal` was aborted (the sender went away: what is left would only be sent twice).
 */
export type BatchStop = 'queue-full' | 'refused' | 'slow' | 'unreachable' | 'aborted';

/** `accepted`: how many leading items the sink took; the rest were not handed over, or dropped. */
export type BatchOutcome = { ok: true; accepted: number } | { ok: false; accepted: number; stop: BatchStop };

export interface PublishBatchOptions {
  /** Longest stretch a wait for the sink to take more may last (a wait that sees progress ends). */
  waitMs: number;
  /**
   * While Redis is unreachable: `queue` goes on filling the bus's bounded queue without waiting
   * (the batch ends at the first record the queue has no room for); `wait` waits for Redis as
   * for a slow one.
   */
  whileUnreachable: 'queue' | 'wait';
  /** How often a wait looks at the connection (default 100 ms). */
  pollMs?: number;
  /** Ends the batch before the next item, or a wait within `pollMs`. */
  signal?: AbortSignal;
}

/** Resolves after `ms`, or when `done` settles first; leaves no timer behind. */
function sleepUnless(done: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([done.then(() => undefined), slept]).finally(() => clearTimeout(timer));
}

/** Waits until the sink takes more: undefined then, else why the batch must stop. */
async function waitForRoom(sink: BatchSink, opts: PublishBatchOptions): Promise<BatchStop | undefined> {
  const deadline = Date.now() + opts.waitMs;
  let drained = false;
  const done = sink.drain().then(() => {
    drained = true;
  });
  while (!drained) {
    if (opts.signal?.aborted === true) return 'aborted';
    // Redis went away meanwhile: from now on its queue holds what comes, as long as it has room.
    if (opts.whileUnreachable === 'queue' && !sink.connected()) return undefined;
    const left = deadline - Date.now();
    if (left <= 0) return sink.connected() ? 'slow' : 'unreachable';
    await sleepUnless(done, Math.min(opts.pollMs ?? 100, left));
  }
  return undefined;
}

/**
 * Publishes items 0 … count-1 in order, `send(i)` handing item i to the sink (false: the sink
 * is above its high-water mark), under backpressure: after a false it waits for `drain()`, at
 * most `waitMs` at a time. It stops at the first item the sink dropped (the sink's `dropped()`
 * grew during that `send`: a publish is synchronous, so the growth is this item's and no other
 * sender's) or when a wait runs out, and says how many leading items the sink took, so that a
 * sender can send exactly the rest again.
 */
export async function publishBatch(
  count: number,
  send: (i: number) => boolean,
  sink: BatchSink,
  opts: PublishBatchOptions,
): Promise<BatchOutcome> {
  for (let i = 0; i < count; i++) {
    if (opts.signal?.aborted === true) return { ok: false, accepted: i, stop: 'aborted' };
    const before = sink.dropped();
    const more = send(i);
    if (sink.dropped() > before) return { ok: false, accepted: i, stop: sink.connected() ? 'refused' : 'queue-full' };
    if (more || i === count - 1) continue;
    if (opts.whileUnreachable === 'queue' && !sink.connected()) continue;
    const stop = await waitForRoom(sink, opts);
    if (stop !== undefined) return { ok: false, accepted: i + 1, stop };
  }
  return { ok: true, accepted: count };
}
