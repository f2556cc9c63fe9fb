import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisCluster, type RedisClusterHandle } from '../../../test/helpers/redis-cluster.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { payloadText } from '../../protocol/payload.js';
import type { Bus } from '../bus.js';
import { runBusContract } from '../contract.js';
import { openBus } from '../open-bus.js';
import { createClusterBus } from './cluster-bus.js';
import { shardChannel } from './sharded-channel.js';

let cluster: RedisClusterHandle;
before(async () => {
  cluster = await startRedisCluster();
});
after(async () => {
  await cluster.stop();
});

// One seed is enough: the bus learns the other nodes from it.
const seed = (): string[] => [cluster.urls[5] ?? ''];

runBusContract('redis cluster bus contract (sharded pub/sub)', (opts) => createClusterBus({ seeds: seed(), ...opts }));
runBusContract('redis cluster bus contract (streams)', (opts) =>
  createClusterBus({ seeds: seed(), transport: 'streams', ...opts }),
);

async function withBus(bus: Bus, fn: (bus: Bus) => Promise<void>): Promise<void> {
  try {
    await fn(bus);
  } finally {
    await bus.close();
  }
}

describe('redis cluster bus', { timeout: 60_000 }, () => {
  it('publishes each channel with SPUBLISH on the master of its slot', async () => {
    await withBus(createClusterBus({ seeds: seed(), name: 'placement' }), async (bus) => {
      const got: string[] = [];
      for (const ch of ['logs.ingest', 'stats.update', 'other'])
        await bus.subscribe(ch, (p, c) => got.push(`${c}:${payloadText(p)}`));
      for (const ch of ['logs.ingest', 'stats.update', 'other']) bus.publish(ch, 'x');
      await waitFor(() => got.length === 3, 'three messages');
      for (const ch of ['logs.ingest', 'stats.update', 'other']) {
        const port = await cluster.masterOf(ch);
        const node = cluster.nodes.find((n) => n.port === port);
        assert.ok(node !== undefined);
        assert.equal(await node.server.cli('PUBSUB', 'SHARDNUMSUB', ch), `${ch}\n1`);
      }
    });
  });

  it('writes streams on the master of their slot, where redis-cli -c finds them', async () => {
    await withBus(createClusterBus({ seeds: seed(), transport: 'streams' }), async (bus) => {
      for (let i = 0; i < 3; i++) bus.publish(`placed{${i}}`, `m${i}`);
      await bus.flush();
      assert.deepEqual(bus.counters(), { published: 3, dropped: 0, received: 0 });
      for (let i = 0; i < 3; i++) assert.equal(await cluster.cli('-c', 'XLEN', `placed{${i}}`), '1');
    });
  });

  it('goes from connecting to ready once, however many slots it opens afterwards', async () => {
    const bus = createClusterBus({ seeds: seed() });
    const states = [bus.status().state];
    bus.onStatus((s) => states.push(s.state));
    await withBus(bus, async () => {
      await waitFor(() => bus.status().state === 'ready', 'ready');
      for (const ch of ['a', 'b', 'c', 'd']) await bus.subscribe(ch, () => {});
      bus.publish('e', 'x');
      await bus.flush();
      assert.deepEqual(states, ['connecting', 'ready']);
    });
  });

  for (const transport of ['pubsub', 'streams'] as const) {
    it(`${transport}: follows a channel whose slot moves to another master mid-stream`, async () => {
      const ch = `moving.${transport}`;
      const pub = createClusterBus({ seeds: seed(), transport });
      const sub = createClusterBus({ seeds: seed(), transport });
      try {
        const got: number[] = [];
        const reconnects: string[] = [];
        sub.onReconnect?.((info) => reconnects.push(`${info.channels.join()} ${info.reason ?? ''}`));
        await sub.subscribe(ch, (p) => got.push(Number(payloadText(p))));
        let sent = 0;
        const send = async (n: number): Promise<void> => {
          for (const stop = sent + n; sent < stop; sent++) {
            pub.publish(ch, String(sent));
            await new Promise((r) => setTimeout(r, 1));
          }
        };
        await send(200);
        let moved = false;
        const moving = cluster.moveSlot(ch).finally(() => (moved = true));
        while (!moved) await send(20);
        await moving;
        const before = sent;
        await send(200);
        await pub.flush();
        await waitFor(() => got.includes(sent - 1), 'the last message, from the new master', 15_000);
        assert.ok(reconnects.length >= 1, 'the subscriber told of the move');
        assert.ok(
          reconnects.every((r) => r.startsWith(ch)),
          reconnects.join('; '),
        );
        // In order and never twice; what is missing was refused by the old master and counted.
        assert.deepEqual(
          got,
          [...got].sort((a, b) => a - b),
        );
        assert.equal(new Set(got).size, got.length);
        assert.ok(got.filter((n) => n >= before).length >= 150, 'messages after the move arrive');
        if (transport === 'streams')
          assert.ok(
            sent - got.length <= pub.counters().dropped,
            `${sent - got.length} missing, ${pub.counters().dropped} dropped`,
          );
      } finally {
        await Promise.all([pub.close(), sub.close()]);
      }
    });
  }

  it('--shards: a reader with a backfill loads the past of every shard, under the channel name', async () => {
    const shards = { channel: 'past.sharded', count: 3 };
    const options = { url: seed()[0] ?? '', cluster: { seeds: [] }, transport: 'streams' as const, shards };
    const producers = [0, 1, 2].map((pick) =>
      shardChannel(createClusterBus({ seeds: seed(), transport: 'streams' }), shards, pick),
    );
    try {
      producers.forEach((bus, k) => {
        for (let i = 0; i < 5; i++) bus.publish('past.sharded', `p${k}-${i}`);
      });
      await Promise.all(producers.map((p) => p.flush()));
      const reader = openBus({ ...options, backfill: { channels: ['past.sharded'], count: 3 } });
      await withBus(reader, async () => {
        const got: string[] = [];
        await reader.subscribe('past.sharded', (p, ch) => got.push(`${ch}:${payloadText(p)}`));
        await waitFor(() => got.length === 9, 'the newest 3 of each shard');
        assert.deepEqual(
          got.sort(),
          ['p0-2', 'p0-3', 'p0-4', 'p1-2', 'p1-3', 'p1-4', 'p2-2', 'p2-3', 'p2-4'].map((t) => `past.sharded:${t}`),
        );
      });
    } finally {
      await Promise.all(producers.map((p) => p.close()));
    }
  });

  it('refuses a seed with a database number', () => {
    assert.throws(() => createClusterBus({ seeds: ['redis://127.0.0.1:1/2'] }), /only database 0/);
    assert.throws(() => createClusterBus({ seeds: [] }), /at least one seed/);
  });
});
