import type { BusCounters, BusReconnect, MessageHandler, RangeSink, Subscription } from './bus.js';
import { Fifo } from './fifo.js';
import { isClusterRedirect } from './cluster/slot-map.js';
import { encodeCommand } from './resp/resp-encoder.js';
import { RespError, type RawReplyReader, type RespReply } from './resp/resp-parser.js';
import type { RespConnection } from './resp/resp-connection.js';

export interface RedisSubscriberOptions {
  /** Shared with the bus; the subscriber adds to `received`. */
  counters: BusCounters;
  reportError: (channel: string, cause: unknown) => void;
  onReconnect: (info: BusReconnect) => void;
  now?: () => number;
  /** Sharded channels of a Redis Cluster: SSUBSCRIBE and SUNSUBSCRIBE on the slot's master. */
  sharded?: boolean;
  /**
   * A cluster answered a subscribe with a redirect (`MOVED`...) or dropped a sharded channel whose
   * slot moved: the connection should be made again where the slot is now, which subscribes again.
   */
  onRedirect?: (why: string) => void;
}

/** The receiving half of the Redis bus; the connection's events are wired to the `on*` methods. */
export interface RedisSubscriber {
  subscribe(channel: string, handler: MessageHandler): Promise<Subscription>;
  /** `subscribe` for a sink of byte ranges (Bus.subscribeRanges); its `chunkEnd` follows each socket chunk. */
  subscribeRanges?: (channel: string, sink: RangeSink) => Promise<Subscription>;
  /** Rejects pending subscribes; the connection is closed by the bus. */
  close(): void;
  onReady(): void;
  onLost(reason: string): void;
  onReply(reply: RespReply): void;
  onMessage: (channel: string, bytes: Buffer, start: number, end: number) => void;
  /** After each socket chunk: range sinks may let go of its bytes. */
  onChunkEnd?: () => void;
  /** A reader of the next reply's raw bytes, when it wants them in place of `onReply` (see RespConnectionOptions.claim). */
  claim?: () => RawReplyReader | undefined;
}

