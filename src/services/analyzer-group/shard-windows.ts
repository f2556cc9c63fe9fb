import type { RedisRequestClient } from '../../bus/redis-request-client.js';
import { RespError, type RespReply } from '../../bus/resp/resp-parser.js';
import type { GroupKeys } from './group-keys.js';
import { closeShardArgs } from './group-scripts.js';

/** One shard stream's group, reached through a client of its hash slot. */
export interface ShardAccess {
  client: RedisRequestClient;
  keys: GroupKeys;
}

const text = (r: RespReply | undefined): string | undefined =>
  Buffer.isBuffer(r) ? r.toString('utf8') : typeof r === 'string' ? r : undefined;

async function ask(shard: ShardAccess, args: string[]): Promise<RespReply> {
  const reply = await shard.client.call(args);
  if (reply instanceof RespError) throw new Error(`${args[0] ?? ''} ${shard.keys.stream}: ${reply.message}`);
  return reply;
}

/** The first window every shard still takes partials for; undefined while a shard's group has none yet. */
export async function shardsNext(shards: readonly ShardAccess[]): Promise<number | undefined> {
  const nexts = await Promise.all(shards.map(async (s) => text(await ask(s, ['GET', s.keys.next]))));
  if (nexts.some((n) => n === undefined)) return undefined;
  return Math.min(...nexts.map(Number));
}

/** The first window from `from` on holding partials on any shard (NaN when none does). */
export async function firstShardWindow(shards: readonly ShardAccess[], from: number): Promise<number> {
  const firsts = await Promise.all(
    shards.map(async (s) => {
      const reply = await ask(s, ['ZRANGEBYSCORE', s.keys.windows, String(from), '+inf', 'LIMIT', '0', '1']);
      return Array.isArray(reply) ? Number(text(reply[0])) : Number.NaN;
    }),
  );
  const found = firsts.filter(Number.isFinite);
  return found.length === 0 ? Number.NaN : Math.min(...found);
}

/**
 * Closes the windows before `to` on every shard, so that no partial lands in them any more and
 * what is read of them next is final. Doing it again changes nothing.
 */
export async function closeShards(shards: readonly ShardAccess[], to: number, ttlMs: number): Promise<void> {
  await Promise.all(shards.map((s) => ask(s, closeShardArgs(s.keys, to, ttlMs))));
}

/** The partials of the window at `start` on every shard, encoded. */
export async function shardPartials(shards: readonly ShardAccess[], start: number): Promise<string[]> {
  const all = await Promise.all(shards.map((s) => ask(s, ['HVALS', s.keys.partials(start)])));
  return all.flatMap((values) => (Array.isArray(values) ? values.map((v) => text(v) ?? '') : []));
}

/** Drops the partials of a published window; they expire anyway if this is not done. */
export async function dropShardPartials(shards: readonly ShardAccess[], start: number): Promise<void> {
  await Promise.all(shards.map((s) => s.client.call(['DEL', s.keys.partials(start)]).catch(() => undefined)));
}
