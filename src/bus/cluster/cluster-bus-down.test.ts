import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisCluster, type RedisClusterHandle } from '../../../test/helpers/redis-cluster.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { payloadText } from '../../protocol/payload.js';
import { createClusterBus } from './cluster-bus.js';

// Three masters without replicas: a dead master takes the whole cluster down (CLUSTERDOWN)
// until it comes back, while the slot map keeps naming the same nodes.
let cluster: RedisClusterHandle;
before(async () => {
  cluster = await startRedisCluster({ replicas: 0 });
});
after(async () => {
  await cluster.stop();
});

describe('redis cluster bus while the cluster is down', { timeout: 60_000 }, () => {
  it('a stream reader cut off while its node answers CLUSTERDOWN resumes once the cluster is back', async () => {
    const ch = 'down.stream';
    const home = await cluster.masterOf(ch);
    const other = cluster.nodes.find((n) => n.port !== home);
    const owner = cluster.nodes.find((n) => n.port === home);
    assert.ok(other !== undefined && owner !== undefined);
    const bus = createClusterBus({ seeds: [cluster.urls[0] ?? ''], transport: 'streams', name: 'down-test' });
    try {
      const got: string[] = [];
      await bus.subscribe(ch, (p) => got.push(payloadText(p)));
      bus.publish(ch, 'before');
      await waitFor(() => got.includes('before'), 'a message before', 10_000);

      await other.server.kill();
      const down = async (): Promise<boolean> => /cluster_state:fail/.test(await owner.server.cli('CLUSTER', 'INFO'));
      for (let i = 0; i < 100 && !(await down()); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(await down(), 'the cluster went down');
      // The reader's connection is cut: on the way back its node refuses to say where the stream ends.
      await owner.server.cli('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      await new Promise((r) => setTimeout(r, 1_000));
      await other.server.restart();
      for (let i = 0; i < 100 && (await down()); i++) await new Promise((r) => setTimeout(r, 100));

      bus.publish(ch, 'after');
      await waitFor(() => got.includes('after'), 'a message after the cluster came back', 15_000);
      assert.deepEqual(got, ['before', 'after']);
    } finally {
      await bus.close();
    }
  });
});
