import type { ServerSink } from '../line-sources.js';
import { publishBatch } from '../publish-batch.js';
import type { ForwardEvent } from './forward-entry.js';

/*
 * Publishes the events of one message under the bus's backpressure (the loop HTTP ingest uses,
 * publishBatch) and tells whether all of them were published, which is what an ack promises.
 * While Redis is connected, a full queue is waited on (the connection is not read meanwhile, so
 * TCP pushes back on the sender) rather than dropped, up to a stated time; once the events are
 * queued, Redis's replies to them are waited on too. While Redis is unreachable nothing is
 * waited on: the bus's bounded queue holds the events until Redis returns. An acknowledged
 * chunk stops at the first event the queue refuses: the client sends the whole chunk again, so
 * publishing its rest would only make them arrive twice. A message without a chunk goes on, and
 * what does not fit is dropped and counted.
 */

export interface PublishTarget {
  sink: ServerSink;
  /** Hands one event to the sink (through the record joiner); false asks to wait. */
  push: (event: ForwardEvent) => boolean;
  /** Resolves once everything published so far was handed to Redis (the bus's `flush`). */
  flush?: (() => Promise<void>) | undefined;
  /** Longest wait for room in the queue, or for Redis's replies, before giving up on a message. */
  maxWaitMs: number;
  /** The message asked for an ack (it has a chunk): stop at the first event the queue refuses. */
  stopAtDrop: boolean;
}

/** Resolves true when `p` settles, false after `ms`; the timer does not outlive the race. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How often a wait looks whether Redis is still connected. */
const CHECK_MS = 250;

/** Waits for `done` while Redis is connected, at most `maxWaitMs`; false when that time ran out. */
async function waitConnected(sink: ServerSink, done: Promise<void>, maxWaitMs: number): Promise<boolean> {
  const deadline = Date.now() + maxWaitMs;
  while (sink.connected()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    if (await within(done, Math.min(left, CHECK_MS))) return true;
  }
  return true;
}

/** One message's publishing: `publish` each batch, then `settle`. */
export class MessagePublisher {
  private readonly droppedBefore: number;
  /** Events handed to the sink so far. */
  published = 0;

  constructor(private readonly target: PublishTarget) {
    this.droppedBefore = target.sink.dropped();
  }

  /** Publishes a batch, waiting for room as needed; the reason when it had to stop. */
  async publish(events: readonly ForwardEvent[]): Promise<string | undefined> {
    const { sink, push, maxWaitMs, stopAtDrop } = this.target;
    for (let from = 0; from < events.length;) {
      const outcome = await publishBatch(events.length - from, (i) => push(events[from + i] as ForwardEvent), sink, {
        waitMs: maxWaitMs,
        whileUnreachable: 'queue',
      });
      this.published += outcome.accepted;
      if (outcome.ok) return undefined;
      if (outcome.stop === 'slow') {
        return `Redis took no logs for ${maxWaitMs / 1000} s (${this.published} of the events were queued)`;
      }
      const why = outcome.stop === 'queue-full' ? 'Redis unreachable and the queue full' : 'the queue to Redis full';
      if (stopAtDrop) return `a log was dropped (${why}); the rest of the chunk was not published`;
      // The dropped event was handed over too; the sink counts it.
      this.published++;
      from += outcome.accepted + 1;
    }
    return undefined;
  }

  /** After the last batch: waits for Redis's replies (while connected); the reason when not all were published. */
  async settle(): Promise<string | undefined> {
    const { sink, flush, maxWaitMs } = this.target;
    // While Redis is unreachable the events wait in the bus's queue: no flush that would wait for Redis.
    if (flush !== undefined && sink.connected() && !(await waitConnected(sink, flush(), maxWaitMs))) {
      return `Redis did not confirm the logs within ${maxWaitMs / 1000} s`;
    }
    const lost = sink.dropped() - this.droppedBefore;
    return lost > 0 ? `${lost} logs were dropped meanwhile (Redis unreachable and the queue full)` : undefined;
  }
}
