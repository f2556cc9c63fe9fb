// Bus throughput against a real redis-server, side by side in one run: the C baseline
// (redis-benchmark), node-redis (when installed) and LogStream's own RESP client (src/bus/resp/,
// which the Redis bus uses), plus the Redis Streams transport: its send rate next to Pub/Sub's
// and the time to backfill a collector. Numbers of past runs: bench/README-bus.md.
// Run: node --import tsx bench/bus.bench.ts [messages]
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { startRedisServer } from '../test/helpers/redis-server.js';
import type { Bus } from '../src/bus/bus.js';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { createRedisBus } from '../src/bus/redis-bus.js';
import { LogEngine } from '../src/services/collector/engine.js';

const N = Number(process.argv[2] ?? 1_000_000);
// A typical log line of the dummy sender, padded to 225 bytes.
const PAYLOAD = JSON.stringify({
  timestamp: '2026-11-28T11:00:00.123456',
  level: 'ERROR',
  service: 'auth-service',
  message: 'User login failed: invalid credentials for account 4711 from 10.0.3.17 (attempt 3 of 5)',
}).padEnd(225, ' ');
const CHANNEL = 'logs.ingest';

/** The parts of node-redis the comparison uses; the package is optional (not a dependency). */
interface NodeRedisClient {
  connect(): Promise<unknown>;
  on(event: 'error', listener: () => void): unknown;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: Buffer) => void, bufferMode: true): Promise<void>;
  destroy(): void;
}
type CreateClient = (opts: { url: string; commandOptions: { timeout: number } }) => NodeRedisClient;

async function loadNodeRedis(): Promise<CreateClient | undefined> {
  const specifier = '@redis/client'; // a variable, so the type check does not need the package
  try {
    return ((await import(specifier)) as { createClient: CreateClient }).createClient;
  } catch {
    return undefined;
  }
}

interface Measured {
  count: number;
  ms: number;
  cpuMs: number;
}

