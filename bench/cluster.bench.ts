/*
 * The cluster bus next to the single-server Redis bus, same process, same messages:
 *   node dist/bench/cluster.bench.js [messages]
 * starts a throw-away redis-server and a 3+3 Redis Cluster on loopback and prints, for each,
 * the publish rate (with a subscriber of the same process reading everything) per wall second
 * and per CPU-second of this process. Results and their reading: bench/README-bus.md.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Bus } from '../src/bus/bus.js';
import { createClusterBus } from '../src/bus/cluster/cluster-bus.js';
import { shardChannel } from '../src/bus/cluster/sharded-channel.js';
import { createRedisBus } from '../src/bus/redis-bus.js';
import { startRedisCluster } from '../test/helpers/redis-cluster.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

const COUNT = Number(process.argv[2] ?? 200_000);
const PAYLOAD = Buffer.from(
  JSON.stringify({ timestamp: '2026-01-01T00:00:00.000Z', level: 'INFO', service: 'api', message: 'x'.repeat(150) }),
);

/** Publishes COUNT messages on `channel` through `pub`, read back by `sub`; wall ms and CPU ms of this process. */
async function measure(label: string, pub: Bus, sub: Bus, channel: string): Promise<void> {
  let got = 0;
  await sub.subscribe(channel, () => got++);
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < COUNT; i++) if (!pub.publish(channel, PAYLOAD)) await pub.drain();
  await pub.flush();
  while (got < COUNT && performance.now() - start < 120_000) await new Promise((r) => setTimeout(r, 5));
  report(label, performance.now() - start, process.cpuUsage(cpu0), got);
  await Promise.all([pub.close(), sub.close()]);
}

/** What the bench uses of ioredis's Cluster. */
interface IoCluster {
  spublish(channel: string, payload: Buffer): Promise<unknown>;
  ssubscribe(channel: string): Promise<unknown>;
  on(event: 'smessageBuffer', listener: (channel: Buffer, message: Buffer) => void): void;
  quit(): Promise<unknown>;
}

/**
 * ioredis's cluster client on the same sharded channel, when IOREDIS names its installed
 * package folder (it is not a dependency: `npm install --prefix /tmp/x ioredis`, then
 * IOREDIS=/tmp/x/node_modules/ioredis). Publishes in batches of 10,000 promises.
 */
async function measureIoredis(port: number): Promise<void> {
  const dir = process.env.IOREDIS;
  if (dir === undefined) return console.log('ioredis: skipped (set IOREDIS to its package folder)');
  const mod = (await import(pathToFileURL(`${dir}/built/index.js`).href)) as {
    default: {
      Cluster: new (
        nodes: Array<{ host: string; port: number }>,
        options?: { shardedSubscribers: boolean },
      ) => IoCluster;
    };
  };
  const pub = new mod.default.Cluster([{ host: '127.0.0.1', port }]);
  const sub = new mod.default.Cluster([{ host: '127.0.0.1', port }], { shardedSubscribers: true });
  let got = 0;
  sub.on('smessageBuffer', () => got++);
  await sub.ssubscribe('bench.ioredis');
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < COUNT; i += 10_000) {
    const batch: Array<Promise<unknown>> = [];
    for (let j = i; j < Math.min(COUNT, i + 10_000); j++) batch.push(pub.spublish('bench.ioredis', PAYLOAD));
    await Promise.all(batch);
  }
  while (got < COUNT && performance.now() - start < 120_000) await new Promise((r) => setTimeout(r, 5));
  report('cluster, sharded pubsub, ioredis', performance.now() - start, process.cpuUsage(cpu0), got);
  await Promise.all([pub.quit(), sub.quit()]);
}

function report(label: string, ms: number, used: NodeJS.CpuUsage, got: number): void {
  const cpuMs = (used.user + used.system) / 1000;
  const rate = (n: number): string => Math.round((COUNT / n) * 1000).toLocaleString('en-US');
  console.log(
    `${label.padEnd(40)} ${rate(ms).padStart(10)} msg/s   ${rate(cpuMs).padStart(10)} msg per cpu-s   ${got} received`,
  );
}

async function main(): Promise<void> {
  const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
  const cluster = await startRedisCluster();
  try {
    const seeds = [cluster.urls[0] ?? ''];
    for (const transport of ['pubsub', 'streams'] as const) {
      await measure(
        `single server, ${transport}`,
        createRedisBus({ url: server.url, transport }),
        createRedisBus({ url: server.url, transport }),
        `bench.${transport}`,
      );
      await measure(
        `cluster, ${transport}`,
        createClusterBus({ seeds, transport }),
        createClusterBus({ seeds, transport }),
        `bench.${transport}`,
      );
    }
    await measureIoredis(cluster.nodes[0]?.port ?? 0);
    // Three producers, one shard each, read back merged by one reader.
    const shards = { channel: 'bench.sharded', count: 3 };
    const producers = [0, 1, 2].map((pick) =>
      shardChannel(createClusterBus({ seeds, transport: 'streams' }), shards, pick),
    );
    const fanIn: Bus = {
      ...(producers[0] as Bus),
      publish: (channel, payload) => (producers[Math.floor(Math.random() * 3)] as Bus).publish(channel, payload),
      drain: async () => void (await Promise.all(producers.map((p) => p.drain()))),
      flush: async () => void (await Promise.all(producers.map((p) => p.flush()))),
      close: async () => void (await Promise.all(producers.map((p) => p.close()))),
    };
    await measure(
      'cluster, streams, 3 shards',
      fanIn,
      shardChannel(createClusterBus({ seeds, transport: 'streams' }), shards),
      'bench.sharded',
    );
  } finally {
    await cluster.stop();
    await server.stop();
  }
}

await main();
