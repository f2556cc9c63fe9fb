import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';
import { startTcpProxy } from '../../test/helpers/tcp-proxy.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { Bus, BusReconnect } from './bus.js';
import { runBusContract } from './contract.js';
import { createRedisBus, type RedisBusOptions } from './redis-bus.js';
import { payloadText } from '../protocol/payload.js';

let server: RedisServerHandle;
before(async () => {
  server = await startRedisServer();
});
after(async () => {
  await server.stop();
});

runBusContract('redis streams bus contract', (opts) =>
  createRedisBus({ url: server.url, transport: 'streams', ...opts }),
);

const streamsBus = (extra: Partial<RedisBusOptions> = {}, url = server.url): Bus =>
  createRedisBus({ url, transport: 'streams', ...extra });

async function publishAll(bus: Bus, channel: string, texts: string[]): Promise<void> {
  for (const text of texts) if (!bus.publish(channel, text)) await bus.drain();
  await bus.flush();
}

/** Subscribes and collects payloads as text. */
async function collect(bus: Bus, channel: string): Promise<string[]> {
  const got: string[] = [];
  await bus.subscribe(channel, (p) => got.push(payloadText(p)));
  return got;
}

/** Kills the reader's connection (named `<name>-sub`) from the server side. */
async function killReader(target: RedisServerHandle, name: string): Promise<void> {
  const list = await target.cli('CLIENT', 'LIST');
  const id = new RegExp(`id=(\\d+) [^\\n]*name=${name}-sub\\b`).exec(list)?.[1];
  assert.ok(id !== undefined, `no ${name}-sub connection in\n${list}`);
  await target.cli('CLIENT', 'KILL', 'ID', id);
}

