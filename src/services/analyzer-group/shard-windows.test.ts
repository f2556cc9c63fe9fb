import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { createRedisRequestClient, type RedisRequestClient } from '../../bus/redis-request-client.js';
import { groupKeys } from './group-keys.js';
import { commitArgs, commitReply } from './group-scripts.js';
import { closeShards, firstShardWindow, shardPartials, shardsNext, type ShardAccess } from './shard-windows.js';

const W = 1_764_936_000_000;

describe('the windows of a group spread over shard streams, against a real redis-server', { timeout: 30_000 }, () => {
  let redis: RedisServerHandle;
  let client: RedisRequestClient;
  let n = 0;

  before(async () => {
    redis = await startRedisServer();
    client = createRedisRequestClient({ url: redis.url });
    await waitFor(() => client.ready, 'the client to connect');
  });

  after(async () => {
    await client.close();
    await redis.stop();
  });

  /** Shards `logs{0..count-1}` of a fresh channel, each with its group and `next` at W. */
  async function shards(count: number): Promise<ShardAccess[]> {
    const channel = `c${++n}`;
    const out: ShardAccess[] = [];
    for (let k = 0; k < count; k++) {
      const keys = groupKeys(`${channel}{${k}}`, 'g');
      await client.call(['XGROUP', 'CREATE', keys.stream, 'g', '$', 'MKSTREAM']);
      await client.call(['SET', keys.next, String(W)]);
      out.push({ client, keys });
    }
    return out;
  }

  /** Adds one entry to the shard, reads it as `a` and commits `partial` for the window at `start`. */
  async function commitOne(shard: ShardAccess, start: number, partial: string): Promise<string> {
    await client.call(['XADD', shard.keys.stream, '*', 'p', '{}']);
    const reply = await client.call(['XREADGROUP', 'GROUP', 'g', 'a', 'STREAMS', shard.keys.stream, '>']);
    const list = Array.isArray(reply) && Array.isArray(reply[0]) ? reply[0][1] : [];
    const ids = (Array.isArray(list) ? list : []).map((e) => (Array.isArray(e) ? String(e[0]) : ''));
    const args = commitArgs(shard.keys, 'a', `a/${ids[0]}`, 60_000, '', ids, new Map([[start, partial]]));
    return commitReply(await client.call(args)).kind;
  }

  it('reads the partials of a window from every shard, and takes none for it once it is closed', async () => {
    const [s0, s1] = await shards(2);
    assert.ok(s0 !== undefined && s1 !== undefined);
    assert.equal(await commitOne(s0, W, 'p0'), 'ok');
    assert.equal(await commitOne(s1, W, 'p1'), 'ok');
    assert.equal(await commitOne(s1, W + 1000, 'later'), 'ok');
    await closeShards([s0, s1], W + 1000, 60_000);
    assert.deepEqual((await shardPartials([s0, s1], W)).sort(), ['p0', 'p1']);
    assert.equal(await commitOne(s0, W, 'too late'), 'closed');
    assert.deepEqual((await shardPartials([s0, s1], W)).sort(), ['p0', 'p1']);
    assert.equal(await firstShardWindow([s0, s1], W), W + 1000);
  });

  it('never moves a shard back when a window is closed again, and starts publication at the earliest shard', async () => {
    const [s0, s1] = await shards(2);
    assert.ok(s0 !== undefined && s1 !== undefined);
    await closeShards([s0], W + 5000, 60_000);
    await closeShards([s0, s1], W + 1000, 60_000);
    assert.equal(String(await client.call(['GET', s0.keys.next])), String(W + 5000));
    assert.equal(await shardsNext([s0, s1]), W + 1000);
    await client.call(['DEL', s1.keys.next]);
    assert.equal(await shardsNext([s0, s1]), undefined);
  });
});
