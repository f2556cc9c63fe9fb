import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { createRedisBus } from '../src/bus/redis-bus.js';
import { startHttpServer, type HttpServer } from '../src/ingest/http/http-server.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { freePort, singleServerOnly, startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { startTcpProxy, type TcpProxyHandle } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);

/** NDJSON of records `{"message":"<tag> <i>"}` for i in [from, to). */
function ndjson(tag: string, from: number, to: number): string {
  const lines: string[] = [];
  for (let i = from; i < to; i++) lines.push(`{"message":"${tag} ${i}"}`);
  return `${lines.join('\n')}\n`;
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { accepted?: number; error?: string };
}

/** A curl POST of `body` to `url`: status, Retry-After and the JSON answer. */
async function curl(dir: string, url: string, body: string): Promise<Answer> {
  const file = join(dir, 'body');
  writeFileSync(file, body);
  const { stdout } = await run('curl', ['-s', '-i', '-H', 'Expect:', '--data-binary', `@${file}`, url], {
    maxBuffer: 1 << 20,
  });
  const [head = '', text = ''] = stdout.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]),
    retryAfter: /^retry-after: (\S+)/im.exec(head)?.[1],
    body: JSON.parse(text) as Answer['body'],
  };
}

/** Counts arrivals of `<tag> <i>` messages on `logs.ingest`. */
function arrivals(bus: Bus): Promise<{ times(tag: string, n: number): number[]; total(tag: string): number }> {
  const seen = new Map<string, number>();
  return bus
    .subscribe('logs.ingest', (p) => {
      const message = String((JSON.parse(p.toString()) as { message: unknown }).message);
      seen.set(message, (seen.get(message) ?? 0) + 1);
    })
    .then(() => ({
      times: (tag, n) => Array.from({ length: n }, (_, i) => seen.get(`${tag} ${i}`) ?? 0),
      total: (tag) => [...seen.entries()].filter(([m]) => m.startsWith(`${tag} `)).reduce((sum, [, k]) => sum + k, 0),
    }));
}

const proxied = singleServerOnly(
  'a TCP proxy in front of one node cuts no cluster client off: it connects to the nodes the cluster names',
);