/** One subscription, to payloads or to ranges; its identity tells two subscriptions of the same function apart. */
type HandlerRef = { handler: MessageHandler; sink?: undefined } | { sink: RangeSink; handler?: undefined };

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
  const [subscribeCommand, unsubscribeCommand] =
    opts.sharded === true ? ['SSUBSCRIBE', 'SUNSUBSCRIBE'] : ['SUBSCRIBE', 'UNSUBSCRIBE'];
  const channels = new Map<string, ChannelEntry>();
  // One callback per command sent on the ready connection; called with null if it is lost.
  let confirmations = new Fifo<(reply: RespReply | null) => void>();
  // Unsubscribes sent and not confirmed, per channel: a sunsubscribe beyond them was not asked for.
  const leaving = new Map<string, number>();
  let lostAt: number | undefined;
  let lostReason: string | undefined;
  let closed = false;
  // The range sinks subscribed (and their channel), told of each chunk's end.
  const sinks = new Map<RangeSink, string>();

  const send = (command: string, channel: string, confirmed: (reply: RespReply | null) => void): boolean => {
    if (!conn().write(encodeCommand([command, channel]))) return false;
    confirmations.push(confirmed);
    return true;
  };
  /**
   * Settles `entry` from the reply to its SUBSCRIBE: true when confirmed. A refusal (an ACL's
   * NOPERM) fails the subscription; a cluster redirect leaves it waiting for the connection to be
   * made again where the slot lives; a lost connection (null) for onReady to subscribe it again.
   */
  const confirm = (channel: string, entry: ChannelEntry, reply: RespReply | null): boolean => {
    if (reply === null) return false;
    if (!(reply instanceof RespError)) {
      entry.settle();
      return true;
    }
    if (!isClusterRedirect(reply.message)) {
      if (channels.get(channel) === entry) channels.delete(channel);
      entry.settle(new Error(`cannot subscribe to ${channel}: ${reply.message}`));
    }
    return false;
  };
  const activate = (channel: string, entry: ChannelEntry): void => {
    send(subscribeCommand, channel, (reply) => confirm(channel, entry, reply));
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
    if (ref.sink !== undefined) sinks.delete(ref.sink);
    if (entry.handlers.length > 0 || channels.get(channel) !== entry) return;
    channels.delete(channel);
    // Delivery already stopped above; waiting for the server only makes sense while it is reachable.
    await new Promise<void>((resolve) => {
      if (!send(unsubscribeCommand, channel, () => resolve())) resolve();
      else if (opts.sharded === true) leaving.set(channel, (leaving.get(channel) ?? 0) + 1);
    });
  };

  const add = async (channel: string, ref: HandlerRef): Promise<Subscription> => {
    if (closed) throw new Error('bus is closed');
    const entry = channels.get(channel) ?? open(channel);
    // Registered before awaiting, so a concurrent unsubscribe of another handler keeps the channel.
    entry.handlers = [...entry.handlers, ref];
    if (ref.sink !== undefined) sinks.set(ref.sink, channel);
    try {
      await entry.active;
    } catch (err) {
      entry.handlers = entry.handlers.filter((r) => r !== ref);
      if (ref.sink !== undefined) sinks.delete(ref.sink);
      throw err;
    }
    return { unsubscribe: () => unsubscribe(channel, entry, ref) };
  };

  return {
    subscribe: (channel, handler) => add(channel, { handler }),
    subscribeRanges: (channel, sink) => add(channel, { sink }),
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
        send(subscribeCommand, channel, (reply) => {
          // A refused channel is dropped (its subscribe rejected); the others still report the cut.
          const refused = reply instanceof RespError && !isClusterRedirect(reply.message);
          if ((confirm(channel, entry, reply) || refused) && --left === 0) done();
        });
      }
    },
    onLost(reason) {
      // An outage already in progress (lost again while resubscribing) keeps its start.
      lostAt ??= now();
      lostReason = reason;
      leaving.clear();
      const pending = confirmations;
      confirmations = new Fifo();
      for (let cb = pending.shift(); cb !== undefined; cb = pending.shift()) cb(null);
    },
    onReply(reply) {
      if (reply instanceof RespError) {
        // A refused subscribe stays unconfirmed: after a redirect the connection is made again
        // where the slot lives, and that subscribes it again.
        confirmations.shift()?.(reply);
        if (isClusterRedirect(reply.message)) opts.onRedirect?.(reply.message);
        return;
      }
      // Confirmations are arrays ['subscribe'|'unsubscribe', channel, count]. A sunsubscribe for
      // a channel still wanted was not asked for: the cluster moved its slot away from this node.
      if (!Array.isArray(reply)) return;
      const [kind, bytes] = reply;
      if (opts.sharded === true && Buffer.isBuffer(kind) && kind.toString('latin1') === 'sunsubscribe') {
        const channel = Buffer.isBuffer(bytes) ? bytes.toString('utf8') : '';
        const asked = leaving.get(channel) ?? 0;
        if (asked === 0) {
          opts.onRedirect?.(`the cluster moved the slot of ${channel}`);
          return;
        }
        if (asked === 1) leaving.delete(channel);
        else leaving.set(channel, asked - 1);
      }
      confirmations.shift()?.(reply);
    },
    onMessage(channel, bytes, start, end) {
      const entry = channels.get(channel);
      if (entry === undefined || entry.handlers.length === 0) return;
      counters.received++;
      const handlers = entry.handlers;
      // Made once, and only for handlers of payloads.
      let payload: Buffer | undefined;
      for (let i = 0; i < handlers.length; i++) {
        const ref = handlers[i] as HandlerRef;
        try {
          if (ref.sink !== undefined) ref.sink.message(bytes, start, end);
          else ref.handler((payload ??= bytes.subarray(start, end)), channel);
        } catch (err) {
          reportError(channel, err);
        }
      }
    },
    onChunkEnd() {
      if (sinks.size === 0) return;
      for (const [sink, channel] of sinks) {
        try {
          sink.chunkEnd();
        } catch (err) {
          reportError(channel, err);
        }
      }
    },
  };
}
