import type { RedisRequestClient } from '../../bus/redis-request-client.js';
import { RespError, type RespReply } from '../../bus/resp/resp-parser.js';
import { compareIds } from '../../bus/stream-position.js';
import { entryIdMs, lastDeliveredId } from '../../bus/stream-group.js';
import {
  applyRuns,
  rollupStep,
  settledBefore,
  windowStartOf,
  type ProducerMark,
  type ProducerRun,
} from '../../core/group-windows.js';
import type { AccumulatorLimits, StatsOptions } from '../../core/window-accumulator.js';
import { WindowAccumulator } from '../../core/window-accumulator.js';
import { decodePartial, decodeRollup, encodeRollup } from '../../core/window-partial-codec.js';
import { encodeStats } from '../../protocol/stats-codec.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { GroupKeys } from './group-keys.js';
import { firstWindow, oldestUnacked } from './group-start.js';
import { appendStats } from './stats-append.js';
import {
  closeShards,
  dropShardPartials,
  firstShardWindow,
  shardPartials,
  shardsNext,
  type ShardAccess,
} from './shard-windows.js';
import { publishArgs, RELEASE_SCRIPT, type PublishWrites } from './group-scripts.js';
import type { GroupTiming } from './group-timing.js';

/** What this analyzer published for the group. */
export interface PublisherCounters {
  /** 1 s windows published by this analyzer (the others published the rest). */
  windows: number;
  windowLogs: number;
  windowMissed: number;
  reordered: number;
  /** Empty windows passed over after a spell with no analyzer running. */
  skipped: number;
}

export interface GroupPublisherOptions {
  client: RedisRequestClient;
  keys: GroupKeys;
  consumer: string;
  timing: GroupTiming;
  /** The stats stream, and the trim arguments of each XADD to it. */
  statsKey: string;
  /**
   * Where the stats stream lives when it is not in the group's hash slot (Redis Cluster): each
   * window's statistics are then appended there with IDs derived from the window, before the
   * publish script moves `next` on (see stats-append.ts).
   */
  statsClient?: RedisRequestClient | undefined;
  /**
   * On a cluster, the group of each shard stream (or the one group), holding its partials and
   * its own `next`; `keys` then holds the lease, the publication's `next`, the producers and the
   * rollups. Each window is closed on every shard before its partials are read (shard-windows.ts).
   */
  shards?: readonly ShardAccess[] | undefined;
  statsTrim: () => string[];
  stats: StatsOptions;
  rollups: readonly number[];
  limits?: AccumulatorLimits;
  /** A producer not seen for this long starts afresh (GapTracker's idleMs). */
  gapIdleMs: number;
  /** Most empty windows published after a spell with no analyzer running (the newest ones). */
  maxEmptyWindows: number;
  /** How long the group's state (next window, producers, rollups) outlives the last publication. */
  stateTtlMs: number;
  now: () => number;
  onWindow?: ((window: WindowStats) => void) | undefined;
  onError: (message: string) => void;
}

const RETRY_MS = 100;
// Producers idle for longer than the gap timeout are dropped from the group's state once a minute.
const FORGET_EVERY_MS = 60_000;

const text = (r: RespReply | undefined): string | undefined =>
  Buffer.isBuffer(r) ? r.toString('utf8') : typeof r === 'string' ? r : undefined;

function readMark(value: string | undefined): ProducerMark | undefined {
  if (value === undefined) return undefined;
  const [seq, seen] = value.split(':').map(Number);
  return seq !== undefined && seen !== undefined && Number.isFinite(seq) && Number.isFinite(seen)
    ? { seq, seenMs: seen }
    : undefined;
}

/**
 * The publishing half of an analyzer in a group. Every analyzer runs one; for each 1 s window
 * in turn (the group's `next`), once end + lateness + grace has passed, they race for a lease
 * (SET NX PX); the winner merges the window's partials, finds the producers' gaps from their
 * runs, builds the rollups, and PUBLISH_SCRIPT appends the statistics and moves `next` on in
 * one step that only succeeds while the lease and `next` are unchanged: each window once.
 */