describe('HTTP ingest: sending again from `accepted` after a 503 delivers every record once', () => {
  let redis: RedisServerHandle;
  let reader: Bus;
  const dir = mkdtempSync(join(tmpdir(), 'logstream-http-retry-'));

  before(async () => {
    redis = await startRedisServer();
    reader = openBus({ url: redis.url, name: 'http-retry-e2e' });
  });

  after(async () => {
    await reader.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('while Redis is unreachable and the queue is full (logstream ingest, curl)', { timeout: 120_000 }, async (t) => {
    if (proxied !== false) return t.skip(proxied);
    const seen = await arrivals(reader);
    // Only ingest's path to Redis goes down; the reader stays connected and misses nothing.
    const proxy: TcpProxyHandle = await startTcpProxy(redis.port);
    const cli: CliProcess = startCli(['ingest', '--http', '127.0.0.1:0', '--redis', proxy.url]);
    try {
      await waitFor(
        () => /connected to/.test(cli.stderr()) && /http listening on 127\.0\.0\.1:\d+/.test(cli.stderr()),
        'ingest ready',
        10_000,
      );
      const url = `http://127.0.0.1:${/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]}/`;
      assert.equal((await curl(dir, url, ndjson('warm', 0, 1))).status, 200);
      await waitFor(() => seen.total('warm') === 1, 'the first record delivered');

      await proxy.cut();
      await waitFor(() => cli.stderr().includes('cannot reach'), 'ingest noticing Redis is gone', 10_000);
      // The queue holds 100,000 logs: all of these fit, the next request only partly.
      assert.deepEqual((await curl(dir, url, ndjson('a', 0, 60_000))).body, { accepted: 60_000 });
      const partly = await curl(dir, url, ndjson('b', 0, 60_000));
      assert.equal(partly.status, 503);
      assert.equal(partly.retryAfter, '5');
      assert.equal(partly.body.accepted, 40_000);
      assert.match(
        partly.body.error ?? '',
        /^Redis is unreachable and the queue is full: 20000 of 60000 records were not accepted/,
      );
      // Sent again too early: nothing more fits, nothing is taken twice.
      const early = await curl(dir, url, ndjson('b', 40_000, 60_000));
      assert.deepEqual([early.status, early.body.accepted], [503, 0]);

      await proxy.reopen();
      await waitFor(() => (cli.stderr().match(/connected to/g) ?? []).length >= 2, 'ingest reconnected', 15_000);
      await waitFor(() => seen.total('b') === 40_000 && seen.total('a') === 60_000, 'the queue delivered', 30_000);
      const rest = await curl(dir, url, ndjson('b', 40_000, 60_000));
      assert.deepEqual([rest.status, rest.body], [200, { accepted: 20_000 }]);
      await waitFor(() => seen.total('b') === 60_000, 'the rest delivered', 30_000);
      assert.ok(
        seen.times('a', 60_000).every((k) => k === 1),
        'every a record once',
      );
      assert.ok(
        seen.times('b', 60_000).every((k) => k === 1),
        'every b record once',
      );
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      await proxy.close();
    }
  });

  it('sends the client back to the first line of a stack trace the queue refused, and answers no 200 for a line it could not publish', async () => {
    // Nothing listens there: Redis is unreachable, and the queue holds 10 logs.
    const bus = createRedisBus({
      url: `redis://127.0.0.1:${await freePort()}`,
      highWaterMark: 5,
      maxQueue: 10,
      closeTimeoutMs: 10,
    });
    const sink = {
      publish: (wire: string) => bus.publish('logs.ingest', wire),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    };
    const server: HttpServer = await startHttpServer({ host: '127.0.0.1', port: 0, sink });
    try {
      const whole = (i: number): string => JSON.stringify({ message: `m ${i}` });
      const line = (log: string): string => JSON.stringify({ log, stream: 'stderr', service: 'py' });
      // 0-8 fill 9 places, 9 is held for joining, 10 takes the last place; 11 starts a new
      // record of 9's stream, so 9 is sent, and dropped: the client must send it again.
      const body = [
        ...Array.from({ length: 9 }, (_, i) => whole(i)),
        line('first'),
        whole(10),
        line('second'),
        whole(12),
      ].join('\n');
      const r = await curl(dir, `http://127.0.0.1:${server.address.port}/`, body);
      assert.equal(r.status, 503);
      assert.equal(r.body.accepted, 9);
      assert.match(
        r.body.error ?? '',
        /^Redis is unreachable and the queue is full: 4 of 13 records were not accepted/,
      );
      // A line held for joining at the end of a body is published before the answer: here it
      // cannot be, so the answer says so.
      const last = await curl(dir, `http://127.0.0.1:${server.address.port}/`, line('third'));
      assert.deepEqual([last.status, last.body.accepted], [503, 0]);
      assert.equal(bus.counters().dropped, 2);
    } finally {
      await server.close();
      await bus.close();
    }
  });

  it('delivers a stack trace whole and once when the client sends again from `accepted` after its trace was refused', async (t) => {
    if (proxied !== false) return t.skip(proxied);
    const messages: string[] = [];
    await reader.subscribe('logs.ingest', (p) => {
      messages.push(String((JSON.parse(p.toString()) as { message: unknown }).message));
    });
    const proxy: TcpProxyHandle = await startTcpProxy(redis.port);
    const bus = createRedisBus({ url: proxy.url, name: 'http-retry-trace', highWaterMark: 5, maxQueue: 10 });
    const sink = {
      publish: (wire: string) => bus.publish('logs.ingest', wire),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    };
    const server: HttpServer = await startHttpServer({ host: '127.0.0.1', port: 0, sink });
    const url = `http://127.0.0.1:${server.address.port}/`;
    try {
      await waitFor(() => bus.status().state === 'ready', 'ingest connected');
      await proxy.cut();
      await waitFor(() => bus.status().state !== 'ready', 'ingest noticing Redis is gone', 10_000);
      const trace = [
        '2026-11-28 11:00:00 ERROR checkout failed',
        'java.lang.IllegalStateException: card declined',
        '\tat com.shop.Pay.charge(Pay.java:17)',
      ];
      const records = [
        ...Array.from({ length: 10 }, (_, i) => JSON.stringify({ message: `t ${i}` })),
        ...trace.map((log) => JSON.stringify({ log, stream: 'stderr', container_name: '/jv' })),
      ];
      // Ten logs fill the queue; the trace, published at the end of the body, does not fit.
      const first = await curl(dir, url, records.join('\n'));
      assert.deepEqual([first.status, first.body.accepted], [503, 10]);
      await proxy.reopen();
      await waitFor(() => messages.filter((m) => m.startsWith('t ')).length === 10, 'the queue delivered', 15_000);
      const rest = await curl(dir, url, records.slice(first.body.accepted).join('\n'));
      assert.deepEqual([rest.status, rest.body], [200, { accepted: 3 }]);
      await waitFor(() => messages.some((m) => m.startsWith('checkout failed')), 'the trace delivered', 15_000);
      await bus.flush();
      assert.deepEqual(
        messages.filter((m) => m.startsWith('checkout failed')),
        [`checkout failed\n${trace.slice(1).join('\n')}`],
      );
      assert.deepEqual(
        messages.filter((m) => m.startsWith('t ')).sort(),
        Array.from({ length: 10 }, (_, i) => `t ${i}`).sort(),
      );
    } finally {
      await server.close();
      await bus.close();
      await proxy.close();
    }
  });

  it('while Redis is slow (CLIENT PAUSE on the real server, curl)', { timeout: 120_000 }, async () => {
    const seen = await arrivals(reader);
    const bus = openBus({ url: redis.url, name: 'http-retry-ingest' });
    const sink = {
      publish: (wire: string) => bus.publish('logs.ingest', wire),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    };
    const server: HttpServer = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      sink,
      limits: { redisWaitMs: 500 },
    });
    try {
      await waitFor(() => bus.status().state === 'ready', 'ingest connected');
      const url = `http://127.0.0.1:${server.address.port}/`;
      await redis.cli('CLIENT', 'PAUSE', '3000', 'ALL');
      const slow = await curl(dir, url, ndjson('s', 0, 50_000));
      assert.equal(slow.status, 503);
      assert.equal(slow.retryAfter, '5');
      assert.match(
        slow.body.error ?? '',
        /^Redis is slow: the queue to it stayed full for 0\.5 s: \d+ of 50000 records were not accepted/,
      );
      let taken = slow.body.accepted ?? -1;
      assert.ok(taken > 0 && taken < 50_000, `${taken} accepted`);
      // As a client would: wait as told, send the rest from `accepted`, until all is taken.
      for (let attempt = 0; taken < 50_000; attempt++) {
        assert.ok(attempt < 20, `still ${50_000 - taken} records not accepted`);
        await waitFor(() => seen.total('s') === taken, 'the accepted records delivered', 30_000);
        const rest = await curl(dir, url, ndjson('s', taken, 50_000));
        assert.ok(rest.status === 200 || rest.status === 503, JSON.stringify(rest));
        assert.equal(rest.status === 200, rest.body.accepted === 50_000 - taken);
        taken += rest.body.accepted ?? 0;
      }
      await waitFor(() => seen.total('s') >= 50_000, 'every record delivered', 30_000);
      await bus.flush();
      assert.ok(
        seen.times('s', 50_000).every((k) => k === 1),
        'every record once',
      );
    } finally {
      await server.close();
      await bus.close();
    }
  });
});
