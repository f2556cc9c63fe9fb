import { minedPatterns } from '../mined-patterns.js';
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
import { startGroupPublisher, type PublisherCounters } from './group-publisher.js';
import { startGroupReader, type ReaderCounters } from './group-reader.js';
import { groupTiming } from './group-timing.js';

/** An analyzer that shares a stream with others through a consumer group. */
export interface GroupAnalyzerOptions {
  /** Connection; two connections are opened, one reading, one publishing. */
  redis: RedisRequestClientOptions;
  /** A Redis Cluster: `redis.url` is one seed node, `seeds` more; the connections go to the masters of the streams' slots. */
  cluster?: { seeds: string[] };
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
  const readClient = clientOf('read', opts.logsStream);
  const publishClient = clientOf('publish', opts.logsStream);
  // On a cluster the stats stream is mostly in another slot than the group's keys: no script reaches both.
  const statsClient =
    cluster !== undefined && keySlot(opts.statsStream) !== keySlot(keys.next)
      ? clientOf('stats', opts.statsStream)
      : undefined;
  const reader = startGroupReader({
    client: readClient,
    keys,
    consumer: opts.consumer,
    timing,
    decode: skipFieldsDecoder(opts.maxLineBytes),
    now,
    partialTtlMs: PARTIAL_TTL_MS,
    onError,
    ...(opts.onReady !== undefined ? { onReady: opts.onReady } : {}),
  });
  const publisher = startGroupPublisher({
    client: publishClient,
    keys,
    consumer: opts.consumer,
    timing,
    statsKey: opts.statsStream,
    statsClient,
    statsTrim: () => trimArgs(opts.statsRetention, now()),
    stats: {
      topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
      topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
      templateOf: minedPatterns().templateOf,
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
    counters: () => ({ ...reader.counters, ...publisher.counters }),
    stop() {
      stopping ??= (async () => {
        await reader.stop();
        await publisher.stop();
        await Promise.all([readClient.close(), publishClient.close(), statsClient?.close()]);
      })();
      return stopping;
    },
  };
}
