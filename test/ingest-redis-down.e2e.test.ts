import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeMulti, encode } from '@msgpack/msgpack';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

/** NDJSON of `n` small records. */
function records(n: number, tag: string): string {
  let body = '';
  for (let i = 0; i < n; i++) body += `{"message":"${tag} ${i}"}\n`;
  return body;
}

describe('logstream ingest --http while Redis is unreachable', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let cli: CliProcess;
  let url: string;
  const messages: string[] = [];

  const post = async (body: string): Promise<{ status: number; retryAfter: string | null; body: string }> => {
    const res = await fetch(url, { method: 'POST', body });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
  };

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'ingest-down-e2e' });
    await bus.subscribe('logs.ingest', (p) => messages.push((JSON.parse(p.toString()) as { message: string }).message));
    cli = startCli([
      'ingest',
      '--http',
      '127.0.0.1:0',
      '--max-body-bytes',
      String(8 * 1024 * 1024),
      '--redis',
      redis.url,
    ]);
    await waitFor(() => /http listening on 127\.0\.0\.1:\d+/.test(cli.stderr()), 'the http server listening', 10_000);
    url = `http://127.0.0.1:${/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]}/`;
  });

  after(async () => {
    cli.child.kill('SIGKILL');
    await cli.exited;
    await bus.close();
    await redis.stop();
  });

  it(
    'queues what fits, answers 503 with Retry-After for what is lost, and never holds a request until Redis returns',
    { timeout: 60_000 },
    async () => {
      assert.equal((await post(records(1, 'before'))).status, 200);
      await waitFor(() => messages.includes('before 0'), 'the first record delivered', 5_000);

      await redis.kill();
      await waitFor(() => cli.stderr().includes('cannot reach'), 'ingest noticing Redis is gone', 10_000);
      // The bus queues up to 100,000 logs while Redis is away: these fit, and are answered at once.
      const queued = await post(records(60_000, 'queued'));
      assert.equal(queued.status, 200, queued.body);
      // These do not all fit: the client is told to send them again.
      const lost = await post(records(60_000, 'lost'));
      assert.equal(lost.status, 503, lost.body);
      assert.equal(lost.retryAfter, '5');
      assert.match(
        lost.body,
        /Redis is unreachable and the queue is full: 20000 of 60000 records were not accepted; retry later/,
      );
      assert.equal((JSON.parse(lost.body) as { accepted: number }).accepted, 40_000);

      await redis.restart();
      await waitFor(
        () => /connected to/.test(cli.stderr().split('\n').slice(-3).join('\n')),
        'ingest reconnected',
        15_000,
      );
      await waitFor(() => bus.status().state === 'ready', 'the test subscriber reconnected', 15_000);
      const again = await post(records(1, 'after'));
      assert.equal(again.status, 200, again.body);
      await waitFor(() => messages.includes('after 0'), 'a record sent after Redis returned delivered', 10_000);

      cli.child.kill('SIGTERM');
      await cli.exited;
      // Only the record the queue had no room for was dropped; the ones after it were not offered.
      assert.match(
        cli.stderr(),
        /http: 120002 records in 4 requests \(1 refused\); dropped 1 \(Redis unreachable and the queue full\)/,
      );
    },
  );
});

describe('logstream ingest --forward while Redis is unreachable', () => {
  let redis: RedisServerHandle;
  let cli: CliProcess;
  let socket: Socket;
  const acks: string[] = [];

  /** A PackedForward message of `n` events, asking for an ack of `chunk`. */
  const packed = (n: number, chunk: string): Buffer => {
    const entries: Buffer[] = [];
    for (let i = 0; i < n; i++) entries.push(Buffer.from(encode([1795863600, { message: `${chunk} ${i}` }])));
    return Buffer.from(encode(['app', Buffer.concat(entries), { chunk, size: n }]));
  };

  before(async () => {
    redis = await startRedisServer();
    cli = startCli(['ingest', '--forward', '127.0.0.1:0', '--redis', redis.url]);
    await waitFor(
      () => /connected to/.test(cli.stderr()) && /listening on 127\.0\.0\.1:\d+/.test(cli.stderr()),
      'the forward server listening',
      10_000,
    );
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]);
    socket = connect(port, '127.0.0.1');
    socket.on('data', (d: Buffer) => {
      for (const m of decodeMulti(d)) acks.push(String((m as { ack?: unknown }).ack));
    });
    await new Promise((resolve) => socket.once('connect', resolve));
  });

  after(async () => {
    socket.destroy();
    cli.child.kill('SIGKILL');
    await cli.exited;
    await redis.stop();
  });

  it(
    'does not acknowledge a chunk some of whose events were lost, stops publishing it at the first, and acknowledges the next',
    { timeout: 60_000 },
    async () => {
      socket.write(packed(10, 'c1'));
      await waitFor(() => acks.includes('c1'), 'the ack of a chunk published while Redis is up', 5_000);

      await redis.kill();
      await waitFor(() => cli.stderr().includes('cannot reach'), 'ingest noticing Redis is gone', 10_000);
      // 120,000 events against a queue of 100,000: c2 cannot be published whole, so it is not
      // acknowledged, and its publishing stops at the first event that did not fit (the client
      // sends c2 again: its rest would arrive twice).
      socket.write(packed(120_000, 'c2'));
      await waitFor(() => /a log was dropped/.test(cli.stderr()), 'ingest refusing c2', 15_000);
      await redis.restart();
      await waitFor(() => (cli.stderr().match(/connected to/g) ?? []).length >= 2, 'ingest reconnected', 15_000);
      socket.write(packed(5, 'c3'));
      await waitFor(() => acks.includes('c3'), 'the ack of the next chunk', 10_000);
      assert.deepEqual(acks, ['c1', 'c3']);

      cli.child.kill('SIGTERM');
      await cli.exited;
      assert.match(cli.stderr(), /1 chunks not acknowledged/);
      // The one event that did not fit (c1's events may have been in flight when Redis died).
      const dropped = Number(/dropped (\d+) \(Redis unreachable and the queue full\)/.exec(cli.stderr())?.[1]);
      assert.ok(dropped >= 1 && dropped <= 11, cli.stderr());
    },
  );
});
