import { hostname } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { redactUrl } from '../../bus/redis-url.js';
import { startGroupAnalyzer } from '../../services/analyzer-group/group-analyzer.js';
import { DEFAULT_CLAIM_IDLE_MS, GRACE_OVER_CLAIM_MS } from '../../services/analyzer-group/group-timing.js';
import { redisConnectOptions, withClusterDetected, type RedisCliOptions } from '../bus-factory.js';
import { say, UsageError } from '../common.js';
import { numberOption, type NumberRange } from '../options.js';
import { onShutdown } from '../shutdown.js';

/** The options of `analyze` that `--group` reads. */
export interface AnalyzeGroupOptions extends RedisCliOptions {
  logsChannel: string;
  statsChannel: string;
  latenessMs: number;
  topServices: number;
  topErrors: number;
  maxLineBytes: number;
  group?: string;
  consumer?: string;
  claimIdleMs?: number;
  groupGraceMs?: number;
}

// Below 100 ms a busy analyzer's entries would be claimed from under it; the timers must not overflow.
const CLAIM_IDLE_MS: NumberRange = { min: 100, max: 3_600_000, integer: true, unit: 'ms' };
const GRACE_MS: NumberRange = { min: 0, max: 3_600_000, integer: true, unit: 'ms' };

function groupName(value: string): string {
  if (value === '' || /\s/.test(value))
    throw new InvalidArgumentError(`expected a name without spaces, got "${value}"`);
  return value;
}

/** Adds --group, --consumer, --claim-idle-ms and --group-grace-ms to `analyze`. */
export function addGroupOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--group <name>',
        'streams: share the logs stream (with --shards, each shard stream) with the other analyzers of this consumer group; each window is published once, counted over all of them (docs/scaling.md)',
      ).argParser(groupName),
    )
    .addOption(
      new Option(
        '--consumer <name>',
        "group: this analyzer's name in the group, unique among those running (default: <host>-<pid>)",
      ).argParser(groupName),
    )
    .addOption(
      new Option(
        '--claim-idle-ms <ms>',
        `group: take over the entries another analyzer left pending this long (default: ${DEFAULT_CLAIM_IDLE_MS})`,
      ).argParser(numberOption(CLAIM_IDLE_MS)),
    )
    .addOption(
      new Option(
        '--group-grace-ms <ms>',
        `group: how long a window waits at least after end + lateness before it is published, so that taken-over entries count in it, and at most for readers that make no progress (default: --claim-idle-ms + ${GRACE_OVER_CLAIM_MS})`,
      ).argParser(numberOption(GRACE_MS)),
    );
}

/** Throws a UsageError for group options without --group, or --group without --transport streams. */
export function checkGroupOptions(o: AnalyzeGroupOptions): void {
  if (o.group === undefined) {
    for (const [flag, value] of [
      ['--consumer', o.consumer],
      ['--claim-idle-ms', o.claimIdleMs],
      ['--group-grace-ms', o.groupGraceMs],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} needs --group`);
    }
    return;
  }
  if (o.transport !== 'streams')
    throw new UsageError('--group needs --transport streams (a consumer group reads a Redis stream)');
}

/** Runs `analyze --group`: until a signal, then a summary line on stderr. */
export async function runGroupAnalyzer(o: AnalyzeGroupOptions & { group: string }): Promise<never> {
  const redis = await withClusterDetected(redisConnectOptions('analyze', o), (m) => say('analyze', m));
  const consumer = o.consumer ?? `${hostname()}-${process.pid}`;
  const { cluster } = redis;
  const shards = redis.shards !== undefined ? `{0..${redis.shards.count - 1}}` : '';
  const analyzer = startGroupAnalyzer({
    redis,
    ...(cluster !== undefined ? { cluster } : {}),
    ...(redis.shards !== undefined ? { shards: redis.shards.count } : {}),
    logsStream: o.logsChannel,
    statsStream: o.statsChannel,
    statsRetention: redis.retentionByChannel?.[o.statsChannel] ?? { kind: 'count', count: 3_600 },
    group: o.group,
    consumer,
    latenessMs: o.latenessMs,
    topServices: o.topServices,
    topErrors: o.topErrors,
    maxLineBytes: o.maxLineBytes,
    ...(o.claimIdleMs !== undefined ? { claimIdleMs: o.claimIdleMs } : {}),
    ...(o.groupGraceMs !== undefined ? { graceMs: o.groupGraceMs } : {}),
    onReady: () =>
      say(
        'analyze',
        `connected to ${cluster === undefined ? redactUrl(o.redis) : `Redis Cluster via ${redactUrl(redis.url)}`}; reading ${o.logsChannel}${shards} as ${consumer} in group ${o.group}`,
      ),
    onError: (message) => say('analyze', message),
  });
  onShutdown(async () => {
    await analyzer.stop();
    const c = analyzer.counters();
    say(
      'analyze',
      `read ${c.received} logs (${c.plain} plain, ${c.truncated} truncated, ${c.stamped} stamped), ` +
        `${c.claimed} taken over from other analyzers, ${c.yielded} taken over by others, ` +
        `${c.lateCommits} counted late (their window was published before they were committed); ` +
        `${c.windows} windows published by ${consumer}: ${c.windowLogs} logs, ${c.windowMissed} missed`,
    );
  });
  return new Promise<never>(() => undefined);
}
