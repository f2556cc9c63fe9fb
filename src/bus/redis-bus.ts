import type { RedisClientType } from '@redis/client';
import type { BackoffOptions } from './backoff.js';
import type { Bus, BusCounters, MessageHandler, Subscription } from './bus.js';
import { BusConfigError, handlerErrorReporter, type BusErrorHandler } from './errors.js';
import { Fifo } from './fifo.js';
import { openRedisLink, releaseRedisLink, withTimeout, type RedisLink, type RedisTlsOptions } from './redis-link.js';
import { parseRedisUrl } from './redis-url.js';
import { createStatusCell } from './status-cell.js';
import type { Payload } from '../protocol/payload.js';

export type { RedisTlsOptions } from './redis-link.js';

export interface RedisBusOptions {
  /** `redis://[user:pass@]host[:port][/db]` or `rediss://...`. */
  url: string;
  /** Client name shown by `CLIENT LIST`, suffixed `-pub` / `-sub`; no spaces. */
  name?: string;
  /** Unsent plus unacknowledged messages at which `publish` returns false (default 10,000). */
  highWaterMark?: number;
  /** Messages held while Redis is unreachable; beyond it they are dropped and counted (default 100,000). */
  maxQueue?: number;
  tls?: RedisTlsOptions;
  /** Receives errors thrown by handlers; without it the first one is logged to stderr. */
  onError?: BusErrorHandler;
  /** Reconnect delays (default 100 ms doubling to 2 s, ±20% jitter). */
  backoff?: BackoffOptions;
  /** How long `close` waits for queued messages to reach Redis (default 2,000 ms). */
  closeTimeoutMs?: number;
}

interface Outgoing {
  channel: string;
  payload: Payload;
}
interface HandlerRef {
  handler: MessageHandler;
}
interface ChannelEntry {
  handlers: Set<HandlerRef>;
  listener: (message: Buffer) => void;
  subscribed: Promise<void>;
}

const noop = (): void => {};

/**
 * The Redis Pub/Sub adapter. One connection publishes (auto-pipelined by node-redis, at most
 * `highWaterMark` unacknowledged); a second one, opened on the first `subscribe`, receives in
 * Buffer mode. Both reconnect forever; while the publisher is down, messages wait in a bounded queue.
 */
