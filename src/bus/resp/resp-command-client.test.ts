import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { openRedisCommandClient } from './resp-command-client.js';

describe('the Redis command client', () => {
  let server: RedisServerHandle;
  before(async () => {
    server = await startRedisServer({ args: ['--requirepass', 'cmd-pw-31'] });
  });
  after(async () => {
    await server.stop();
  });

  it('authenticates, selects the database and answers commands in order', async () => {
    const client = await openRedisCommandClient({
      url: `redis://127.0.0.1:${server.port}/3`,
      password: 'cmd-pw-31',
      name: 'probe',
    });
    try {
      const [set, get, numsub, name] = await Promise.all([
        client.command('SET', 'k', 'välue'),
        client.command('GET', 'k'),
        client.command('PUBSUB', 'NUMSUB', 'nobody'),
        client.command('CLIENT', 'GETNAME'),
      ]);
      assert.deepEqual([set, get, numsub, name], ['OK', 'välue', ['nobody', 0], 'probe']);
      assert.match(String(await client.command('CLIENT', 'INFO')), / db=3 /);
      await assert.rejects(client.command('NOSUCHCOMMAND'), /unknown command/);
    } finally {
      await client.close();
    }
  });

  it('gives up on the first connection after its timeout, naming the error', async () => {
    await assert.rejects(
      openRedisCommandClient({ url: `redis://127.0.0.1:${await freePort()}`, connectTimeoutMs: 400 }),
      /could not connect .*ECONNREFUSED/,
    );
  });
});
