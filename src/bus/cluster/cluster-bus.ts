import type { Bus, BusCounters, BusReconnect } from '../bus.js';
import { BusConfigError } from '../errors.js';
import { createRedisBus, type RedisBus, type RedisBusOptions } from '../redis-bus.js';
import { parseRedisUrl, type RedisTarget } from '../redis-url.js';
import { createStatusCell } from '../status-cell.js';
import { createClusterTopology } from './cluster-topology.js';
import { keySlot } from './key-slot.js';
import type { NodeAddress } from './slot-map.js';
import { subscribeRanges } from '../range-subscribe.js';

export interface ClusterBusOptions extends Omit<RedisBusOptions, 'url' | 'node'> {
  /** `redis://[user:pass@]host:port` (or `rediss://`) of one or more nodes of the cluster, any role. */
  seeds: string[];
}

// Channel → slot bus lookups are cached; a program with more channels than this rebuilds them.
const MAX_CACHED_CHANNELS = 4_096;

/** Checks the seeds agree on the scheme and carry no database (a cluster has only db 0). */
function parseSeeds(seeds: string[]): RedisTarget[] {
  if (seeds.length === 0) throw new BusConfigError('a Redis Cluster needs at least one seed node URL');
  const targets = seeds.map(parseRedisUrl);
  for (const t of targets) {
    if (t.db !== undefined && t.db !== 0)
      throw new BusConfigError('a Redis Cluster has only database 0: remove the /db part of the URL');
    if (t.tls !== targets[0]?.tls) throw new BusConfigError('cluster seed URLs mix redis:// and rediss://');
  }
  return targets;
}

/**
 * The Redis Cluster adapter. Each hash slot a channel hashes to gets its own Redis bus
 * (redis-bus.ts: a publishing and a receiving connection) whose connections go wherever the
 * cluster's slot map says the slot lives: Pub/Sub becomes sharded (SPUBLISH / SSUBSCRIBE), and a
 * Streams reader's XREAD names keys of one slot only, as a cluster requires. The slot map is read
 * from any node (cluster-topology.ts) at start, after a redirect, and twice a second while a
 * connection is down; when it changes, the slot buses move their connections (`reroute`) and
 * subscribe again or resume their streams, which reports the outage through `onReconnect` like a
 * single server's reconnect does. A master killed mid-stream is thus one reconnect per slot.
 */
export function createClusterBus(opts: ClusterBusOptions): Bus {
  const targets = parseSeeds(opts.seeds);
  const first = targets[0] as RedisTarget;
  const username = opts.username ?? targets.find((t) => t.username !== undefined)?.username;
  const password = opts.password ?? targets.find((t) => t.password !== undefined)?.password;
  const seeds: NodeAddress[] = targets.map((t) => ({ host: t.host, port: t.port }));
  const { seeds: _seeds, ...shared } = opts;

  const status = createStatusCell('connecting');
  const slots = new Map<number, RedisBus>();
  const byChannel = new Map<string, RedisBus>();
  const reconnectListeners = new Set<(info: BusReconnect) => void>();
  let droppedHere = 0;
  let closed: Promise<void> | undefined;

  const topology = createClusterTopology({
    seeds,
    tls: first.tls,
    access: {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
      ...(opts.name !== undefined ? { name: `${opts.name}-map` } : {}),
    },
    onChange: () => {
      for (const bus of slots.values()) bus.reroute();
      refreshStatus();
    },
  });

  // As healthy as the least healthy slot bus; before any, as the slot map. A slot bus opened
  // later (a new channel) connecting is no outage: only one that lost its node counts then.
  let everReady = false;
  const refreshStatus = (): void => {
    const states = [...slots.values()].map((b) => b.status());
    const down = states.find((x) => x.state === 'reconnecting');
    const starting = everReady ? undefined : states.find((x) => x.state === 'connecting');
    topology.watch(down !== undefined || states.some((x) => x.state === 'connecting'));
    if (down !== undefined) status.set('reconnecting', down.error ?? topology.error);
    else if (starting !== undefined || !topology.known) status.set('connecting', starting?.error ?? topology.error);
    else {
      everReady = true;
      status.set('ready', states.find((x) => x.error !== undefined)?.error);
    }
  };
  const wait = setInterval(() => {
    if (topology.known || topology.error !== undefined) refreshStatus();
    if (topology.known) clearInterval(wait);
  }, 50);

  const slotBus = (slot: number): RedisBus => {
    let bus = slots.get(slot);
    if (bus !== undefined) return bus;
    // One map refresh per burst of redirects (every reply of a pipeline may be one), per connection.
    const redirecting = new Set<'pub' | 'sub'>();
    const created = createRedisBus({
      ...shared,
      url: first.url,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      node: {
        locate: () => topology.owner(slot),
        onRedirect: (_why, role) => {
          if (redirecting.has(role)) return;
          redirecting.add(role);
          void topology.refresh().then(() => {
            redirecting.delete(role);
            // Where the map still names the same node, the refusal (CLUSTERDOWN, a MOVED from a node
            // that has not caught up) is retried on a fresh connection rather than left unanswered.
            created.reroute(role);
          });
        },
      },
    });
    bus = created;
    slots.set(slot, bus);
    bus.onStatus(refreshStatus);
    bus.onReconnect?.((info) => {
      for (const listener of [...reconnectListeners]) listener(info);
    });
    refreshStatus();
    return bus;
  };
  const busFor = (channel: string): RedisBus => {
    let bus = byChannel.get(channel);
    if (bus === undefined) {
      if (byChannel.size >= MAX_CACHED_CHANNELS) byChannel.clear();
      bus = slotBus(keySlot(channel));
      byChannel.set(channel, bus);
    }
    return bus;
  };

  const shutdown = async (): Promise<void> => {
    clearInterval(wait);
    topology.close();
    await Promise.all([...slots.values()].map((b) => b.close()));
    status.set('closed');
  };

  return {
    publish(channel, payload) {
      if (closed !== undefined) {
        droppedHere++;
        return false;
      }
      return busFor(channel).publish(channel, payload);
    },
    async drain() {
      await Promise.all([...slots.values()].map((b) => b.drain()));
    },
    async flush() {
      await Promise.all([...slots.values()].map((b) => b.flush()));
    },
    subscribe(channel, handler) {
      if (closed !== undefined) return Promise.reject(new Error('bus is closed'));
      return busFor(channel).subscribe(channel, handler);
    },
    subscribeRanges(channel, sink) {
      if (closed !== undefined) return Promise.reject(new Error('bus is closed'));
      return subscribeRanges(busFor(channel), channel, sink);
    },
    status: () => status.get(),
    onStatus: (listener) => status.listen(listener),
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    counters() {
      const sum: BusCounters = { published: 0, dropped: droppedHere, received: 0 };
      for (const bus of slots.values()) {
        const c = bus.counters();
        sum.published += c.published;
        sum.dropped += c.dropped;
        sum.received += c.received;
      }
      return sum;
    },
    close() {
      closed ??= shutdown();
      return closed;
    },
  };
}
