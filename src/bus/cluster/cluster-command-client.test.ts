import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisCluster, type RedisClusterHandle } from '../../../test/helpers/redis-cluster.js';
import { openClusterCommandClient, type ClusterCommandClient } from './cluster-command-client.js';

let cluster: RedisClusterHandle;
let client: ClusterCommandClient;
before(async () => {
  cluster = await startRedisCluster();
  client = await openClusterCommandClient({ seeds: [cluster.urls[4] ?? ''] });
});
after(async () => {
  await client.close();
  await cluster.stop();
});

const server = (port: number) => {
  const node = cluster.nodes.find((n) => n.port === port);
  assert.ok(node !== undefined, `no node on ${port}`);
  return node.server;
};

describe('cluster command client', { timeout: 60_000 }, () => {
  it('sends each command to the master of its key, over every master', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `key-${i}`);
    for (const k of keys) assert.equal(await client.command(k, 'SET', k, `v-${k}`), 'OK');
    for (const k of keys) assert.equal(await server(await cluster.masterOf(k)).cli('GET', k), `v-${k}`);
    assert.equal(new Set(await Promise.all(keys.map((k) => cluster.masterOf(k)))).size, 3);
  });

  it('follows MOVED once a slot moved and its map is stale, and gives up with the last error when told to', async () => {
    await client.command('moved-key', 'SET', 'moved-key', 'here');
    const stale = await openClusterCommandClient({ seeds: [cluster.urls[0] ?? ''], maxRedirects: 0 });
    try {
      await cluster.moveSlot('moved-key');
      await assert.rejects(stale.command('moved-key', 'GET', 'moved-key'), /gave up after 0 redirects.*MOVED \d+ /);
      assert.equal(await client.command('moved-key', 'GET', 'moved-key'), 'here');
    } finally {
      await stale.close();
    }
  });

  it('follows ASK with ASKING while a slot is being migrated', async () => {
    const key = 'asked-key';
    await client.command(key, 'SET', key, 'migrated');
    const slot = await cluster.cli('CLUSTER', 'KEYSLOT', key);
    const from = await cluster.masterOf(key);
    const masters = (await cluster.cli('CLUSTER', 'NODES'))
      .split('\n')
      .filter((l) => /\bmaster\b/.test(l) && !/\bfail\b/.test(l))
      .map((l) => Number(/:(\d+)@/.exec(l)?.[1]));
    const to = masters.find((p) => p !== from) ?? 0;
    const [fromId, toId] = await Promise.all([server(from).cli('CLUSTER', 'MYID'), server(to).cli('CLUSTER', 'MYID')]);
    await server(to).cli('CLUSTER', 'SETSLOT', slot, 'IMPORTING', fromId);
    await server(from).cli('CLUSTER', 'SETSLOT', slot, 'MIGRATING', toId);
    await server(from).cli('MIGRATE', '127.0.0.1', String(to), key, '0', '5000');
    try {
      // The map still names the old master, which answers ASK for a key it no longer holds.
      assert.match(await server(from).cli('GET', key), /^$|ASK/);
      assert.equal(await client.command(key, 'GET', key), 'migrated');
    } finally {
      for (const port of masters) await server(port).cli('CLUSTER', 'SETSLOT', slot, 'NODE', toId);
    }
  });

  it('passes other errors through as they are', async () => {
    await assert.rejects(client.command('x', 'NOSUCHCOMMAND'), /unknown command/i);
  });
});
