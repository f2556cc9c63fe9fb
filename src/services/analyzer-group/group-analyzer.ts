import { minedTemplates } from '../mined-patterns.js';
import { keySlot } from '../../bus/cluster/key-slot.js';
import { createSlotRequestClient } from '../../bus/cluster/slot-request-client.js';
import {
  createRedisRequestClient,
  type RedisRequestClient,
  type RedisRequestClientOptions,
} from '../../bus/redis-request-client.js';
import { trimArgs, type StreamRetention } from '../../bus/stream-retention.js';
import { DEFAULT_IDLE_MS } from '../../core/gap-tracker.js';
import { DEFAULT_MAX_EMPTY_WINDOWS, DEFAULT_TOP_ERRORS, DEFAULT_TOP_SERVICES } from '../../core/window-aggregator.js';
import { DEFAULT_ROLLUPS_MS } from '../analyzer.js';
import { skipFieldsDecoder } from '../../protocol/shared-decode.js';
import type { WindowStats } from '../../protocol/stats.js';
import { groupKeys } from './group-keys.js';
import type { ShardAccess } from './shard-windows.js';
import { shardNames } from '../../bus/cluster/sharded-channel.js';
import { startGroupPublisher, type PublisherCounters } from './group-publisher.js';
import { startGroupReader, type ReaderCounters } from './group-reader.js';
import { groupTiming } from './group-timing.js';

/** An analyzer that shares a stream with others through a consumer group. */
export interface GroupAnalyzerOptions {
  /** Connection; two connections are opened, one reading, one publishing. */
  redis: RedisRequestClientOptions;
  /** A Redis Cluster: `redis.url` is one seed node, `seeds` more; the connections go to the masters of the streams' slots. */
  cluster?: { seeds: string[] };
  /**
   * Read the shard streams `<logsStream>{0..shards-1}` (cluster), a consumer group on each,
   * and publish each window merged over all of them.
   */
  shards?: number;
  logsStream: string;
  statsStream: string;
  /** How much of the stats stream Redis keeps (trim of each XADD). */
  statsRetention: StreamRetention;
  group: string;
  /** This analyzer's name in the group; unique among the running ones. */
  consumer: string;
  latenessMs?: number;
  claimIdleMs?: number;
  graceMs?: number;
  topServices?: number;
  topErrors?: number;
  maxLineBytes?: number;
  /** Lengths of the longer windows published besides the 1 s ones (default 10 s and 60 s). */
  rollups?: number[];
  now?: () => number;
  /** Called with every window this analyzer publishes. */
  onWindow?: (window: WindowStats) => void;
  /** Called once the group exists and this analyzer reads from it. */
  onReady?: () => void;
  /** Called with each problem, once until a different one occurs. */
  onError?: (message: string) => void;
}

export type GroupAnalyzerCounters = ReaderCounters & PublisherCounters;

export interface GroupAnalyzer {
  counters(): GroupAnalyzerCounters;
  stop(): Promise<void>;
}

/** The counters of several readers, added up. */
function sumCounters(all: readonly ReaderCounters[]): ReaderCounters {
  const sum: ReaderCounters = {
    received: 0,
    plain: 0,
    truncated: 0,
    stamped: 0,
    claimed: 0,
    yielded: 0,
    lateCommits: 0,
  };
  for (const c of all) for (const key of Object.keys(sum) as Array<keyof ReaderCounters>) sum[key] += c[key];
  return sum;
}

// Partials nobody publishes (every analyzer gone) and the group's state outlive them this long.
const PARTIAL_TTL_MS = 10 * 60_000;
const STATE_TTL_MS = 24 * 3_600_000;

/**
 * `analyze --group`: reads its share of the logs stream through a consumer group and, with the
 * other analyzers of the group, publishes on the stats stream exactly the windows one analyzer
 * would (docs/scaling.md, "Analyzers in a consumer group").
 */
