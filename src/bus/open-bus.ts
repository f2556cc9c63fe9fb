import type { Bus } from './bus.js';
import { createClusterBus } from './cluster/cluster-bus.js';
import { deniedNotice, probeCluster } from './cluster/cluster-probe.js';
import { shardChannel, shardNames, type ChannelShards } from './cluster/sharded-channel.js';
import { createDeferredBus, type DeferredBusReport } from './deferred-bus.js';
import { BusConfigError } from './errors.js';
import { checkRedisBusOptions, createRedisBus, type RedisBusOptions } from './redis-bus.js';

/** Options of a bus to Redis, a single server or a cluster; without callbacks they can cross to a worker thread. */
export interface OpenBusOptions extends RedisBusOptions {
  /**
   * A Redis Cluster: `url` is one seed node, `seeds` more (any node of the cluster, any role).
   * Without it, the node of `url` is asked whether it is a cluster node before anything is sent.
   */
  cluster?: { seeds: string[] };
  /** Spread one channel over shard channels (cluster only; see cluster/sharded-channel.ts). */
  shards?: ChannelShards;
  /** Hears, once, a notice for the user: the node would not say whether it is a cluster node (NOPERM). */
  onNotice?: (message: string) => void;
}

/**
 * Opens the bus the options describe: the cluster bus (with shards if asked) when `cluster` is
 * given, else a single server's Redis bus, or the cluster bus if the node turns out to be a
 * cluster node (cluster/cluster-probe.ts; publishes and subscriptions wait for that answer).
 */
export function openBus(opts: OpenBusOptions): Bus {
  const { cluster, shards, onNotice, ...redis } = opts;
  if (cluster !== undefined) return openClusterBus(redis, cluster.seeds, shards);
  if (shards !== undefined) throw new BusConfigError('channel shards need a Redis Cluster');
  checkRedisBusOptions(redis);
  let report: DeferredBusReport = () => {};
  const probe = probeCluster({
    url: redis.url,
    ...(redis.username !== undefined ? { username: redis.username } : {}),
    ...(redis.password !== undefined ? { password: redis.password } : {}),
    ...(redis.tls !== undefined ? { tls: redis.tls } : {}),
    ...(redis.backoff !== undefined ? { backoff: redis.backoff } : {}),
    onUnreachable: (error) => report(error),
    onDenied: () => onNotice?.(deniedNotice(redis.url)),
  });
  const deferred = createDeferredBus({
    choice: probe.isCluster.then((isCluster) =>
      isCluster ? openClusterBus(redis, [], undefined) : createRedisBus(redis),
    ),
    cancel: () => probe.cancel(),
    highWaterMark: redis.highWaterMark ?? 10_000,
    maxQueue: redis.maxQueue ?? 100_000,
    closeTimeoutMs: redis.closeTimeoutMs ?? 2_000,
  });
  report = deferred.report;
  return deferred.bus;
}

function openClusterBus(redis: RedisBusOptions, seeds: string[], shards: ChannelShards | undefined): Bus {
  const { url, ...rest } = redis;
  if (shards !== undefined && redis.backfill?.channels.includes(shards.channel) === true) {
    // The past of a sharded channel is the past of each of its shards.
    rest.backfill = { ...redis.backfill, channels: [...redis.backfill.channels, ...shardNames(shards)] };
  }
  const bus = createClusterBus({ ...rest, seeds: [url, ...seeds.filter((s) => s !== url)] });
  return shards === undefined || shards.count <= 1 ? bus : shardChannel(bus, shards);
}
