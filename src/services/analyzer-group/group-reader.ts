import { firstLineMasked } from '../mined-patterns.js';
import type { RedisRequestClient } from '../../bus/redis-request-client.js';
import type { RespReply } from '../../bus/resp/resp-parser.js';
import { compareIds } from '../../bus/stream-position.js';
import {
  autoclaimReply,
  createGroupArgs,
  entryIdMs,
  groupCreated,
  isNoGroup,
  readGroupReply,
  type GroupStreamEntry,
} from '../../bus/stream-group.js';
import { foldEntries, type GroupEntry } from '../../core/group-windows.js';
import { encodePartial } from '../../core/window-partial-codec.js';
import type { SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import type { GroupKeys } from './group-keys.js';
import { firstWindow } from './group-start.js';
import { claimArgs, commitArgs, commitReply, COMMIT_SCRIPT } from './group-scripts.js';
import type { GroupTiming } from './group-timing.js';

/** What a reader has read and committed so far. */
export interface ReaderCounters {
  received: number;
  plain: number;
  truncated: number;
  stamped: number;
  /** Entries taken over from consumers idle for longer than the claim timeout. */
  claimed: number;
  /** Entries read here but claimed by another consumer before they were committed: counted there. */
  yielded: number;
  /** Logs whose window was published before they were committed: counted late in an open one. */
  lateCommits: number;
}

export interface GroupReaderOptions {
  client: RedisRequestClient;
  keys: GroupKeys;
  consumer: string;
  timing: GroupTiming;
  decode: SkipFieldsDecoder;
  now: () => number;
  /** Partials are kept this long in Redis if nobody publishes them. */
  partialTtlMs: number;
  onError: (message: string) => void;
  onReady?: () => void;
}

// Entries per read: enough to amortise a round trip and a commit, small enough to keep one
// commit script short (it blocks Redis while it runs).
const READ_COUNT = 2048;
const BLOCK_MS = 100;
const RETRY_MS = 200;
const STOP_COMMIT_MS = 2_000;
const TRICKLE_WAIT_MS = 20;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The reading half of an analyzer in a consumer group: XREADGROUP for new entries and, every
 * `claimSweepMs`, XAUTOCLAIM for entries left pending longer than `claimIdleMs` (by a consumer
 * that died or stalls, or by an earlier run under this name). Each batch is folded into
 * per-window partials and committed by COMMIT_SCRIPT, which stores them and acknowledges the
 * entries in one step: an entry counts exactly when its acknowledgement does.
 */
export function startGroupReader(opts: GroupReaderOptions): { counters: ReaderCounters; stop(): Promise<void> } {
  const { client, keys, consumer, timing, now } = opts;
  const counters: ReaderCounters = {
    received: 0,
    plain: 0,
    truncated: 0,
    stamped: 0,
    claimed: 0,
    yielded: 0,
    lateCommits: 0,
  };
  // What the last refused commit said is closed: placing there again would only be refused.
  let closedBefore = Number.NEGATIVE_INFINITY;
  let busyStart: number | undefined;
  // The group's claims mark as the last commit or claim saw it, before the next read.
  let claimsSeen = '';
  let stopped = false;
  let stopDeadline = Number.POSITIVE_INFINITY;
  let lastError = '';

  const report = (message: string): void => {
    if (message !== lastError) opts.onError(message);
    lastError = message;
  };

  /**
   * Sends until Redis answers; undefined once stopped. A commit is still tried for a while
   * after `stop`, so that what was read is not left for another consumer to claim.
   */
  const call = async (args: string[]): Promise<RespReply | undefined> => {
    while (!stopped || (args[1] === COMMIT_SCRIPT && Date.now() < stopDeadline)) {
      if (!client.ready) {
        // Still connecting, or reconnecting: the connection says why once it has failed.
        if (client.error !== undefined) report(`cannot reach Redis (${client.error}); retrying`);
        await sleep(RETRY_MS / 4);
        continue;
      }
      try {
        const reply = await client.call(args);
        lastError = '';
        return reply;
      } catch (err) {
        report(err instanceof Error ? err.message : String(err));
        await sleep(RETRY_MS);
      }
    }
    return undefined;
  };

  const ensureGroup = async (): Promise<void> => {
    for (;;) {
      const reply = await call(createGroupArgs(keys.stream, keys.group));
      if (reply === undefined) return;
      if (groupCreated(reply)) break;
      report(`cannot create group ${keys.group} on ${keys.stream}: ${String(reply)}`);
      await sleep(RETRY_MS);
    }
    await call(['SET', keys.next, String(await firstWindow((args) => call(args), keys, timing, now())), 'NX']);
  };

  const decodeAll = (entries: readonly GroupStreamEntry[]): GroupEntry[] =>
    entries.map(({ id, payload }) => {
      const arrivalMs = entryIdMs(id);
      if (payload === undefined) return { id, arrivalMs, log: undefined };
      const log = opts.decode(payload, arrivalMs);
      counters.received++;
      if (log.plain) counters.plain++;
      if (log.truncated === true) counters.truncated++;
      if (log.producer !== undefined) counters.stamped++;
      return { id, arrivalMs, log };
    });

  const commit = async (entries: readonly GroupStreamEntry[]): Promise<void> => {
    let batch = decodeAll(entries).sort((a, b) => compareIds(a.id, b.id));
    while (batch.length > 0) {
      const tally = { moved: 0 };
      const partials = foldEntries(
        batch,
        { ...timing, closedBefore, busyStart, nowMs: now(), limits: { patternOf: firstLineMasked } },
        tally,
      );
      const ids = batch.map((e) => e.id);
      const encoded = new Map([...partials].map(([start, p]) => [start, encodePartial(p)]));
      const field = `${consumer}/${ids[0] ?? ''}`;
      const reply = await call(commitArgs(keys, consumer, field, opts.partialTtlMs, claimsSeen, ids, encoded));
      if (reply === undefined) return;
      const answer = commitReply(reply);
      if (answer.kind === 'ok') {
        claimsSeen = answer.claims;
        counters.lateCommits += tally.moved;
        return;
      }
      if (answer.kind === 'stolen') {
        const gone = new Set(answer.ids);
        counters.yielded += gone.size;
        batch = batch.filter((e) => !gone.has(e.id));
      } else if (answer.kind === 'closed') {
        closedBefore = Math.max(closedBefore, answer.next);
        busyStart = answer.busy;
      } else {
        report(`cannot commit partial windows: ${answer.message}`);
        await sleep(RETRY_MS);
      }
    }
  };

  const claimSweep = async (): Promise<void> => {
    let cursor = '0-0';
    do {
      const reply = await call(claimArgs(keys, consumer, timing.claimIdleMs, cursor, READ_COUNT));
      if (reply === undefined || isNoGroup(reply)) return;
      const claimed = autoclaimReply(reply);
      if (claimed === undefined) return;
      if (Array.isArray(reply) && Buffer.isBuffer(reply[3])) claimsSeen = reply[3].toString('latin1');
      counters.claimed += claimed.entries.length;
      if (claimed.entries.length > 0) await commit(claimed.entries);
      cursor = claimed.cursor;
    } while (cursor !== '0-0' && !stopped);
  };

  const loop = async (): Promise<void> => {
    await ensureGroup();
    if (!stopped) opts.onReady?.();
    let nextSweep = now() + timing.claimSweepMs;
    while (!stopped) {
      if (now() >= nextSweep) {
        await claimSweep();
        nextSweep = now() + timing.claimSweepMs;
      }
      const reply = await call([
        'XREADGROUP',
        'GROUP',
        keys.group,
        consumer,
        'COUNT',
        String(READ_COUNT),
        'BLOCK',
        String(BLOCK_MS),
        'STREAMS',
        keys.stream,
        '>',
      ]);
      if (reply === undefined) break;
      if (isNoGroup(reply)) {
        report(`group ${keys.group} on ${keys.stream} is gone; creating it again`);
        await ensureGroup();
        continue;
      }
      const entries = readGroupReply(reply);
      if (entries.length > 0) await commit(entries);
      // A trickle would cost a commit per entry: let a few accumulate in the stream (not in the
      // pending list) first. Publication waits for the grace period anyway.
      if (entries.length > 0 && entries.length < READ_COUNT / 8) await sleep(TRICKLE_WAIT_MS);
    }
  };

  /** Leaves the group's list of consumers, unless entries are still pending here (another consumer claims them). */
  const leave = async (): Promise<void> => {
    try {
      const mine = await client.call(['XPENDING', keys.stream, keys.group, '-', '+', '1', consumer]);
      if (Array.isArray(mine) && mine.length === 0)
        await client.call(['XGROUP', 'DELCONSUMER', keys.stream, keys.group, consumer]);
    } catch {
      // Redis is away: the consumer stays listed, with nothing pending.
    }
  };

  const running = loop()
    .then(leave)
    .catch((err: unknown) => report(`reader stopped: ${String(err)}`));
  return {
    counters,
    async stop() {
      stopped = true;
      stopDeadline = Date.now() + STOP_COMMIT_MS;
      await running;
    },
  };
}
