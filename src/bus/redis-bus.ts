import type { BackoffOptions } from './backoff.js';
import type { Bus, BusCounters, BusReconnect, RangeSink } from './bus.js';
import { BusConfigError, handlerErrorReporter, type BusErrorHandler } from './errors.js';
import { createRedisPublisher } from './redis-publisher.js';
import { createRedisStreamsReader, type StreamBackfill } from './redis-streams-reader.js';
import { createRedisSubscriber } from './redis-subscriber.js';
import { parseRedisUrl, type RedisTarget } from './redis-url.js';
import {
  RespConnection,
  type RespConnectionOptions,
  type RespEndpoint,
  type RespTlsOptions,
} from './resp/resp-connection.js';
import { RespError, type RespReply } from './resp/resp-parser.js';
import { isClusterRedirect } from './cluster/slot-map.js';
import { createStatusCell } from './status-cell.js';
import { DEFAULT_RETENTION, xaddHeads, type StreamRetention } from './stream-retention.js';

/** TLS material for `rediss://` URLs: file contents, not paths (the CLI reads the files). */
export type RedisTlsOptions = RespTlsOptions;

export interface RedisBusOptions {
  /** `redis://[user:pass@]host[:port][/db]` or `rediss://...`. */
  url: string;
  /** ACL user; overrides one in the URL (lets the CLI keep credentials out of the URL). */
  username?: string;
  /** Password; overrides one in the URL. Sent only in AUTH and masked in every error text. */
  password?: string;
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
  /**
   * `pubsub` (default): PUBLISH and SUBSCRIBE. `streams`: each channel is a stream of that
   * name, written with XADD (one field, `p`, holding the payload bytes) and read with XREAD
   * from the last ID seen, so a reader resumes after a cut without losing what is retained.
   */
  transport?: 'pubsub' | 'streams';
  /** Streams: how much of each stream Redis keeps (default: about the newest million entries). */
  retention?: StreamRetention;
  /** Streams: caps of particular channels, in place of `retention`. */
  retentionByChannel?: Record<string, StreamRetention>;
  /** Streams: the past loaded when a stream is first read. */
  backfill?: StreamBackfill;
  /** Set by the cluster bus (cluster/cluster-bus.ts) for the connections of one hash slot. */
  node?: ClusterNodeHooks;
}

/** How the connections of one Redis Cluster slot find their node and report redirects. */
export interface ClusterNodeHooks {
  /** The master serving the slot now, asked on each connection attempt; undefined while none is known. */
  locate: () => { host: string; port: number; hostname?: string } | undefined;
  /** A reply on connection `role` said the slot lives elsewhere (MOVED, ASK, CLUSTERDOWN...); `why` is the error text. */
  onRedirect: (why: string, role: 'pub' | 'sub') => void;
}

/** A Redis bus; `reroute` moves its connections to where `node.locate` points now. */
export interface RedisBus extends Bus {
  /** Both connections follow `locate` (RespConnection.reroute); the `force`d one is made again even to the same node. */
  reroute(force?: 'pub' | 'sub'): void;
}

/** Memoises frame heads per channel (bounded: a program with very many channels rebuilds them). */
function cachedHeads(build: (channel: string) => Buffer): (channel: string) => Buffer {
  const heads = new Map<string, Buffer>();
  return (channel) => {
    let head = heads.get(channel);
    if (head === undefined) {
      if (heads.size >= 1_024) heads.clear();
      head = build(channel);
      heads.set(channel, head);
    }
    return head;
  };
}

/** `SPUBLISH channel`, the head of a sharded publish, before the payload's bulk string. */
function spublishHead(channel: string): Buffer {
  const name = Buffer.from(channel, 'utf8');
  return Buffer.concat([
    Buffer.from(`*3\r\n$8\r\nSPUBLISH\r\n$${name.length}\r\n`, 'latin1'),
    name,
    Buffer.from('\r\n'),
  ]);
}

type Wiring = Pick<RespConnectionOptions, 'onReady' | 'onLost' | 'onReply' | 'onMessage' | 'onChunkEnd' | 'claim'>;

/** Throws a BusConfigError for options no Redis bus can use; returns the parsed URL. */
export function checkRedisBusOptions(opts: RedisBusOptions): RedisTarget {
  const target = parseRedisUrl(opts.url);
  if (opts.tls !== undefined && !target.tls) {
    throw new BusConfigError('TLS options were given but the Redis URL is redis://; use rediss:// for TLS');
  }
  if (opts.name !== undefined && !/^[\x21-\x7e]+$/.test(opts.name)) {
    throw new BusConfigError(
      `invalid Redis client name ${JSON.stringify(opts.name)}: printable characters without spaces only`,
    );
  }
  if ((opts.username ?? target.username) !== undefined && (opts.password ?? target.password) === undefined) {
    throw new BusConfigError(`Redis user ${JSON.stringify(opts.username ?? target.username)} given without a password`);
  }
  return target;
}

/**
 * The Redis Pub/Sub adapter (and, with `transport: 'streams'`, the Redis Streams one: XADD frames
 * through the same publisher, redis-streams-reader.ts on the receiving side), on LogStream's own
 * RESP2 client (src/bus/resp/). One connection publishes, pipelined (see redis-publisher.ts); a
 * second one, opened on the first `subscribe`, receives and hands each socket chunk's messages to
 * the handlers in one synchronous loop, as Buffers sliced from the chunk. Both reconnect forever;
 * the receiving side re-subscribes (or resumes) and reports each outage through `onReconnect`.
 */