const range = (from: number, to: number, prefix = 'm'): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('redis streams bus', { timeout: 30_000 }, () => {
  it('stores each payload as one field p of an entry in the stream named after the channel, bytes unchanged', async () => {
    const bus = streamsBus();
    try {
      bus.publish('shape', Buffer.from([0, 0xff, 0x0a]));
      bus.publish('shape', '{"level":"INFO"}');
      await bus.flush();
      const raw = await server.cli('--no-raw', 'XRANGE', 'shape', '-', '+');
      assert.match(raw, /"p"\n.*"\\x00\\xff\\n"/);
      assert.match(raw, /"p"\n.*"\{\\"level\\":\\"INFO\\"\}"/);
    } finally {
      await bus.close();
    }
  });

  it('caps a stream by count with MAXLEN ~ and by time with MINID ~', async () => {
    const counted = streamsBus({ retention: { kind: 'count', count: 100 } });
    const timed = streamsBus({ retention: { kind: 'span', spanMs: 60_000 } });
    try {
      await publishAll(counted, 'capped', range(0, 5_000));
      const length = Number(await server.cli('XLEN', 'capped'));
      // `~` lets Redis trim whole nodes only: a little more than the cap stays, never all.
      assert.ok(length >= 100 && length < 1_000, `${length} entries kept`);
      // An entry older than the span (explicit old ID) goes with the next XADD's MINID trim.
      await server.cli('XADD', 'timed', '1-1', 'p', 'ancient');
      // 200 entries in one call: one redis-cli process each took most of the suite's time under load.
      await server.cli(
        'EVAL',
        "for i = 0, 199 do redis.call('XADD', KEYS[1], '2-' .. i, 'p', 'old') end",
        '1',
        'timed',
      );
      await publishAll(timed, 'timed', ['new']);
      const kept = await server.cli('XRANGE', 'timed', '-', '+', 'COUNT', '1');
      assert.doesNotMatch(kept, /ancient/);
    } finally {
      await Promise.all([counted.close(), timed.close()]);
    }
  });

  it('keeps reading after a quiet spell longer than one blocking read', async () => {
    const reader = streamsBus();
    const writer = streamsBus();
    try {
      const got = await collect(reader, 'quiet');
      await new Promise((r) => setTimeout(r, 500));
      await publishAll(writer, 'quiet', ['after the quiet']);
      await waitFor(() => got.length === 1, 'the message after the quiet spell');
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('resumes after its reader connection is killed without losing a message published meanwhile', async () => {
    const reader = streamsBus({ name: 'resume-kill' });
    const writer = streamsBus();
    const gaps: BusReconnect[] = [];
    reader.onReconnect?.((info) => gaps.push(info));
    try {
      const got = await collect(reader, 'resume');
      await publishAll(writer, 'resume', range(0, 1_000));
      await waitFor(() => got.length === 1_000, 'the first thousand');
      await killReader(server, 'resume-kill');
      await publishAll(writer, 'resume', range(1_000, 3_000));
      await waitFor(() => got.length >= 3_000 && gaps.length === 1, 'every message and the reconnect', 10_000);
      assert.deepEqual(got, range(0, 3_000));
      assert.equal(gaps[0]?.missed, 0);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('resumes across a redis-server restart with the append-only file on, losing nothing', async () => {
    const durable = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    const proxy = await startTcpProxy(durable.port);
    const reader = streamsBus({}, proxy.url);
    const writer = streamsBus({}, durable.url);
    const gaps: BusReconnect[] = [];
    reader.onReconnect?.((info) => gaps.push(info));
    try {
      const got = await collect(reader, 'durable');
      await publishAll(writer, 'durable', range(0, 100));
      await waitFor(() => got.length === 100, 'the first hundred');
      // The reader is away while more arrives and the server restarts: those survive only in the AOF.
      await proxy.cut();
      await publishAll(writer, 'durable', range(100, 200));
      await durable.kill();
      await durable.restart();
      await proxy.reopen();
      await waitFor(() => got.length >= 200 && gaps.length === 1, 'every message after the restart', 10_000);
      assert.deepEqual(got, range(0, 200));
      assert.equal(gaps[0]?.missed, 0);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
      await proxy.close();
      await durable.stop();
    }
  });

  it('reports exactly how many entries the retention cap trimmed before the reader could read them', async () => {
    const proxy = await startTcpProxy(server.port);
    const reader = streamsBus({}, proxy.url);
    const gaps: BusReconnect[] = [];
    reader.onReconnect?.((info) => gaps.push(info));
    try {
      const got = await collect(reader, 'trimmed');
      for (let i = 0; i < 10; i++) await server.cli('XADD', 'trimmed', '*', 'p', `m${i}`);
      await waitFor(() => got.length === 10, 'the first ten');
      // While the reader is away, 50 more arrive and the stream is trimmed (exactly, no `~`) to
      // its newest 20: 30 the reader never saw are gone.
      await proxy.cut();
      for (let i = 10; i < 60; i++) await server.cli('XADD', 'trimmed', 'MAXLEN', '20', '*', 'p', `m${i}`);
      await proxy.reopen();
      await waitFor(() => gaps.length === 1 && got.length === 30, 'the reconnect and the retained entries', 10_000);
      assert.equal(gaps[0]?.missed, 30);
      assert.deepEqual(got, [...range(0, 10), ...range(40, 60)]);
    } finally {
      await reader.close();
      await proxy.close();
    }
  });

  it('loads the newest N entries of a stream before what follows, oldest first', async () => {
    const writer = streamsBus();
    await publishAll(writer, 'past', range(0, 500));
    const reader = streamsBus({ backfill: { channels: ['past'], count: 100 } });
    try {
      const got = await collect(reader, 'past');
      const other = await collect(reader, 'not-backfilled');
      await publishAll(writer, 'not-backfilled', ['live']);
      await publishAll(writer, 'past', ['after']);
      await waitFor(() => got.includes('after') && other.length === 1, 'the live messages');
      assert.deepEqual(got, [...range(400, 500), 'after']);
      assert.deepEqual(other, ['live']);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('loads a past bigger than one read in order, then carries on live', async () => {
    const writer = streamsBus();
    await publishAll(writer, 'big-past', range(0, 12_000));
    const reader = streamsBus({ backfill: { channels: ['big-past'], count: 10_000 } });
    try {
      const got = await collect(reader, 'big-past');
      await publishAll(writer, 'big-past', ['live']);
      await waitFor(() => got.includes('live'), 'the live message', 10_000);
      assert.deepEqual(got, [...range(2_000, 12_000), 'live']);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('loads all of a stream that holds fewer entries than asked for, across pages, oldest first, then carries on live', async () => {
    const writer = streamsBus();
    await publishAll(writer, 'short-past', range(0, 20_000));
    const reader = streamsBus({ backfill: { channels: ['short-past'], count: 50_000 } });
    try {
      const got = await collect(reader, 'short-past');
      await publishAll(writer, 'short-past', ['live']);
      await waitFor(() => got.includes('live'), 'the live message', 10_000);
      assert.deepEqual(got, [...range(0, 20_000), 'live']);
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('loads a span of more entries than one page holds, none lost or repeated where pages meet', async () => {
    const writer = streamsBus();
    // Thousands of entries a millisecond: pages meet between IDs of the same millisecond.
    await publishAll(writer, 'long-span', range(0, 20_000));
    const reader = streamsBus({ backfill: { channels: ['long-span'], sinceMs: 600_000 } });
    try {
      const got = await collect(reader, 'long-span');
      await waitFor(() => got.length >= 20_000, 'the span', 10_000);
      assert.deepEqual(got, range(0, 20_000));
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });

  it('loads only the entries of the last span when asked since when', async () => {
    const old = Date.now() - 3_600_000;
    for (let i = 0; i < 5; i++) await server.cli('XADD', 'since', `${old + i}-0`, 'p', `old${i}`);
    const writer = streamsBus();
    await publishAll(writer, 'since', range(0, 3, 'recent'));
    const reader = streamsBus({ backfill: { channels: ['since'], sinceMs: 60_000 } });
    try {
      const got = await collect(reader, 'since');
      assert.deepEqual(got, range(0, 3, 'recent'));
    } finally {
      await Promise.all([reader.close(), writer.close()]);
    }
  });
});
