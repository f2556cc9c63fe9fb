import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { createRedisRequestClient, type RedisRequestClient } from '../../bus/redis-request-client.js';
import { appendStats } from './stats-append.js';

const END = 1_764_936_001_000;

describe('appending a window to a stats stream apart from the group', { timeout: 30_000 }, () => {
  let redis: RedisServerHandle;
  let client: RedisRequestClient;

  before(async () => {
    redis = await startRedisServer();
    client = createRedisRequestClient({ url: redis.url });
    await waitFor(() => client.ready, 'the client to connect');
  });

  after(async () => {
    await client.close();
    await redis.stop();
  });

  const entries = async (stream: string): Promise<string[]> => {
    const reply = await client.call(['XRANGE', stream, '-', '+']);
    return Array.isArray(reply) ? reply.map((e) => (Array.isArray(e) ? String(e[0]) : '')) : [];
  };

  it('appends nothing when the same window is appended again, whole or after a part of it', async () => {
    assert.deepEqual(await appendStats(client, 'st1', [], END, ['a']), { appended: 1, repeated: 0, ahead: 0 });
    // A publisher that died after the first of two payloads; the next one appends the window again.
    assert.deepEqual(await appendStats(client, 'st1', [], END, ['a', 'b']), { appended: 1, repeated: 1, ahead: 0 });
    assert.deepEqual(await appendStats(client, 'st1', ['MAXLEN', '~', '100'], END, ['a', 'b']), {
      appended: 0,
      repeated: 2,
      ahead: 0,
    });
    assert.deepEqual(await entries('st1'), [`${END}-0`, `${END}-1`]);
  });

  it('still appends a window when another writer put newer entries on the stream, and says so', async () => {
    await client.call(['XADD', 'st2', '*', 'p', 'other']);
    const tally = await appendStats(client, 'st2', [], END, ['a']);
    assert.deepEqual(tally, { appended: 0, repeated: 0, ahead: 1 });
    assert.equal((await entries('st2')).length, 2);
  });
});