export function createRedisBus(opts: RedisBusOptions): Bus {
  const target = parseRedisUrl(opts.url);
  if (opts.tls !== undefined && !target.tls) {
    throw new BusConfigError('TLS options were given but the Redis URL is redis://; use rediss:// for TLS');
  }
  if (opts.name !== undefined && !/^[\x21-\x7e]+$/.test(opts.name)) {
    throw new BusConfigError(`invalid Redis client name ${JSON.stringify(opts.name)}: printable characters without spaces only`);
  }
  const highWaterMark = opts.highWaterMark ?? 10_000;
  const lowWaterMark = Math.floor(highWaterMark / 2);
  const maxQueue = opts.maxQueue ?? 100_000;
  const reportError = handlerErrorReporter(opts.onError);
  const status = createStatusCell('connecting');
  const counters: BusCounters = { published: 0, dropped: 0, received: 0 };
  const channels = new Map<string, ChannelEntry>();
  // Replies arrive in order, so counting settlements is enough to know what is out.
  const queue = new Fifo<Outgoing>();
  let inFlight = 0;
  let accepted = 0;
  let settled = 0;
  let drainWaiters: Array<() => void> = [];
  let flushWaiters: Array<{ target: number; resolve: () => void }> = [];
  let closing = false; // publish refuses; close is flushing
  let released = false; // connections are being let go
  let closed: Promise<void> | undefined;

  // The bus is as healthy as its least healthy connection.
  const refreshStatus = (): void => {
    const links = sub === undefined ? [pub] : [pub, sub];
    const worst = links.find((l) => l.state === 'reconnecting') ?? links.find((l) => l.state === 'connecting');
    if (worst === undefined) status.set('ready');
    else status.set(worst.state, worst.error);
  };
  const link = (role: 'pub' | 'sub', onReady?: () => void): RedisLink =>
    openRedisLink({
      target,
      name: opts.name === undefined ? undefined : `${opts.name}-${role}`,
      tls: opts.tls,
      backoff: opts.backoff,
      onChange: refreshStatus,
      onReady,
    });

  const wake = (): void => {
    if (drainWaiters.length > 0 && (closing || inFlight + queue.length < lowWaterMark)) {
      const waiting = drainWaiters;
      drainWaiters = [];
      for (const resolve of waiting) resolve();
    }
    while (flushWaiters.length > 0 && (flushWaiters[0]?.target ?? Infinity) <= settled) flushWaiters.shift()?.resolve();
  };
  const onSettled = (ok: boolean): void => {
    inFlight--;
    settled++;
    if (ok) counters.published++;
    else counters.dropped++; // at-most-once: a publish cut off mid-flight is not retried
    pump();
    wake();
  };
  const onAck = (): void => onSettled(true);
  const onFail = (): void => onSettled(false);
  const send = (client: RedisClientType, msg: Outgoing): void => {
    inFlight++;
    client.publish(msg.channel, msg.payload).then(onAck, onFail);
  };
  const pump = (): void => {
    if (released) return;
    while (queue.length > 0 && inFlight < highWaterMark && pub.client.isReady) send(pub.client, queue.shift() as Outgoing);
  };

  const pub: RedisLink = link('pub', pump);
  let sub: RedisLink | undefined; // opened on the first subscribe

  const openChannel = (channel: string): ChannelEntry => {
    sub ??= link('sub');
    refreshStatus();
    const handlers = new Set<HandlerRef>();
    const listener = (message: Buffer): void => {
      if (handlers.size === 0) return;
      counters.received++;
      for (const { handler } of handlers) {
        try {
          handler(message, channel);
        } catch (err) {
          reportError(channel, err);
        }
      }
    };
    const entry: ChannelEntry = { handlers, listener, subscribed: sub.client.subscribe(channel, listener, true) };
    channels.set(channel, entry);
    return entry;
  };

  const unsubscribe = async (channel: string, entry: ChannelEntry, ref: HandlerRef): Promise<void> => {
    if (!entry.handlers.delete(ref) || entry.handlers.size > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    if (sub === undefined || released) return;
    const done = sub.client.unsubscribe(channel, entry.listener, true).catch(noop);
    // Delivery already stopped above; waiting for the server only makes sense while it is reachable.
    if (sub.client.isReady) await done;
  };

  const flush = (): Promise<void> => {
    if (released || settled >= accepted) return Promise.resolve();
    return new Promise((resolve) => flushWaiters.push({ target: accepted, resolve }));
  };

  const shutdown = async (): Promise<void> => {
    closing = true;
    wake();
    await withTimeout(flush(), opts.closeTimeoutMs ?? 2_000);
    released = true;
    const lost = queue.clear();
    counters.dropped += lost;
    settled += lost;
    await Promise.all([releaseRedisLink(pub), sub === undefined ? undefined : releaseRedisLink(sub)]);
    channels.clear();
    status.set('closed');
    for (const { resolve } of flushWaiters) resolve();
    flushWaiters = [];
  };

  return {
    publish(channel, payload) {
      if (closing) {
        counters.dropped++;
        return false;
      }
      if (queue.length === 0 && inFlight < highWaterMark && pub.client.isReady) {
        send(pub.client, { channel, payload });
      } else if (queue.length >= maxQueue) {
        counters.dropped++;
        return false;
      } else {
        queue.push({ channel, payload });
      }
      accepted++;
      return inFlight + queue.length < highWaterMark;
    },
    drain() {
      if (closing || inFlight + queue.length < lowWaterMark) return Promise.resolve();
      return new Promise((resolve) => drainWaiters.push(resolve));
    },
    flush,
    async subscribe(channel, handler): Promise<Subscription> {
      if (closing) throw new Error('bus is closed');
      const entry = channels.get(channel) ?? openChannel(channel);
      // Registered before awaiting, so a concurrent unsubscribe of another handler keeps the channel.
      const ref = { handler };
      entry.handlers.add(ref);
      try {
        await entry.subscribed;
      } catch (err) {
        entry.handlers.delete(ref);
        if (channels.get(channel) === entry) channels.delete(channel);
        throw err;
      }
      return { unsubscribe: () => unsubscribe(channel, entry, ref) };
    },
    status: () => status.get(),
    onStatus: (listener) => status.listen(listener),
    counters: () => ({ ...counters }),
    close() {
      closed ??= shutdown();
      return closed;
    },
  };
}
