import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBus } from '../src/bus/open-bus.js';
import { payloadText } from '../src/protocol/payload.js';
import { startClusterAsServer, type ClusterServerHandle } from './helpers/redis-cluster-server.js';
import { waitFor } from './helpers/wait-for.js';

// The handle the cluster pass (LOGSTREAM_TEST_REDIS=cluster) gives the tests in place of one server.
let redis: ClusterServerHandle;
before(async () => {
  redis = await startClusterAsServer([]);
});
after(async () => {
  await redis.stop();
});

describe('a cluster behind a server handle', { timeout: 120_000 }, () => {
  it('publishes from redis-cli where the bus subscribes, and counts the clients of every node', async () => {
    const bus = openBus({ url: redis.url, name: 'handle-e2e' });
    try {
      const got: string[] = [];
      // Channels in the slots of different masters, none of them the one the URL names, for some.
      const channels = ['handle.a', 'handle.b', 'handle.c', 'handle.d'];
      for (const ch of channels) await bus.subscribe(ch, (p, c) => got.push(`${c}:${payloadText(p)}`));
      for (const ch of channels) await redis.cli('PUBLISH', ch, 'raw');
      await waitFor(() => got.length === channels.length, 'every raw publish', 10_000);
      assert.deepEqual(got.sort(), channels.map((c) => `${c}:raw`).sort());
      const clients = await redis.cli('CLIENT', 'LIST');
      assert.ok(clients.split('\n').filter((l) => l.includes('name=handle-e2e-sub')).length >= 2, clients);
    } finally {
      await bus.close();
    }
  });

  it('takes the whole cluster down on kill and brings it back, same ports, on restart', async () => {
    const bus = openBus({ url: redis.url, name: 'handle-down' });
    try {
      const got: string[] = [];
      await bus.subscribe('handle.down', (p) => got.push(payloadText(p)));
      await redis.kill();
      await waitFor(() => bus.status().state === 'reconnecting', 'the bus to lose the cluster', 15_000);
      await redis.restart();
      await waitFor(() => bus.status().state === 'ready', 'the bus back on the cluster', 30_000);
      // Resubscribed once the slot's master is back: a raw publish reaches it again.
      for (const deadline = Date.now() + 20_000; got.length === 0 && Date.now() < deadline;) {
        await redis.cli('PUBLISH', 'handle.down', 'after');
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(got[0], 'after');
    } finally {
      await bus.close();
    }
  });
});
