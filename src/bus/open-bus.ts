import type { Bus } from './bus.js';
import { createClusterBus } from './cluster/cluster-bus.js';
import { shardChannel, shardNames, type ChannelShards } from './cluster/sharded-channel.js';
import { BusConfigError } from './errors.js';
import { createRedisBus, type RedisBusOptions } from './redis-bus.js';

/** Options of a bus to Redis, a single server or a cluster; without callbacks they can cross to a worker thread. */
export interface OpenBusOptions extends RedisBusOptions {
  /** A Redis Cluster: `url` is one seed node, `seeds` more (any node of the cluster, any role). */
  cluster?: { seeds: string[] };
  /** Spread one channel over shard channels (cluster only; see cluster/sharded-channel.ts). */
  shards?: ChannelShards;
}

/** Opens the bus the options describe: a single server's Redis bus, or the cluster bus, with shards if asked. */
export function openBus(opts: OpenBusOptions): Bus {
  const { cluster, shards, ...redis } = opts;
  if (cluster === undefined) {
    if (shards !== undefined) throw new BusConfigError('channel shards need a Redis Cluster');
    return createRedisBus(redis);
  }
  const { url, ...rest } = redis;
  if (shards !== undefined && redis.backfill?.channels.includes(shards.channel) === true) {
    // The past of a sharded channel is the past of each of its shards.
    rest.backfill = { ...redis.backfill, channels: [...redis.backfill.channels, ...shardNames(shards)] };
  }
  const bus = createClusterBus({ ...rest, seeds: [url, ...cluster.seeds.filter((s) => s !== url)] });
  return shards === undefined || shards.count <= 1 ? bus : shardChannel(bus, shards);
}
