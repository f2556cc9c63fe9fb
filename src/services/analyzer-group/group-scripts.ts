import { RespError, type RespReply } from '../../bus/resp/resp-parser.js';
import type { GroupKeys } from './group-keys.js';

/**
 * Stores a batch's partial windows and acknowledges its entries in one atomic step, or does
 * neither. Refused, with the reason, when some entry is no longer pending for this consumer
 * (another one claimed it: it counts there, not here) or when a window was published or is
 * being published (its logs then go late into an open window, as the caller decides).
 *
 * Entries leave a consumer's pending list only through a commit, which acknowledges a whole
 * batch, or through a claim, which moves the group's `claims` mark (CLAIM_SCRIPT). So while
 * the mark is what the caller saw before it read the batch, the batch is still this consumer's
 * if its first entry is, and the script looks no further; otherwise it checks every entry.
 *
 * KEYS: stream, next, lease, windows (sorted set of the starts that have partials), claims,
 * then one partials hash per window.
 * ARGV: group, consumer, field, ttl ms, the claims mark seen, id count, the IDs in ascending
 * order, the window starts, then the partials, one per window.
 * Reply: {'ok', claims mark} | {'stolen', {id...}} | {'closed', next, lease start or ''}.
 */
export const COMMIT_SCRIPT = `
local stream, group, consumer, field, ttl = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local claims = redis.call('GET', KEYS[5]) or ''
local n = tonumber(ARGV[6])
local first, last = 7, 6 + n
local windows = (#ARGV - last) / 2
if claims ~= ARGV[5] or #redis.call('XPENDING', stream, group, ARGV[first], ARGV[first], 1, consumer) == 0 then
  local owned = {}
  for _, e in ipairs(redis.call('XPENDING', stream, group, ARGV[first], ARGV[last], n * 4 + 1000, consumer)) do
    owned[e[1]] = true
  end
  local stolen = {}
  for i = first, last do
    if not owned[ARGV[i]] then stolen[#stolen + 1] = ARGV[i] end
  end
  if #stolen > 0 then return {'stolen', stolen} end
end
local nextRaw = redis.call('GET', KEYS[2])
local nextStart = tonumber(nextRaw or '0')
local lease = redis.call('GET', KEYS[3])
local busy = lease and string.match(lease, '@(%d+)$') or ''
for w = 1, windows do
  local start = ARGV[last + w]
  if tonumber(start) < nextStart or start == busy then
    return {'closed', nextRaw or '0', busy}
  end
end
for i = first, last, 500 do
  redis.call('XACK', stream, group, unpack(ARGV, i, math.min(i + 499, last)))
end
for w = 1, windows do
  redis.call('HSET', KEYS[5 + w], field, ARGV[last + windows + w])
  redis.call('PEXPIRE', KEYS[5 + w], ttl)
  redis.call('ZADD', KEYS[4], ARGV[last + w], ARGV[last + w])
end
redis.call('PEXPIRE', KEYS[4], ttl)
return {'ok', claims}
`;

/**
 * XAUTOCLAIM, and, when it took over or dropped any entry, a new `claims` mark (the time and a
 * count, never one seen before), so that every commit in flight checks its entries one by one.
 * The mark never expires, as the group itself does not: one that expired and came back could
 * equal what a reader stalled meanwhile saw.
 *
 * KEYS: stream, claims. ARGV: group, consumer, min idle ms, cursor, count.
 * Reply: XAUTOCLAIM's (cursor, entries, deleted IDs), then the claims mark after.
 */
export const CLAIM_SCRIPT = `
local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], 'COUNT', ARGV[5])
local claims = redis.call('GET', KEYS[2]) or ''
if #r[2] > 0 or (r[3] ~= nil and #r[3] > 0) then
  local t = redis.call('TIME')
  local count = tonumber(string.match(claims, ':(%d+)$') or '0') + 1
  claims = t[1] .. '.' .. t[2] .. ':' .. count
  redis.call('SET', KEYS[2], claims)
end
return {r[1], r[2], r[3] or {}, claims}
`;

/** The EVAL of CLAIM_SCRIPT: what `consumer` takes over of the entries idle for `minIdleMs`, from `cursor` on. */
export function claimArgs(
  keys: GroupKeys,
  consumer: string,
  minIdleMs: number,
  cursor: string,
  count: number,
): string[] {
  return [
    'EVAL',
    CLAIM_SCRIPT,
    '2',
    keys.stream,
    keys.claims,
    keys.group,
    consumer,
    String(minIdleMs),
    cursor,
    String(count),
  ];
}

/**
 * Publishes the window at `start` exactly once: only while this analyzer holds the lease and
 * `next` is still `start`, it appends the statistics to the stats stream, moves `next` on,
 * stores the producers' marks and the rollups, and drops the window's partials, all at once.
 *
 * KEYS: next, lease, partials, producers, stats stream, windows, then one key per rollup.
 * ARGV: token, start, new next, ttl ms, then counted lists: the XADD trim arguments, the
 * payloads, producer (field, value) pairs, producer fields to drop; then one value per rollup
 * ('' to leave it, '-' to delete it).
 * Reply: 1 published, 0 not (lease lost or window already published).
 */
export const PUBLISH_SCRIPT = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] or redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
local ttl = ARGV[4]
local i = 5
local function list()
  local count = tonumber(ARGV[i])
  local out = {}
  for k = 1, count do out[k] = ARGV[i + k] end
  i = i + count + 1
  return out
