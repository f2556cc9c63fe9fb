import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { createRedisRequestClient, type RedisRequestClient } from '../../bus/redis-request-client.js';
import { groupKeys, type GroupKeys } from './group-keys.js';
import {
  claimArgs,
  commitArgs,
  commitReply,
  publishArgs,
  RELEASE_SCRIPT,
  type CommitReply,
  type PublishWrites,
} from './group-scripts.js';

const W = 1_764_936_000_000;
const NOTHING: PublishWrites = { trim: [], payloads: [], marks: [], forget: [], rollups: [] };

describe('the group scripts against a real redis-server', { timeout: 30_000 }, () => {
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

  /** A fresh stream and group with `count` entries read by consumer `a`. */
  async function readByA(count: number): Promise<{ keys: GroupKeys; ids: string[] }> {
    const keys = groupKeys(`s${++n}`, 'g');
    await client.call(['XGROUP', 'CREATE', keys.stream, 'g', '$', 'MKSTREAM']);
    for (let i = 0; i < count; i++) await client.call(['XADD', keys.stream, '*', 'p', `{"message":"${i}"}`]);
    const reply = await client.call(['XREADGROUP', 'GROUP', 'g', 'a', 'COUNT', '100', 'STREAMS', keys.stream, '>']);
    const list = Array.isArray(reply) && Array.isArray(reply[0]) ? reply[0][1] : [];
    const ids = (Array.isArray(list) ? list : []).map((e) => (Array.isArray(e) ? String(e[0]) : ''));
    return { keys, ids };
  }

  const pending = async (keys: GroupKeys, consumer: string): Promise<number> => {
    const reply = await client.call(['XPENDING', keys.stream, 'g', '-', '+', '100', consumer]);
    return Array.isArray(reply) ? reply.length : -1;
  };
  const partials = async (keys: GroupKeys, start: number): Promise<number> =>
    Number(await client.call(['HLEN', keys.partials(start)]));
  const commit = async (keys: GroupKeys, consumer: string, ids: string[], claimsSeen = ''): Promise<CommitReply> =>
    commitReply(
      await client.call(
        commitArgs(keys, consumer, `${consumer}/${ids[0]}`, 60_000, claimsSeen, ids, new Map([[W, '{}']])),
      ),
    );
  /** `consumer` takes over the entry `id` as the group's claim sweep would; returns the claims mark after. */
  const claim = async (keys: GroupKeys, consumer: string, id: string): Promise<string> => {
    const reply = await client.call(claimArgs(keys, consumer, 0, id, 1));
    return Array.isArray(reply) ? String(reply[3]) : '';
  };

  it('stores the partial and acknowledges the entries together', async () => {
    const { keys, ids } = await readByA(3);
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'ok', claims: '' });
    assert.equal(await pending(keys, 'a'), 0);
    assert.equal(await partials(keys, W), 1);
  });

  it('refuses, storing nothing, a commit of entries another consumer claimed, and the same commit sent again', async () => {
    const { keys, ids } = await readByA(3);
    const mark = await claim(keys, 'b', ids[1] ?? '');
    assert.notEqual(mark, '');
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'stolen', ids: [ids[1]] });
    assert.equal(await partials(keys, W), 0);
    assert.equal(await pending(keys, 'a'), 2, 'nothing was acknowledged');
    const mine = ids.filter((_, i) => i !== 1);
    assert.deepEqual(await commit(keys, 'a', mine), { kind: 'ok', claims: mark });
    // A reply lost on the way back: the retry finds its entries acknowledged, and stores nothing more.
    assert.deepEqual(await commit(keys, 'a', mine, mark), { kind: 'stolen', ids: mine });
    assert.equal(await partials(keys, W), 1);
  });

  it('checks every entry of a batch when a claim ran since it was read, wherever the entry it took is', async () => {
    const { keys, ids } = await readByA(3);
    assert.notEqual(await claim(keys, 'b', ids[2] ?? ''), '');
    assert.deepEqual(await commit(keys, 'a', ids, ''), { kind: 'stolen', ids: [ids[2]] });
  });

  it('moves the claims mark only when a claim took something over', async () => {
    const { keys, ids } = await readByA(2);
    const idle = async (): Promise<string> => {
      const reply = await client.call(claimArgs(keys, 'b', 3_600_000, '0-0', 10));
      return Array.isArray(reply) ? String(reply[3]) : 'no reply';
    };
    assert.equal(await idle(), '', 'nothing idle long enough: no mark');
    const mark = await claim(keys, 'b', ids[0] ?? '');
    assert.notEqual(mark, '');
    assert.equal(await idle(), mark);
    assert.notEqual(await claim(keys, 'b', ids[1] ?? ''), mark);
  });

  it('checks only the first entry of a batch while no claim ran since it was read', async () => {
    // Every claim of the group goes through the claim script; an entry moved behind its back (a
    // bare XCLAIM) is not looked for, which is what keeps a commit's cost apart from its size.
    const { keys, ids } = await readByA(3);
    await client.call(['XCLAIM', keys.stream, 'g', 'b', '0', ids[2] ?? '']);
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'ok', claims: '' });
    // Its first entry no longer pending (the commit sent again), it checks them all.
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'stolen', ids });
  });

  it('refuses a commit into a window that was published or is being published, acknowledging nothing', async () => {
    const { keys, ids } = await readByA(2);
    await client.call(['SET', keys.next, String(W + 1_000)]);
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'closed', next: W + 1_000, busy: undefined });
    await client.call(['SET', keys.next, String(W)]);
    await client.call(['SET', keys.lease, `b@${W}`]);
    assert.deepEqual(await commit(keys, 'a', ids), { kind: 'closed', next: W, busy: W });
    assert.equal(await pending(keys, 'a'), 2);
    assert.equal(await partials(keys, W), 0);
  });

  it('publishes a window once: only under its lease, and only while it is the next one', async () => {
    const keys = groupKeys(`s${++n}`, 'g');
    const stats = `stats${n}`;
    const publish = (token: string) =>
      client.call(publishArgs(keys, stats, [], token, W, W + 1_000, 60_000, { ...NOTHING, payloads: ['[]'] }));
    await client.call(['SET', keys.next, String(W)]);
    assert.equal(await publish(`a@${W}`), 0, 'published without the lease');
    await client.call(['SET', keys.lease, `a@${W}`]);
    assert.equal(await publish(`a@${W}`), 1);
    assert.equal(String(await client.call(['GET', keys.next])), String(W + 1_000));
    // A second publisher that took the lease before the first one finished cannot publish again.
    await client.call(['SET', keys.lease, `b@${W}`]);
    assert.equal(await publish(`b@${W}`), 0);
    assert.equal(await client.call(['XLEN', stats]), 1);
  });

  it('gives a lease up only for the analyzer that holds it', async () => {
    const keys = groupKeys(`s${++n}`, 'g');
    await client.call(['SET', keys.lease, `b@${W}`]);
    assert.equal(await client.call(['EVAL', RELEASE_SCRIPT, '1', keys.lease, `a@${W}`]), 0);
    assert.equal(await client.call(['EVAL', RELEASE_SCRIPT, '1', keys.lease, `b@${W}`]), 1);
    assert.equal(await client.call(['EXISTS', keys.lease]), 0);
  });
});