export function startGroupAnalyzer(opts: GroupAnalyzerOptions): GroupAnalyzer {
  const now = opts.now ?? Date.now;
  const timing = groupTiming({
    ...(opts.latenessMs !== undefined ? { latenessMs: opts.latenessMs } : {}),
    ...(opts.claimIdleMs !== undefined ? { claimIdleMs: opts.claimIdleMs } : {}),
    ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
  });
  const keys = groupKeys(opts.logsStream, opts.group);
  // On a cluster the stats stream is mostly in another slot than the group's keys: no script
  // reaches both, and the publication goes in steps (shard-windows.ts), with the keys that the
  // commits check (each shard's, or the group's) apart from the publication's own.
  const apart = opts.cluster !== undefined && keySlot(opts.statsStream) !== keySlot(keys.next);
  const onError = opts.onError ?? ((message: string) => console.error(message));
  const named = (role: string): RedisRequestClientOptions => ({
    ...opts.redis,
    ...(opts.redis.name !== undefined ? { name: `${opts.redis.name}-${role}` } : {}),
  });
  const cluster = opts.cluster;
  const clientOf = (role: string, key: string): RedisRequestClient => {
    if (cluster === undefined) return createRedisRequestClient(named(role));
    const { url, ...access } = named(role);
    return createSlotRequestClient({ ...access, key, seeds: [url, ...cluster.seeds.filter((s) => s !== url)] });
  };
  const sharded = opts.shards !== undefined && opts.shards > 1;
  const streams = sharded ? shardNames({ channel: opts.logsStream, count: opts.shards ?? 1 }) : [opts.logsStream];
  const clients: RedisRequestClient[] = [];
  const open = (role: string, key: string): RedisRequestClient => {
    const client = clientOf(role, key);
    clients.push(client);
    return client;
  };
  const publishClient = open('publish', opts.logsStream);
  const statsClient = apart ? open('stats', opts.statsStream) : undefined;
  let waiting = streams.length;
  const readers = streams.map((stream, k) =>
    startGroupReader({
      client: open(sharded ? `read${k}` : 'read', stream),
      keys: groupKeys(stream, opts.group),
      consumer: opts.consumer,
      timing,
      decode: skipFieldsDecoder(opts.maxLineBytes),
      now,
      partialTtlMs: PARTIAL_TTL_MS,
      onError,
      onReady: () => {
        if (--waiting === 0) opts.onReady?.();
      },
    }),
  );
  const shards: ShardAccess[] | undefined = sharded
    ? streams.map((stream, k) => ({ client: open(`publish${k}`, stream), keys: groupKeys(stream, opts.group) }))
    : apart
      ? [{ client: publishClient, keys }]
      : undefined;
  const publisher = startGroupPublisher({
    client: publishClient,
    keys: apart && !sharded ? groupKeys(opts.logsStream, opts.group, 'publication') : keys,
    consumer: opts.consumer,
    timing,
    statsKey: opts.statsStream,
    statsClient,
    shards,
    statsTrim: () => trimArgs(opts.statsRetention, now()),
    stats: {
      topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
      topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
      templatesOf: minedTemplates(),
    },
    rollups: opts.rollups ?? DEFAULT_ROLLUPS_MS,
    gapIdleMs: DEFAULT_IDLE_MS,
    maxEmptyWindows: DEFAULT_MAX_EMPTY_WINDOWS,
    stateTtlMs: STATE_TTL_MS,
    now,
    onWindow: opts.onWindow,
    onError,
  });
  let stopping: Promise<void> | undefined;
  return {
    counters: () => ({ ...sumCounters(readers.map((r) => r.counters)), ...publisher.counters }),
    stop() {
      stopping ??= (async () => {
        await Promise.all(readers.map((r) => r.stop()));
        await publisher.stop();
        await Promise.all(clients.map((c) => c.close()));
      })();
      return stopping;
    },
  };
}
