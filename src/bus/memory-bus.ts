import type { Bus, BusCounters, MessageHandler, Subscription } from './bus.js';
import { handlerErrorReporter, type BusErrorHandler } from './errors.js';
import { createStatusCell } from './status-cell.js';
import type { Payload } from '../protocol/payload.js';

export interface MemoryBusOptions {
  /** `publish` returns false once this many messages wait for delivery (default 10,000). */
  highWaterMark?: number;
  /** Messages that may wait at most; beyond it `publish` drops and counts (default 100,000). */
  maxQueue?: number;
  /** Receives errors thrown by handlers; without it the first one is logged to stderr. */
  onError?: BusErrorHandler;
}

interface Sub {
  handler: MessageHandler;
  /** Sequence number of the first message this subscriber may see. */
  from: number;
  active: boolean;
}

/**
 * The in-process bus of embedded mode. Messages queue up and one `setImmediate` delivers the
 * whole batch, so the cost per message is a push and a loop step, never a timer.
 */
export function createMemoryBus(opts: MemoryBusOptions = {}): Bus {
  const highWaterMark = opts.highWaterMark ?? 10_000;
  const lowWaterMark = Math.floor(highWaterMark / 2);
  const maxQueue = Math.max(opts.maxQueue ?? 100_000, highWaterMark);
  const reportError = handlerErrorReporter(opts.onError);
  const status = createStatusCell('ready');
  const counters: BusCounters = { published: 0, dropped: 0, received: 0 };
  // Copy-on-write arrays: delivery iterates them while handlers may (un)subscribe.
  const subscribers = new Map<string, Sub[]>();

  let channels: string[] = [];
  let payloads: Payload[] = [];
  let seq = 0; // sequence number the next accepted message gets
  let scheduled: NodeJS.Immediate | undefined;
  let drainWaiters: Array<() => void> = [];
  let flushWaiters: Array<() => void> = [];
  let closing = false;

  const deliver = (): void => {
    scheduled = undefined;
    const batchChannels = channels;
    const batchPayloads = payloads;
    channels = [];
    payloads = [];
    const waiting = flushWaiters;
    flushWaiters = [];
    const firstSeq = seq - batchChannels.length;
    for (let i = 0; i < batchChannels.length; i++) {
      const channel = batchChannels[i] as string;
      const payload = batchPayloads[i] as Payload;
      counters.published++;
      const subs = subscribers.get(channel);
      if (subs === undefined) continue;
      let delivered = false;
      for (const sub of subs) {
        if (!sub.active || firstSeq + i < sub.from) continue;
        delivered = true;
        try {
          sub.handler(payload, channel);
        } catch (err) {
          reportError(channel, err);
        }
      }
      if (delivered) counters.received++;
    }
    // Everything queued before this batch is out; handlers may have queued more for the next one.
    for (const resolve of waiting) resolve();
    if (channels.length < lowWaterMark) {
      const drained = drainWaiters;
      drainWaiters = [];
      for (const resolve of drained) resolve();
    }
  };

  const schedule = (): void => {
    scheduled ??= setImmediate(deliver);
  };

  const unsubscribe = (channel: string, sub: Sub): void => {
    sub.active = false;
    const rest = (subscribers.get(channel) ?? []).filter((s) => s !== sub);
    if (rest.length === 0) subscribers.delete(channel);
    else subscribers.set(channel, rest);
  };

  return {
    publish(channel, payload) {
      if (closing || channels.length >= maxQueue) {
        counters.dropped++;
        return false;
      }
      channels.push(channel);
      payloads.push(payload);
      seq++;
      schedule();
      return channels.length < highWaterMark;
    },
    drain() {
      if (closing || channels.length < lowWaterMark) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    flush() {
      if (channels.length === 0) return Promise.resolve();
      return new Promise((resolve) => flushWaiters.push(resolve));
    },
    subscribe(channel, handler): Promise<Subscription> {
      if (closing) return Promise.reject(new Error('bus is closed'));
      const sub: Sub = { handler, from: seq, active: true };
      subscribers.set(channel, [...(subscribers.get(channel) ?? []), sub]);
      return Promise.resolve({
        unsubscribe() {
          unsubscribe(channel, sub);
          return Promise.resolve();
        },
      });
    },
    status: () => status.get(),
    onStatus: (listener) => status.listen(listener),
    counters: () => ({ ...counters }),
    close() {
      if (!closing) {
        closing = true;
        // Whatever was accepted before close is still delivered, like the Redis adapter's flush.
        if (scheduled !== undefined) {
          clearImmediate(scheduled);
          deliver();
        }
        subscribers.clear();
        status.set('closed');
        for (const resolve of drainWaiters) resolve();
        drainWaiters = [];
      }
      return Promise.resolve();
    },
  };
}