function line(label: string, m: Measured, note = ''): void {
  const rate = Math.round((m.count / m.ms) * 1000);
  const perCpu = m.cpuMs > 0 ? Math.round((m.count / m.cpuMs) * 1000) : 0;
  const cpu = Math.round((m.cpuMs / m.ms) * 100);
  console.log(
    `${label.padEnd(44)} ${rate.toLocaleString('en-US').padStart(10)} msg/s   cpu ${String(cpu).padStart(3)}%   ${perCpu.toLocaleString('en-US').padStart(10)} msg per cpu-s ${note}`,
  );
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

const benchmarkArgs = (port: number, count: number): string[] => [
  '-p',
  String(port),
  '-n',
  String(count),
  '-c',
  '4',
  '-P',
  '64',
  '-q',
  'publish',
  CHANNEL,
  PAYLOAD,
];

/** redis-benchmark publishing `count` messages; blocking freezes this process meanwhile, so Redis buffers them. */
function feed(port: number, count: number, blocking: boolean): Promise<void> {
  if (blocking) {
    spawnSync('redis-benchmark', benchmarkArgs(port, count), { stdio: 'ignore' });
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', benchmarkArgs(port, count), { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

async function until(predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
}

/** Subscribes with `attach`, feeds `count` messages and measures from the first to the last one received. */
async function receive(
  attach: (onMessage: () => void) => Promise<() => void>,
  port: number,
  count: number,
  blocking: boolean,
): Promise<Measured> {
  let received = 0;
  let first = 0;
  let cpu0 = process.cpuUsage();
  const detach = await attach(() => {
    if (received++ === 0) {
      first = performance.now();
      cpu0 = process.cpuUsage();
    }
  });
  await feed(port, count, blocking);
  await until(() => received >= count);
  const result = { count: received, ms: performance.now() - first, cpuMs: cpuMs(cpu0) };
  detach();
  return result;
}

/** Seconds of CPU (user + system) redis-server has used, from INFO CPU. */
function redisCpuSeconds(port: number): number {
  const info = spawnSync('redis-cli', ['-p', String(port), 'info', 'cpu'], { encoding: 'utf8' }).stdout;
  let total = 0;
  for (const m of info.matchAll(/^used_cpu_(?:user|sys):([\d.]+)/gm)) total += Number(m[1]);
  return total;
}

/**
 * `publish` measured, with the server's CPU per message printed beside it: where that is near
 * what one core gives per message at the measured rate, Redis and not the client is the limit.
 */
async function withServerCpu(port: number, label: string, publish: () => Promise<Measured>): Promise<Measured> {
  const before = redisCpuSeconds(port);
  const m = await publish();
  const perMessageUs = ((redisCpuSeconds(port) - before) / m.count) * 1e6;
  line(label, m, `redis ${perMessageUs.toFixed(2)} µs cpu per msg`);
  return m;
}

async function publishBus(bus: Bus, count: number): Promise<Measured> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if (!bus.publish(CHANNEL, PAYLOAD)) await bus.drain();
  }
  await bus.flush();
  return { count, ms: performance.now() - start, cpuMs: cpuMs(cpu0) };
}

async function publishNodeRedis(client: NodeRedisClient, count: number): Promise<Measured> {
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  for (let sent = 0; sent < count;) {
    const batch: Array<Promise<number>> = [];
    for (let i = 0; i < 10_000 && sent < count; i++, sent++) batch.push(client.publish(CHANNEL, PAYLOAD));
    await Promise.all(batch);
  }
  return { count, ms: performance.now() - start, cpuMs: cpuMs(cpu0) };
}

// Kept below the default cap so a million-message run does not hold ~300 MB in the bench's Redis.
const STREAM_CAP = 200_000;
const BACKFILL = 100_000;

/**
 * The Pub/Sub publisher while a `redis-cli subscribe` reads the channel, as a collector would:
 * Redis then copies each message to a subscriber, which a message nobody subscribed to skips.
 */
async function publishWatched(publisher: Bus, port: number): Promise<Measured> {
  const watcher = spawn('redis-cli', ['-p', String(port), 'subscribe', CHANNEL], { stdio: 'ignore' });
  const subscribers = (): number =>
    Number(
      spawnSync('redis-cli', ['-p', String(port), 'pubsub', 'numsub', CHANNEL], { encoding: 'utf8' }).stdout.split(
        '\n',
      )[1],
    );
  try {
    await until(() => subscribers() > 0, 5_000);
    return await withServerCpu(port, 'publisher: redis bus, one subscriber reading', () => publishBus(publisher, N));
  } finally {
    watcher.kill();
  }
}

/**
 * The Streams publisher (XADD, MAXLEN ~) on the same payloads, printed next to both Pub/Sub
 * baselines: with a subscriber reading (what a deployment has) and with nobody subscribed.
 */
async function sendStreams(server: { url: string; port: number }, bare: Measured, watched: Measured): Promise<void> {
  const bus = createRedisBus({
    url: server.url,
    transport: 'streams',
    retention: { kind: 'count', count: STREAM_CAP },
  });
  await until(() => bus.status().state === 'ready');
  const label = `publisher: streams bus (XADD MAXLEN ~ ${STREAM_CAP.toLocaleString('en-US')})`;
  const streams = await withServerCpu(server.port, label, () => publishBus(bus, N));
  const rate = (m: Measured): number => Math.round((m.count / m.ms) * 1000);
  const vs = (name: string, pubsub: Measured): string =>
    `send rate, streams vs ${name}: ${rate(streams).toLocaleString('en-US')} vs ${rate(pubsub).toLocaleString('en-US')} msg/s (${Math.round((rate(streams) / rate(pubsub)) * 100)}%)`;
  console.log(vs('pubsub with a subscriber', watched));
  console.log(vs('pubsub with nobody subscribed', bare));
  await bus.close();
}

/** A collector starting with --backfill: from subscribe until the newest logs are in the engine's buffer. */
async function backfill(url: string): Promise<void> {
  const bus = createRedisBus({ url, transport: 'streams', backfill: { channels: [CHANNEL], count: BACKFILL } });
  const engine = new LogEngine(BACKFILL);
  let received = 0;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await bus.subscribe(CHANNEL, (payload) => {
    engine.ingest(payload);
    received++;
  });
  await until(() => received >= Math.min(BACKFILL, N));
  const m = { count: received, ms: performance.now() - start, cpuMs: cpuMs(cpu0) };
  line(`backfill: ${received.toLocaleString('en-US')} logs into the engine`, m, `(${Math.round(m.ms)} ms)`);
  await bus.close();
}

async function main(): Promise<void> {
  console.log(
    `bus benchmark: ${N.toLocaleString('en-US')} messages of ${Buffer.byteLength(PAYLOAD)} bytes; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const memory = createMemoryBus();
  let memoryReceived = 0;
  await memory.subscribe(CHANNEL, () => memoryReceived++);
  line('memory bus, publish + deliver', { ...(await publishBus(memory, N)), count: memoryReceived });
  await memory.close();

  const createClient = await loadNodeRedis();
  // No output-buffer limit: Redis would otherwise cut a subscriber that falls behind a burst by
  // more than 32 MB, which is a property of the server, not of the client.
  const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
  try {
    const baseStart = performance.now();
    await feed(server.port, N, false);
    line(
      'redis-benchmark -c 4 -P 64 publish (C)',
      { count: N, ms: performance.now() - baseStart, cpuMs: 0 },
      '(the feed used below; cpu not measured)',
    );

    const nodeRedis = async (): Promise<NodeRedisClient> => {
      const client = (createClient as CreateClient)({ url: server.url, commandOptions: { timeout: 0 } });
      client.on('error', () => {});
      await client.connect();
      return client;
    };
    const attachNodeRedis = async (onMessage: () => void): Promise<() => void> => {
      const client = await nodeRedis();
      await client.subscribe(CHANNEL, onMessage, true);
      return () => client.destroy();
    };
    const attachBus = async (onMessage: () => void): Promise<() => void> => {
      const bus = createRedisBus({ url: server.url });
      await bus.subscribe(CHANNEL, onMessage);
      return () => void bus.close();
    };

    for (const blocking of [false, true]) {
      const how = blocking ? 'backlog' : 'live';
      if (createClient !== undefined)
        line(`subscriber, ${how}: node-redis (Buffer mode)`, await receive(attachNodeRedis, server.port, N, blocking));
      line(`subscriber, ${how}: redis bus (own RESP client)`, await receive(attachBus, server.port, N, blocking));
    }

    if (createClient !== undefined) {
      const client = await nodeRedis();
      line('publisher: node-redis, batches of 10k', await publishNodeRedis(client, N));
      client.destroy();
    } else {
      console.log('node-redis: not installed, skipped (npm install --no-save @redis/client to compare)');
    }
    const publisher = createRedisBus({ url: server.url });
    await until(() => publisher.status().state === 'ready');
    const bare = await withServerCpu(server.port, 'publisher: redis bus (pipelined batches)', () =>
      publishBus(publisher, N),
    );
    await sendStreams(server, bare, await publishWatched(publisher, server.port));
    await backfill(server.url);

    const subscriber = createRedisBus({ url: server.url });
    let received = 0;
    await subscriber.subscribe(CHANNEL, () => received++);
    const e2eStart = performance.now();
    const cpu0 = process.cpuUsage();
    await publishBus(publisher, N);
    await until(() => received >= N);
    line('redis bus to redis bus, one process', {
      count: received,
      ms: performance.now() - e2eStart,
      cpuMs: cpuMs(cpu0),
    });
    await Promise.all([publisher.close(), subscriber.close()]);
  } finally {
    await server.stop();
  }
}

await main();