export function createRedisBus(opts: RedisBusOptions): RedisBus {
  const target = checkRedisBusOptions(opts);
  const endpoint: RespEndpoint = { host: target.host, port: target.port, tls: target.tls };
  const username = opts.username ?? target.username;
  const password = opts.password ?? target.password;
  if (username !== undefined) endpoint.username = username;
  if (password !== undefined) endpoint.password = password;
  if (target.db !== undefined) endpoint.db = target.db;

  const status = createStatusCell('connecting');
  const counters: BusCounters = { published: 0, dropped: 0, received: 0 };
  const reconnectListeners = new Set<(info: BusReconnect) => void>();
  let closed: Promise<void> | undefined;

  // The bus is as healthy as its least healthy connection.
  const refreshStatus = (): void => {
    const links = sub === undefined ? [pub] : [pub, sub];
    const worst = links.find((l) => l.state === 'reconnecting') ?? links.find((l) => l.state === 'connecting');
    if (worst !== undefined) status.set(worst.state, worst.error);
    else status.set('ready', publisher.error);
  };
  const connect = (role: 'pub' | 'sub', wiring: Wiring): RespConnection =>
    new RespConnection({
      endpoint,
      ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
      ...(opts.name !== undefined ? { name: `${opts.name}-${role}` } : {}),
      ...(opts.backoff !== undefined ? { backoff: opts.backoff } : {}),
      ...(opts.node !== undefined ? { locate: opts.node.locate } : {}),
      onChange: refreshStatus,
      ...wiring,
    });

  const publisher = createRedisPublisher(() => pub, {
    highWaterMark: opts.highWaterMark ?? 10_000,
    maxQueue: opts.maxQueue ?? 100_000,
    counters,
    ...(opts.transport === 'streams'
      ? { frameHead: xaddHeads(opts.retention ?? DEFAULT_RETENTION, Date.now, opts.retentionByChannel) }
      : opts.node !== undefined
        ? { frameHead: cachedHeads(spublishHead) }
        : {}),
  });
  const redirected = (reply: RespReply, role: 'pub' | 'sub'): void => {
    if (opts.node !== undefined && reply instanceof RespError && isClusterRedirect(reply.message))
      opts.node.onRedirect(reply.message, role);
  };
  let lastPublishError: string | undefined;
  const pub = connect('pub', {
    onReady: () => publisher.onReady(),
    onLost: () => publisher.onLost(),
    onReply: (reply) => {
      publisher.onReply(reply);
      redirected(reply, 'pub');
    },
    onMessage: () => {},
    onChunkEnd: () => {
      publisher.onChunkEnd();
      if (publisher.error !== lastPublishError) {
        lastPublishError = publisher.error;
        refreshStatus();
      }
    },
  });

  const receiving = {
    counters,
    ...(opts.node !== undefined
      ? { sharded: true, onRedirect: (why: string) => opts.node?.onRedirect(why, 'sub') }
      : {}),
    reportError: handlerErrorReporter(opts.onError),
    onReconnect: (info: BusReconnect) => {
      for (const listener of [...reconnectListeners]) {
        try {
          listener(info);
        } catch (err) {
          // It runs inside the socket's data handler; a throw there must not cost the connection.
          console.error('bus reconnect listener threw:', err);
        }
      }
    },
  };
  const subscriber =
    opts.transport === 'streams'
      ? createRedisStreamsReader(() => sub ?? openSub(), {
          ...receiving,
          ...(opts.backfill !== undefined ? { backfill: opts.backfill } : {}),
        })
      : createRedisSubscriber(() => sub ?? openSub(), receiving);
  let sub: RespConnection | undefined; // opened on the first subscribe
  const openSub = (): RespConnection => {
    sub = connect('sub', {
      onReady: () => subscriber.onReady(),
      onLost: (reason) => subscriber.onLost(reason),
      onReply: (reply) => {
        // The Streams reader takes no redirect hook; the bus reports them for it.
        if (opts.transport === 'streams') redirected(reply, 'sub');
        subscriber.onReply(reply);
      },
      onMessage: subscriber.onMessage,
      ...(subscriber.onChunkEnd !== undefined ? { onChunkEnd: subscriber.onChunkEnd } : {}),
      ...(subscriber.claim !== undefined ? { claim: subscriber.claim } : {}),
    });
    refreshStatus();
    return sub;
  };

  const ranges = subscriber.subscribeRanges;
  const shutdown = async (): Promise<void> => {
    await publisher.close(opts.closeTimeoutMs ?? 2_000);
    subscriber.close();
    await Promise.all([pub.close(), sub?.close()]);
    status.set('closed');
  };

  return {
    publish: (channel, payload) => publisher.publish(channel, payload),
    drain: () => publisher.drain(),
    flush: () => publisher.flush(),
    subscribe(channel, handler) {
      if (closed !== undefined) return Promise.reject(new Error('bus is closed'));
      return subscriber.subscribe(channel, handler);
    },
    // Pub/Sub hands over payloads as ranges of the socket chunk; Streams entries go through subscribe.
    ...(ranges !== undefined
      ? {
          subscribeRanges(channel: string, sink: RangeSink) {
            if (closed !== undefined) return Promise.reject(new Error('bus is closed'));
            return ranges(channel, sink);
          },
        }
      : {}),
    status: () => status.get(),
    onStatus: (listener) => status.listen(listener),
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    counters: () => ({ ...counters }),
    reroute(force) {
      pub.reroute(force === 'pub');
      sub?.reroute(force === 'sub');
    },
    close() {
      closed ??= shutdown();
      return closed;
    },
  };
}