export function startGroupPublisher(opts: GroupPublisherOptions): {
  counters: PublisherCounters;
  stop(): Promise<void>;
} {
  const { client, keys, timing, now } = opts;
  const w = timing.windowMs;
  const counters: PublisherCounters = { windows: 0, windowLogs: 0, windowMissed: 0, reordered: 0, skipped: 0 };
  let stopped = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastError = '';

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });

  /** A command whose error reply is thrown: a window is never published from a half-read state. */
  const ask = async (args: string[]): Promise<RespReply> => {
    const reply = await client.call(args);
    if (reply instanceof RespError) throw new Error(`${args[0] ?? ''}: ${reply.message}`);
    return reply;
  };

  const rollupKeys = opts.rollups.map((ms) => keys.rollup(ms));
  const shards = opts.shards;
  const partialsOf = async (start: number): Promise<string[]> => {
    if (shards !== undefined) {
      await closeShards(shards, start + w, opts.stateTtlMs);
      return shardPartials(shards, start);
    }
    const values = await ask(['HVALS', keys.partials(start)]);
    return Array.isArray(values) ? values.map((v) => text(v) ?? '') : [];
  };
  // Apart, the script is given a key of the group's slot in place of the stats stream, which it leaves alone.
  const scriptStatsKey = opts.statsClient === undefined ? opts.statsKey : keys.next;
  const publish = (start: number, newNext: number, token: string, writes: PublishWrites): Promise<RespReply> =>
    ask(publishArgs(keys, scriptStatsKey, rollupKeys, token, start, newNext, opts.stateTtlMs, writes));

  // The group's oldest entries not acknowledged, and since when they are: readers that make no
  // progress for the grace (stopped, or failing to commit) hold publication up no longer.
  let frontier = { ids: '', sinceMs: 0 };
  /** The first window that entries not yet committed may still fall in (Infinity: none). */
  const settledUpTo = async (t: number): Promise<number> => {
    const streams = shards ?? [{ client, keys }];
    // A stream or group that is gone (an error reply) holds nothing back.
    const ids = await Promise.all(streams.map((s) => oldestUnacked((args) => s.client.call(args), s.keys)));
    const joined = ids.join(',');
    if (joined !== frontier.ids) frontier = { ids: joined, sinceMs: t };
    else if (t - frontier.sinceMs >= timing.graceMs) return Number.POSITIVE_INFINITY;
    const ms = ids.flatMap((id) => (id === undefined ? [] : [entryIdMs(id)]));
    return settledBefore(ms.length === 0 ? undefined : Math.min(...ms), timing.latenessMs, w);
  };

  /** Publishes the window at `start` under the lease `token`; true when it did. */
  const publishWindow = async (start: number, token: string, t: number): Promise<boolean> => {
    const acc = new WindowAccumulator(opts.limits);
    const runs: ProducerRun[] = [];
    for (const value of await partialsOf(start)) {
      const partial = decodePartial(value, opts.limits);
      if (partial instanceof Error) {
        opts.onError(`window ${new Date(start).toISOString()}: ignored a partial (${partial.message})`);
        continue;
      }
      acc.merge(partial.acc);
      runs.push(...partial.runs);
    }
    runs.sort((a, b) => compareIds(a.firstId, b.firstId));
    const producers = [...new Set(runs.map((r) => r.producer))];
    const marks = new Map<string, ProducerMark>();
    if (producers.length > 0) {
      const got = await ask(['HMGET', keys.producers, ...producers]);
      producers.forEach((id, i) => {
        const mark = readMark(Array.isArray(got) ? text(got[i]) : undefined);
        if (mark !== undefined) marks.set(id, mark);
      });
    }
    const tally = applyRuns(marks, runs, t, opts.gapIdleMs);
    acc.addMissed(tally.missed);
    const window = acc.toStats(start, start + w, opts.stats);
    const windows: WindowStats[] = [window];
    const rollupValues: string[] = [];
    for (const ms of opts.rollups) {
      const raw = text(await ask(['GET', keys.rollup(ms)]));
      const state = raw === undefined ? undefined : decodeRollup(raw, opts.limits);
      const step = rollupStep(state instanceof Error ? undefined : state, start, acc, ms, w, opts.limits);
      for (const long of step.emit) windows.push(long.acc.toStats(long.start, long.start + ms, opts.stats));
      rollupValues.push(step.next === undefined ? '-' : encodeRollup(step.next));
    }
    const forget: string[] = [];
    if (start % FORGET_EVERY_MS === 0) {
      const all = await ask(['HGETALL', keys.producers]);
      if (Array.isArray(all)) {
        for (let i = 0; i + 1 < all.length; i += 2) {
          const id = text(all[i]);
          const mark = readMark(text(all[i + 1]));
          if (id !== undefined && !marks.has(id) && mark !== undefined && t - mark.seenMs > opts.gapIdleMs)
            forget.push(id);
        }
      }
    }
    const markArgs: string[] = [];
    for (const [id, m] of marks) markArgs.push(id, `${m.seq}:${m.seenMs}`);
    let payloads = windows.map((s) => encodeStats([s]));
    if (opts.statsClient !== undefined) {
      const appended = await appendStats(opts.statsClient, opts.statsKey, opts.statsTrim(), start + w, payloads);
      if (appended.ahead > 0)
        opts.onError(
          `${opts.statsKey} has entries newer than the window ${new Date(start).toISOString()}: appended it with new IDs`,
        );
      payloads = [];
    }
    const reply = await publish(start, start + w, token, {
      trim: opts.statsTrim(),
      payloads,
      marks: markArgs,
      forget,
      rollups: rollupValues,
    });
    if (reply !== 1) return false;
    if (shards !== undefined) await dropShardPartials(shards, start);
    counters.windows++;
    counters.windowLogs += window.total_count;
    counters.windowMissed += window.missed_count;
    counters.reordered += tally.reordered;
    for (const s of windows) opts.onWindow?.(s);
    return true;
  };

  /** One look at the group's next window; returns how long to wait before the next look. */
  const step = async (): Promise<number> => {
    const next = text(await ask(['GET', keys.next]));
    const t = now();
    if (next === undefined && shards !== undefined) {
      // Publication starts at the first window that every shard's group still takes partials for.
      const first = await shardsNext(shards);
      if (first !== undefined) await ask(['SET', keys.next, String(first), 'NX']);
      return RETRY_MS;
    }
    if (next === undefined) {
      // The reader sets it when it creates the group; it is gone only if deleted meanwhile.
      const group = await client.call(['XINFO', 'GROUPS', keys.stream]);
      if (lastDeliveredId(group, keys.group) !== undefined)
        await ask(['SET', keys.next, String(await firstWindow(ask, keys, timing, t)), 'NX']);
      return RETRY_MS;
    }
    const start = Number(next);
    const dueAt = start + w + timing.latenessMs + timing.graceMs;
    if (t < dueAt) return dueAt - t;
    // Working off a backlog, every window is due long before the readers reach it: runs must
    // still be applied in stream order, so a window waits for the entries that can fall in it.
    const settled = await settledUpTo(t);
    if (start >= settled) return RETRY_MS;
    const token = `${opts.consumer}@${start}`;
    const lease = await ask(['SET', keys.lease, token, 'NX', 'PX', String(timing.leaseMs)]);
    if (lease !== 'OK') return RETRY_MS;
    // After a spell with nobody publishing, empty windows are passed over up to the newest
    // `maxEmptyWindows`, but never a window that has partials.
    const lastDue = windowStartOf(t - timing.latenessMs - timing.graceMs, w) - w;
    const target = lastDue - (opts.maxEmptyWindows - 1) * w;
    if (target > start) {
      let data: number;
      if (shards !== undefined) data = await firstShardWindow(shards, start);
      else {
        const first = await ask(['ZRANGEBYSCORE', keys.windows, String(start), '+inf', 'LIMIT', '0', '1']);
        data = Array.isArray(first) ? Number(text(first[0])) : Number.NaN;
      }
      const to = Math.min(Number.isFinite(data) ? data : target, target, settled);
      if (to > start) {
        if (shards !== undefined) await closeShards(shards, to, opts.stateTtlMs);
        const reply = await publish(start, to, token, {
          trim: [],
          payloads: [],
          marks: [],
          forget: [],
          rollups: opts.rollups.map(() => ''),
        });
        if (reply === 1) counters.skipped += (to - start) / w;
        return 0;
      }
    }
    try {
      return (await publishWindow(start, token, t)) ? 0 : RETRY_MS;
    } catch (err) {
      await client.call(['EVAL', RELEASE_SCRIPT, '1', keys.lease, token]).catch(() => undefined);
      throw err;
    }
  };

  const allReady = (): boolean =>
    client.ready && opts.statsClient?.ready !== false && (shards ?? []).every((s) => s.client.ready);

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let wait: number;
      // The reader says when Redis cannot be reached; the publisher waits quietly meanwhile.
      if (!allReady()) {
        await sleep(RETRY_MS / 2);
        continue;
      }
      try {
        wait = await step();
        lastError = '';
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError) opts.onError(message);
        lastError = message;
        wait = RETRY_MS * 2;
      }
      if (wait > 0 && !stopped) await sleep(wait);
    }
  };

  const running = loop();
  return {
    counters,
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      await running;
    },
  };
}
