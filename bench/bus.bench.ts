// Bus throughput: the memory bus, and the Redis adapter against a real redis-server next to
// redis-benchmark's figure for the same server. Run: node --import tsx bench/bus.bench.ts [messages]
import { execFile } from 'node:child_process';
import { createClient } from '@redis/client';
import { startRedisServer } from '../test/helpers/redis-server.js';
import type { Bus } from '../src/bus/bus.js';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { createRedisBus } from '../src/bus/redis-bus.js';

const N = Number(process.argv[2] ?? 200_000);
// A typical log line of the dummy sender, padded to ~225 bytes.
const PAYLOAD = JSON.stringify({
  timestamp: '2026-11-28T11:00:00.123456',
  level: 'ERROR',
  service: 'auth-service',
  message: 'User login failed: invalid credentials for account 4711 from 10.0.3.17 (attempt 3 of 5)',
}).padEnd(225, ' ');

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')} msg/s (${count.toLocaleString('en-US')} in ${ms.toFixed(0)} ms)`;
}

async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 1));
}

/** Publishes `count` messages honouring backpressure; returns elapsed ms until flushed. */
async function publishAll(bus: Bus, channel: string, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    if (!bus.publish(channel, PAYLOAD)) await bus.drain();
  }
  await bus.flush();
  return performance.now() - start;
}

function redisBenchmark(port: number, count: number): Promise<string> {
  const args = ['-p', String(port), '-n', String(count), '-P', '64', '-q', 'publish', 'bench.baseline', PAYLOAD];
  return new Promise((resolve, reject) => {
    execFile('redis-benchmark', args, (error, stdout) => {
      if (error) reject(new Error('redis-benchmark failed', { cause: error }));
      // -q prints progress lines separated by \r and echoes the command; keep the final figure.
      else resolve(/([\d.]+) requests per second/.exec(stdout.split(/[\r\n]/).filter(Boolean).at(-1) ?? '')?.[1] ?? stdout);
    });
  });
}

async function main(): Promise<void> {
  console.log(`bus benchmark: ${N.toLocaleString('en-US')} messages of ${Buffer.byteLength(PAYLOAD)} bytes`);

  const memory = createMemoryBus();
  let memoryReceived = 0;
  await memory.subscribe('bench', () => memoryReceived++);
  const memoryMs = await publishAll(memory, 'bench', N * 5);
  await memory.close();
  console.log(`memory bus, publish+deliver:        ${rate(memoryReceived, memoryMs)}`);

  // No output-buffer limit for subscribers: otherwise Redis cuts a subscriber that falls behind
  // a burst by more than 32 MB, which is a property of the server, not of the client.
  const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
  try {
    const baseline = Math.round(Number(await redisBenchmark(server.port, N)));
    console.log(`redis-benchmark -P 64 publish:      ${baseline.toLocaleString('en-US')} msg/s (C client, the server's ceiling)`);

    const raw = createClient({ url: server.url, commandOptions: { timeout: 0 } });
    raw.on('error', () => {});
    await raw.connect();
    const rawStart = performance.now();
    for (let sent = 0; sent < N; ) {
      const batch: Array<Promise<number>> = [];
      for (let i = 0; i < 10_000 && sent < N; i++, sent++) batch.push(raw.publish('bench.raw', PAYLOAD));
      await Promise.all(batch);
    }
    console.log(`node-redis direct, batches of 10k:  ${rate(N, performance.now() - rawStart)}`);
    await raw.close();

    const publisher = createRedisBus({ url: server.url });
    await waitUntil(() => publisher.status().state === 'ready');
    console.log(`redis bus publish (no subscriber):  ${rate(N, await publishAll(publisher, 'bench.pub', N))}`);

    const subscriber = createRedisBus({ url: server.url });
    let received = 0;
    let firstAt = 0;
    await subscriber.subscribe('bench.sub', () => {
      if (received++ === 0) firstAt = performance.now();
    });
    const e2eStart = performance.now();
    const pubMs = await publishAll(publisher, 'bench.sub', N);
    await waitUntil(() => received >= N);
    const e2eMs = performance.now() - e2eStart;
    console.log(`redis bus publish (1 subscriber):   ${rate(N, pubMs)}`);
    console.log(`redis bus end to end:               ${rate(received, e2eMs)}`);
    console.log(`redis bus subscriber receive:       ${rate(received, performance.now() - firstAt)}`);
    await Promise.all([publisher.close(), subscriber.close()]);
  } finally {
    await server.stop();
  }
}

await main();