end
local trim = list()
local payloads = list()
local marks = list()
local forget = list()
for _, p in ipairs(payloads) do
  local args = {'XADD', KEYS[5]}
  for _, t in ipairs(trim) do args[#args + 1] = t end
  args[#args + 1] = '*'
  args[#args + 1] = 'p'
  args[#args + 1] = p
  redis.call(unpack(args))
end
redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
for k = 1, #marks, 2 do redis.call('HSET', KEYS[4], marks[k], marks[k + 1]) end
if #forget > 0 then redis.call('HDEL', KEYS[4], unpack(forget)) end
if #marks > 0 then redis.call('PEXPIRE', KEYS[4], ttl) end
for r = 7, #KEYS do
  local v = ARGV[i + r - 7]
  if v == '-' then redis.call('DEL', KEYS[r]) elseif v ~= '' then redis.call('SET', KEYS[r], v, 'PX', ttl) end
end
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', '(' .. ARGV[3])
redis.call('DEL', KEYS[3], KEYS[2])
return 1
`;

/** Gives the lease up if it is still `ARGV[1]`'s (KEYS: lease), so another analyzer need not wait for it to expire. */
export const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** What the commit script answered. */
export type CommitReply =
  | { kind: 'ok'; claims: string }
  | { kind: 'stolen'; ids: string[] }
  | { kind: 'closed'; next: number; busy: number | undefined }
  | { kind: 'error'; message: string };

const text = (r: RespReply | undefined): string => (Buffer.isBuffer(r) ? r.toString('latin1') : String(r));

/** Reads the commit script's reply. */
export function commitReply(reply: RespReply): CommitReply {
  if (reply instanceof RespError) return { kind: 'error', message: reply.message };
  if (!Array.isArray(reply)) return { kind: 'error', message: `unexpected reply ${String(reply)}` };
  const kind = text(reply[0]);
  if (kind === 'ok') return { kind, claims: text(reply[1]) };
  if (kind === 'stolen') return { kind, ids: Array.isArray(reply[1]) ? reply[1].map((r) => text(r)) : [] };
  if (kind === 'closed') {
    const busy = text(reply[2]);
    return { kind, next: Number(text(reply[1])), busy: busy === '' ? undefined : Number(busy) };
  }
  return { kind: 'error', message: `unexpected reply ${kind}` };
}

/** A counted list of script arguments: its length, then its items. */
export function counted(items: readonly string[]): string[] {
  return [String(items.length), ...items];
}

/**
 * The EVAL of COMMIT_SCRIPT for the entries `ids` (ascending) read by `consumer`, storing each
 * window's encoded partial (by window start) under the field `field`. `claimsSeen` is the
 * claims mark of the last commit or claim before the entries were read ('' for none).
 */
export function commitArgs(
  keys: GroupKeys,
  consumer: string,
  field: string,
  ttlMs: number,
  claimsSeen: string,
  ids: readonly string[],
  partials: ReadonlyMap<number, string>,
): string[] {
  const starts = [...partials.keys()];
  return [
    'EVAL',
    COMMIT_SCRIPT,
    String(5 + starts.length),
    keys.stream,
    keys.next,
    keys.lease,
    keys.windows,
    keys.claims,
    ...starts.map((s) => keys.partials(s)),
    keys.group,
    consumer,
    field,
    String(ttlMs),
    claimsSeen,
    String(ids.length),
    ...ids,
    ...starts.map(String),
    ...partials.values(),
  ];
}

/** What PUBLISH_SCRIPT writes besides moving `next` on. */
export interface PublishWrites {
  /** XADD trim arguments for the stats stream (`MAXLEN ~ 3600`). */
  trim: readonly string[];
  /** Statistics payloads, appended in order. */
  payloads: readonly string[];
  /** Producer marks to store: field, value, field, value... */
  marks: readonly string[];
  /** Producer fields to drop. */
  forget: readonly string[];
  /** One per rollup key: the state to store, '' to leave it, '-' to delete it. */
  rollups: readonly string[];
}

/** The EVAL of PUBLISH_SCRIPT for the window at `start`, published under the lease `token`. */
export function publishArgs(
  keys: GroupKeys,
  statsKey: string,
  rollupKeys: readonly string[],
  token: string,
  start: number,
  newNext: number,
  ttlMs: number,
  writes: PublishWrites,
): string[] {
  return [
    'EVAL',
    PUBLISH_SCRIPT,
    String(6 + rollupKeys.length),
    keys.next,
    keys.lease,
    keys.partials(start),
    keys.producers,
    statsKey,
    keys.windows,
    ...rollupKeys,
    token,
    String(start),
    String(newNext),
    String(ttlMs),
    ...counted(writes.trim),
    ...counted(writes.payloads),
    ...counted(writes.marks),
    ...counted(writes.forget),
    ...writes.rollups,
  ];
}

/**
 * Closes a shard's windows before `ARGV[1]` (KEYS: the shard's next, windows): its `next` moves
 * there unless it is there already, so that the shard's commit script refuses partials for them
 * from now on, and the window list forgets them. Reply: the shard's `next` after.
 */
export const CLOSE_SHARD_SCRIPT = `
local to = tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if cur < to then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) cur = to end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
return cur
`;

/** The EVAL of CLOSE_SHARD_SCRIPT closing the windows of `keys` before `to`. */
export function closeShardArgs(keys: GroupKeys, to: number, ttlMs: number): string[] {
  return ['EVAL', CLOSE_SHARD_SCRIPT, '2', keys.next, keys.windows, String(to), String(ttlMs)];
}
