import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisCluster, type RedisClusterHandle } from './helpers/redis-cluster.js';

let cluster: RedisClusterHandle;
before(async () => {
  cluster = await startRedisCluster();
});
after(async () => {
  await cluster.stop();
});

describe('redis cluster helper', { timeout: 90_000 }, () => {
  it('forms 3 masters with a replica each, and promotes the replica of a killed master', async () => {
    const nodes = await cluster.cli('CLUSTER', 'NODES');
    assert.equal(nodes.split('\n').filter((l) => /\bmaster\b/.test(l)).length, 3);
    assert.equal(nodes.split('\n').filter((l) => /\bslave\b/.test(l)).length, 3);
    const port = await cluster.masterOf('logs.ingest');
    await cluster.cli('-c', 'SET', 'logs.ingest-key{logs.ingest}', 'x');
    await cluster.killMaster(port);
    const next = await cluster.masterOf('logs.ingest');
    assert.notEqual(next, port);
  });
});
