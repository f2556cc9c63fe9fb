import type { BusCounters } from './bus.js';
import { Fifo } from './fifo.js';
import { PublishEncoder, type SealedBatch } from './resp/resp-encoder.js';
import { RespError, type RespReply } from './resp/resp-parser.js';
import type { RespConnection } from './resp/resp-connection.js';
import { withTimeout } from './with-timeout.js';
import type { Payload } from '../protocol/payload.js';

export interface RedisPublisherOptions {
  highWaterMark: number;
  maxQueue: number;
  /** Shared with the bus; the publisher adds to `published` and `dropped`. */
  counters: BusCounters;
  /** Frame head per channel in place of `PUBLISH channel` (see PublishEncoder), e.g. an XADD. */
  frameHead?: (channel: string) => Buffer;
}

/** The publishing half of the Redis bus; the connection's events are wired to the `on*` methods. */
export interface RedisPublisher {
  publish(channel: string, payload: Payload): boolean;
  drain(): Promise<void>;
  flush(): Promise<void>;
  /** Waits up to `timeoutMs` for queued messages to be acknowledged, then counts the rest as dropped. */
  close(timeoutMs: number): Promise<void>;
  onReady(): void;
  onLost(): void;
  onReply(reply: RespReply): void;
  onChunkEnd(): void;
  /** The last error reply to a PUBLISH (an ACL refusal, say); cleared by the next success. */
  readonly error: string | undefined;
}

/** What the publisher needs of its connection. */
export type PublishLink = Pick<RespConnection, 'ready' | 'write'>;

/**
 * Pipelined publishing: messages are encoded into a batch as they are published; a batch is
 * written as soon as it is full (a slab, or `batchLimit` messages), and the rest once per tick,
 * as long as fewer than `highWaterMark` messages await their reply. Writing full batches at once
 * rather than on the next tick keeps a publisher that is called in a long synchronous run (a
 * sender catching up) from holding everything back until the run ends. Replies arrive in
 * order, so counting them is enough to know what is out. While the connection is down, batches
 * wait, up to `maxQueue` messages; what was written but not acknowledged when a connection
 * drops is counted as dropped (at-most-once: it may or may not have reached Redis).
 */
export function createRedisPublisher(conn: () => PublishLink, opts: RedisPublisherOptions): RedisPublisher {
  const { highWaterMark, maxQueue, counters } = opts;
  const lowWaterMark = Math.floor(highWaterMark / 2);
  // Small enough that the high-water mark is overshot by little, big enough to amortise writes.
  const batchLimit = Math.max(1, Math.min(1024, Math.floor(highWaterMark / 4)));
  const batches = new Fifo<SealedBatch>();
  const encoder = new PublishEncoder((batch) => batches.push(batch), opts.frameHead);
  let queued = 0; // messages accepted but not written (sealed or not)
  let inFlight = 0; // written, reply pending
  let accepted = 0;
  let settled = 0;
  let ticking = false;
  let closing = false;
  let released = false;
  let error: string | undefined;
  let drainWaiters: Array<() => void> = [];
  let flushWaiters: Array<{ target: number; resolve: () => void }> = [];

  /** Writes sealed batches while the window allows; `sealOpen`: then also the one being built. */
  const pump = (sealOpen: boolean): void => {
    const link = conn();
    while (!released && inFlight < highWaterMark && link.ready) {
      if (batches.length === 0 && sealOpen) encoder.seal();
      const batch = batches.shift();
      if (batch === undefined) return;
      queued -= batch.count;
      inFlight += batch.count;
      // The slab goes back to the encoder only once the socket is done with these bytes.
      link.write(batch.bytes, () => encoder.release(batch));
    }
  };
  const wake = (): void => {
    if (drainWaiters.length > 0 && (closing || inFlight + queued < lowWaterMark)) {
      const waiting = drainWaiters;
      drainWaiters = [];
      for (const resolve of waiting) resolve();
    }
    while (flushWaiters.length > 0 && (flushWaiters[0]?.target ?? Infinity) <= settled) flushWaiters.shift()?.resolve();
  };
  const tick = (): void => {
    ticking = false;
    pump(true);
  };

  const flush = (): Promise<void> => {
    if (released || settled >= accepted) return Promise.resolve();
    return new Promise((resolve) => flushWaiters.push({ target: accepted, resolve }));
  };

  return {
    publish(channel, payload) {
      if (closing || queued >= maxQueue) {
        counters.dropped++;
        return false;
      }
      const sealed = batches.length;
      encoder.append(channel, payload);
      queued++;
      accepted++;
      if (encoder.open >= batchLimit) encoder.seal();
      if (batches.length > sealed) pump(false);
      if (!ticking) {
        ticking = true;
        process.nextTick(tick);
      }
      return inFlight + queued < highWaterMark;
    },
    drain() {
      if (closing || inFlight + queued < lowWaterMark) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    flush,
    async close(timeoutMs) {
      closing = true;
      wake();
      await withTimeout(flush(), timeoutMs);
      released = true;
      const lost = queued + inFlight;
      counters.dropped += lost;
      settled += lost;
      queued = 0;
      inFlight = 0;
      // Batches never written are not released: their slabs are simply left to the GC.
      batches.clear();
      for (const { resolve } of flushWaiters) resolve();
      flushWaiters = [];
    },
    onReady: () => pump(true),
    onLost() {
      counters.dropped += inFlight;
      settled += inFlight;
      inFlight = 0;
      wake();
    },
    onReply(reply) {
      if (inFlight === 0) return; // a reply to something the bus did not send; nothing to settle
      inFlight--;
      settled++;
      if (reply instanceof RespError) {
        counters.dropped++;
        error = `Redis refused a publish: ${reply.message}`;
      } else {
        counters.published++;
        error = undefined;
      }
    },
    onChunkEnd() {
      pump(true);
      wake();
    },
    get error() {
      return error;
    },
  };
}
