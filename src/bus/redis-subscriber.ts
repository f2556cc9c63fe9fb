import type { BusCounters, BusReconnect, MessageHandler, Subscription } from './bus.js';
import { Fifo } from './fifo.js';
import { encodeCommand } from './resp/resp-encoder.js';
import type { RespReply } from './resp/resp-parser.js';
import type { RespConnection } from './resp/resp-connection.js';

export interface RedisSubscriberOptions {
  /** Shared with the bus; the subscriber adds to `received`. */
  counters: BusCounters;
  reportError: (channel: string, cause: unknown) => void;
  onReconnect: (info: BusReconnect) => void;
  now?: () => number;
}

/** The receiving half of the Redis bus; the connection's events are wired to the `on*` methods. */
export interface RedisSubscriber {
  subscribe(channel: string, handler: MessageHandler): Promise<Subscription>;
  /** Rejects pending subscribes; the connection is closed by the bus. */
  close(): void;
  onReady(): void;
  onLost(reason: string): void;
  onReply(reply: RespReply): void;
  onMessage: (channel: string, payload: Buffer) => void;
}

/** One subscription; its identity tells two subscriptions of the same function apart. */
interface HandlerRef {
  handler: MessageHandler;
}

interface ChannelEntry {
  // Copy-on-write: delivery loops over it while handlers may (un)subscribe.
  handlers: HandlerRef[];
  active: Promise<void>;
  settle: (err?: Error) => void;
}

/**
 * Channel bookkeeping over the subscriber connection. SUBSCRIBE and UNSUBSCRIBE each get one
 * confirmation, in order, so a FIFO of callbacks matches them. After a lost connection every
 * channel is subscribed again, and once all are confirmed `onReconnect` reports the outage.
 */
export function createRedisSubscriber(conn: () => RespConnection, opts: RedisSubscriberOptions): RedisSubscriber {
  const { counters, reportError } = opts;
  const now = opts.now ?? Date.now;
  const channels = new Map<string, ChannelEntry>();
  // One callback per command sent on the ready connection; called with null if it is lost.
  let confirmations = new Fifo<(reply: RespReply | null) => void>();
  let lostAt: number | undefined;
  let lostReason: string | undefined;
  let closed = false;

  const send = (command: string, channel: string, confirmed: (reply: RespReply | null) => void): boolean => {
    if (!conn().write(encodeCommand([command, channel]))) return false;
    confirmations.push(confirmed);
    return true;
  };
  const activate = (channel: string, entry: ChannelEntry): void => {
    // Unconfirmed because the connection was lost: onReady subscribes it again.
    send('SUBSCRIBE', channel, (reply) => {
      if (reply !== null) entry.settle();
    });
  };
  const open = (channel: string): ChannelEntry => {
    let settle: (err?: Error) => void = () => {};
    const active = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    const entry: ChannelEntry = { handlers: [], active, settle };
    channels.set(channel, entry);
    if (conn().ready) activate(channel, entry);
    return entry;
  };
  const unsubscribe = async (channel: string, entry: ChannelEntry, ref: HandlerRef): Promise<void> => {
    if (!entry.handlers.includes(ref)) return;
    entry.handlers = entry.handlers.filter((r) => r !== ref);
    if (entry.handlers.length > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    // Delivery already stopped above; waiting for the server only makes sense while it is reachable.
    await new Promise<void>((resolve) => {
      if (!send('UNSUBSCRIBE', channel, () => resolve())) resolve();
    });
  };

  return {
    async subscribe(channel, handler) {
      if (closed) throw new Error('bus is closed');
      const entry = channels.get(channel) ?? open(channel);
      // Registered before awaiting, so a concurrent unsubscribe of another handler keeps the channel.
      const ref: HandlerRef = { handler };
      entry.handlers = [...entry.handlers, ref];
      try {
        await entry.active;
      } catch (err) {
        entry.handlers = entry.handlers.filter((r) => r !== ref);
        throw err;
      }
      return { unsubscribe: () => unsubscribe(channel, entry, ref) };
    },
    close() {
      closed = true;
      for (const entry of channels.values()) entry.settle(new Error('bus is closed'));
      channels.clear();
      const pending = confirmations;
      confirmations = new Fifo();
      for (let cb = pending.shift(); cb !== undefined; cb = pending.shift()) cb(null);
    },
    onReady() {
      const list = [...channels.entries()];
      const since = lostAt;
      lostAt = undefined;
      let left = list.length;
      const done = (): void => {
        if (since !== undefined) {
          const info: BusReconnect = { downMs: now() - since, channels: list.map(([c]) => c) };
          if (lostReason !== undefined) info.reason = lostReason;
          opts.onReconnect(info);
        }
      };
      if (left === 0) return done();
      for (const [channel, entry] of list) {
        send('SUBSCRIBE', channel, (reply) => {
          if (reply === null) return;
          entry.settle();
          if (--left === 0) done();
        });
      }
    },
    onLost(reason) {
      // An outage already in progress (lost again while resubscribing) keeps its start.
      lostAt ??= now();
      lostReason = reason;
      const pending = confirmations;
      confirmations = new Fifo();
      for (let cb = pending.shift(); cb !== undefined; cb = pending.shift()) cb(null);
    },
    onReply(reply) {
      // Confirmations are arrays ['subscribe'|'unsubscribe', channel, count]; nothing else is expected.
      if (Array.isArray(reply)) confirmations.shift()?.(reply);
    },
    onMessage(channel, payload) {
      const entry = channels.get(channel);
      if (entry === undefined || entry.handlers.length === 0) return;
      counters.received++;
      const handlers = entry.handlers;
      for (let i = 0; i < handlers.length; i++) {
        try {
          (handlers[i] as HandlerRef).handler(payload, channel);
        } catch (err) {
          reportError(channel, err);
        }
      }
    },
  };
}
