import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisCluster, type RedisClusterHandle } from '../../test/helpers/redis-cluster.js';
import { freePort, startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { payloadText } from '../protocol/payload.js';
import type { Bus } from './bus.js';
import { createClusterBus } from './cluster/cluster-bus.js';
import { runBusContract } from './contract.js';
import { openBus } from './open-bus.js';

let server: RedisServerHandle;
let cluster: RedisClusterHandle;
before(async () => {
  [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
});
after(async () => {
  await Promise.all([server.stop(), cluster.stop()]);
});

runBusContract('bus opened on a single server by its URL', (opts) => openBus({ url: server.url, ...opts }));
runBusContract('bus opened on a cluster node by its URL', (opts) => openBus({ url: cluster.urls[4] ?? '', ...opts }));

async function closing(buses: Bus[], fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } finally {
    await Promise.all(buses.map((b) => b.close()));
  }
}

describe('openBus without a cluster option', { timeout: 60_000 }, () => {
  it('finds out that a node is a cluster node and publishes sharded, where a --cluster bus receives', async () => {
    // Every channel's slot on another master than the one the URL names, for some of them.
    const channels = ['logs.ingest', 'stats.update', 'other'];
    const auto = openBus({ url: cluster.urls[0] ?? '' });
    const explicit = createClusterBus({ seeds: [cluster.urls[2] ?? ''] });
    await closing([auto, explicit], async () => {
      const got: string[] = [];
      for (const ch of channels) await explicit.subscribe(ch, (p, c) => got.push(`${c}:${payloadText(p)}`));
      for (const ch of channels) auto.publish(ch, 'x');
      await auto.flush();
      await waitFor(() => got.length === 3, 'every channel, through its own master', 10_000);
      assert.deepEqual(got.sort(), channels.map((c) => `${c}:x`).sort());
    });
  });

  it('writes each stream on the master of its slot when given any node', async () => {
    const auto = openBus({ url: cluster.urls[5] ?? '', transport: 'streams' });
    await closing([auto], async () => {
      for (let i = 0; i < 3; i++) auto.publish(`auto.placed{${i}}`, `m${i}`);
      await auto.flush();
      assert.deepEqual(auto.counters(), { published: 3, dropped: 0, received: 0 });
      for (let i = 0; i < 3; i++) assert.equal(await cluster.cli('-c', 'XLEN', `auto.placed{${i}}`), '1');
    });
  });

  it('keeps plain PUBLISH on a single server', async () => {
    const before = await server.cli('INFO', 'commandstats');
    const calls = (info: string): number => Number(/cmdstat_publish:calls=(\d+)/.exec(info)?.[1] ?? 0);
    const bus = openBus({ url: server.url });
    await closing([bus], async () => {
      bus.publish('single.plain', 'x');
      await bus.flush();
      assert.equal(calls(await server.cli('INFO', 'commandstats')), calls(before) + 1);
    });
  });

  it('holds what is published while the server is down, says it cannot reach it, and sends it once it is up', async () => {
    const port = await freePort();
    const bus = openBus({ url: `redis://127.0.0.1:${port}`, backoff: { baseMs: 20, capMs: 100 } });
    let late: RedisServerHandle | undefined;
    await closing([bus], async () => {
      const sub = bus.subscribe('late.ch', () => {});
      bus.publish('late.ch', 'held');
      await waitFor(() => bus.status().state === 'reconnecting', 'reconnecting', 10_000);
      assert.match(bus.status().error ?? '', /ECONNREFUSED/);
      late = await startRedisServer({ port });
      await sub;
      await bus.flush();
      assert.equal(bus.status().state, 'ready');
      assert.equal(bus.counters().published, 1);
    }).finally(() => late?.stop());
  });

  it('drops and counts what it held when closed before the server ever answered', async () => {
    const port = await freePort();
    const bus = openBus({ url: `redis://127.0.0.1:${port}`, closeTimeoutMs: 50 });
    bus.publish('never', 'a');
    bus.publish('never', 'b');
    await bus.close();
    assert.equal(bus.status().state, 'closed');
    assert.equal(bus.counters().dropped, 2);
    assert.equal(bus.publish('never', 'c'), false);
    assert.equal(bus.counters().dropped, 3);
  });
});
