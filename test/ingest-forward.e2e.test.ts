import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { FluentClient } from '@fluent-org/logger';
import { decodeMulti, encode } from '@msgpack/msgpack';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);
// Debian's python3-fluent-logger lives in the system interpreter's dist-packages.
const PYTHON = '/usr/bin/python3';

type Wire = Record<string, unknown>;

async function startIngest(
  redisUrl: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<{ cli: CliProcess; port: number }> {
  const cli = startCli(['ingest', '--forward', '127.0.0.1:0', '--redis', redisUrl, ...extraArgs], env);
  await waitFor(() => /listening on 127\.0\.0\.1:(\d+)/.test(cli.stderr()), 'the forward server listening', 10_000);
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]);
  // Until then a chunk is acknowledged once queued, as while Redis is unreachable: the tests
  // here are about a connected ingest.
  await waitFor(() => /connected to /.test(cli.stderr()), 'ingest connected to Redis', 10_000);
  return { cli, port };
}

describe('logstream ingest --forward with real Fluentd clients', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  const logs: Wire[] = [];
  let ingest: { cli: CliProcess; port: number };
  const received = (pred: (w: Wire) => boolean): Wire | undefined => logs.find(pred);

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'forward-e2e' });
    await bus.subscribe('logs.ingest', (p) => logs.push(JSON.parse(p.toString()) as Wire));
    ingest = await startIngest(redis.url);
  });

  after(async () => {
    ingest.cli.child.kill('SIGTERM');
    await ingest.cli.exited;
    await bus.close();
    await redis.stop();
  });

  for (const eventMode of ['Message', 'Forward', 'PackedForward', 'CompressedPackedForward'] as const) {
    it(`takes @fluent-org/logger events in ${eventMode} mode, with acknowledgements`, async () => {
      const client = new FluentClient('app.web', {
        eventMode,
        socket: { host: '127.0.0.1', port: ingest.port },
        ack: {},
        milliseconds: true,
      });
      await client.emit('', { level: 'error', service: 'checkout', message: `boom in ${eventMode}`, order: 42 });
      await client.emit('', { log: `plain line in ${eventMode}` });
      await client.shutdown();
      await waitFor(
        () => received((w) => w.message === `plain line in ${eventMode}`) !== undefined,
        'both events',
        5000,
      );
      const first = received((w) => w.message === `boom in ${eventMode}`);
      assert.equal(first?.level, 'ERROR');
      assert.equal(first?.service, 'checkout');
      assert.equal(first?.order, 42);
      // Without a service of its own a record is named after its tag.
      assert.equal(received((w) => w.message === `plain line in ${eventMode}`)?.service, 'app.web');
    });
  }

  it('maps Docker fluentd-driver records to service, stream and message, merging a JSON log line', async () => {
    const client = new FluentClient('docker.abc', {
      eventMode: 'Message',
      socket: { host: '127.0.0.1', port: ingest.port },
      ack: {},
    });
    await client.emit('', {
      container_id: 'abc123',
      container_name: '/shop-api',
      source: 'stderr',
      log: '{"level":"warn","msg":"slow upstream","latency_ms":812}',
    });
    await client.emit('', {
      container_id: 'abc123',
      container_name: '/shop-web',
      source: 'stdout',
      log: '10.0.0.9 - - [28/Nov/2026:11:00:00 +0000] "GET /cart HTTP/1.1" 503 12 "-" "curl/8"',
    });
    await client.shutdown();
    await waitFor(() => received((w) => w.service === 'shop-web') !== undefined, 'the Docker records', 5000);
    const api = received((w) => w.message === 'slow upstream');
    assert.deepEqual(
      [api?.service, api?.level, api?.stream, api?.latency_ms, api?.container_id],
      ['shop-api', 'WARN', 'stderr', 812, 'abc123'],
    );
    const web = received((w) => w.service === 'shop-web');
    assert.deepEqual([web?.level, web?.status, web?.timestamp], ['ERROR', 503, '2026-11-28T11:00:00.000000']);
  });

  it('joins a stack trace that Docker sent one line per message, without acks, back into one log', async () => {
    // Docker's fluentd driver asks for no ack unless told to (fluentd-request-ack).
    const client = new FluentClient('docker.java', {
      eventMode: 'Message',
      socket: { host: '127.0.0.1', port: ingest.port },
    });
    const trace = [
      '2026-11-28 11:00:00 ERROR checkout failed',
      'java.lang.IllegalStateException: cart is empty',
      '\tat com.shop.Cart.checkout(Cart.java:42)',
      '\tat com.shop.Main.main(Main.java:7)',
    ];
    for (const line of trace)
      await client.emit('', { container_id: 'j1', container_name: '/shop-java', source: 'stderr', log: `${line}\n` });
    await client.emit('', {
      container_id: 'j1',
      container_name: '/shop-java',
      source: 'stderr',
      log: '2026-11-28 11:00:01 INFO next order\n',
    });
    await client.shutdown();
    await waitFor(() => received((w) => w.message === 'next order') !== undefined, 'the line after the trace', 5000);
    const joined = logs.filter((w) => w.service === 'shop-java');
    assert.deepEqual(
      joined.map((w) => [w.level, w.message]),
      [
        ['ERROR', trace.join('\n').replace(/^\S+ \S+ ERROR /, '')],
        ['INFO', 'next order'],
      ],
    );
  });

  it('takes events from Debian python3-fluent-logger (Message mode, integer and nanosecond times)', async () => {
    const script = `
import sys
from fluent import sender
for ns in (False, True):
    s = sender.FluentSender('py', host='127.0.0.1', port=int(sys.argv[1]), nanosecond_precision=ns)
    assert s.emit_with_time('worker', 1795863600, {'levelname': 'ERROR', 'message': 'python ns=%s' % ns, 'logger': 'jobs'}), s.last_error
    s.close()
`;
    await run(PYTHON, ['-c', script, String(ingest.port)]);
    await waitFor(() => received((w) => w.message === 'python ns=True') !== undefined, 'the python events', 5000);
    for (const ns of ['False', 'True']) {
      const w = received((x) => x.message === `python ns=${ns}`);
      assert.deepEqual([w?.level, w?.service, w?.timestamp], ['ERROR', 'jobs', '2026-11-28T11:00:00.000000']);
    }
  });

  it('joins a Python traceback that Debian python3-fluent-logger sent one line per message', async () => {
    const script = `
import sys, traceback
from fluent import sender
s = sender.FluentSender('docker.py', host='127.0.0.1', port=int(sys.argv[1]))
def line(text):
    assert s.emit(None, {'container_name': '/py-worker', 'source': 'stderr', 'log': text + '\\n'}), s.last_error
line('2026-11-28 11:00:00,123 ERROR job failed')
try:
    int('x')
except ValueError:
    for text in traceback.format_exc().rstrip('\\n').split('\\n'):
        line(text)
line('2026-11-28 11:00:01,000 INFO next job')
s.close()
`;
    await run(PYTHON, ['-c', script, String(ingest.port)]);
    await waitFor(() => received((w) => w.message === 'next job') !== undefined, 'the line after the traceback', 5000);
    const py = logs.filter((w) => w.service === 'py-worker');
    assert.deepEqual(
      py.map((w) => w.level),
      ['ERROR', 'INFO'],
    );
    assert.match(
      String(py[0]?.message),
      /^job failed\nTraceback \(most recent call last\):\n {2}File "<string>", line \d+, in <module>\nValueError: invalid literal for int\(\) with base 10: 'x'$/,
    );
  });

  it('drops a message cut off by a disconnect, counts it, and keeps serving', async () => {
    const whole = Buffer.from(encode(['cut', 1795863600, { message: 'before the cut' }]));
    const partial = Buffer.from(encode(['cut', 1795863600, { message: 'never arrives whole' }])).subarray(0, 20);
    await new Promise<void>((resolve, reject) => {
      const s = connect(ingest.port, '127.0.0.1', () => {
        s.write(Buffer.concat([whole, partial]), () => s.destroy());
      });
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    await waitFor(() => received((w) => w.message === 'before the cut') !== undefined, 'the whole message', 5000);
    const client = new FluentClient('after', {
      eventMode: 'Message',
      socket: { host: '127.0.0.1', port: ingest.port },
    });
    await client.emit('', { message: 'after the cut' });
    await client.shutdown();
    await waitFor(() => received((w) => w.message === 'after the cut') !== undefined, 'a later client served', 5000);
    assert.equal(
      received((w) => w.message === 'never arrives whole'),
      undefined,
    );
  });

  it('closes a connection that sends bytes that are not the forward protocol', async () => {
    await new Promise<void>((resolve) => {
      const s = connect(ingest.port, '127.0.0.1', () => s.write('GET / HTTP/1.1\r\n\r\n'));
      s.on('close', () => resolve());
      s.on('error', () => undefined);
    });
    await waitFor(() => /forward: closed/.test(ingest.cli.stderr()), 'the protocol error reported', 5000);
  });
});

describe('logstream ingest --forward acknowledges a chunk once the logs joined from it are published', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  const logs: Wire[] = [];

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'forward-ack-join-e2e' });
    await bus.subscribe('logs.ingest', (p) => logs.push(JSON.parse(p.toString()) as Wire));
  });

  after(async () => {
    await bus.close();
    await redis.stop();
  });

  it('joins a chunk’s trace lines and loses none of them when ingest is killed right after the ack', async () => {
    const ingest = await startIngest(redis.url);
    const client = new FluentClient('app.java', {
      eventMode: 'PackedForward',
      socket: { host: '127.0.0.1', port: ingest.port },
      ack: {},
    });
    const trace = [
      '2026-11-28 11:00:00 ERROR payment failed',
      'java.lang.IllegalStateException: card declined',
      '\tat com.shop.Pay.charge(Pay.java:17)',
      '\tat com.shop.Main.main(Main.java:7)',
    ];
    // Emitted in one tick: one chunk, whose last lines would be held for joining.
    await Promise.all(
      trace.map((line) => client.emit('', { container_name: '/acked', source: 'stderr', log: `${line}\n` })),
    );
    ingest.cli.child.kill('SIGKILL');
    await ingest.cli.exited;
    // The client would try to reconnect to the dead server for a while: not waited for.
    void client.shutdown().catch(() => undefined);
    await waitFor(() => logs.some((w) => w.service === 'acked'), 'the joined trace', 5000);
    assert.deepEqual(
      logs.filter((w) => w.service === 'acked').map((w) => [w.level, w.message]),
      [['ERROR', trace.join('\n').replace(/^\S+ \S+ ERROR /, '')]],
    );
  });
});

describe('logstream ingest --forward with a shared key', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  const logs: Wire[] = [];
  let ingest: { cli: CliProcess; port: number };

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'forward-key-e2e' });
    await bus.subscribe('logs.ingest', (p) => logs.push(JSON.parse(p.toString()) as Wire));
    ingest = await startIngest(redis.url, [], { LOGSTREAM_FORWARD_SHARED_KEY: 'correct horse' });
  });

  after(async () => {
    ingest.cli.child.kill('SIGTERM');
    await ingest.cli.exited;
    await bus.close();
    await redis.stop();
  });

  it('accepts a client that knows the key', async () => {
    const client = new FluentClient('secure', {
      eventMode: 'PackedForward',
      socket: { host: '127.0.0.1', port: ingest.port },
      ack: {},
      security: { clientHostname: 'test-client', sharedKey: 'correct horse' },
    });
    await client.emit('', { message: 'authenticated' });
    await client.shutdown();
    await waitFor(() => logs.some((w) => w.message === 'authenticated'), 'the authenticated event', 5000);
  });

  it('refuses a client with a bad shared key (PONG false), closes it and publishes nothing from it', async () => {
    const replies: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const s = connect(ingest.port, '127.0.0.1');
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        try {
          for (const v of decodeMulti(buf)) replies.push(v);
          buf = Buffer.alloc(0);
        } catch {
          return; // incomplete: wait for more
        }
        if (replies.length === 1) {
          // A PING made with the wrong key, exactly as a misconfigured Fluent Bit would send it.
          const helo = replies[0] as [string, { nonce: Uint8Array }];
          const digest = createHash('sha512')
            .update('salt')
            .update('intruder')
            .update(helo[1].nonce)
            .update('wrong key')
            .digest('hex');
          s.write(encode(['PING', 'intruder', 'salt', digest, '', '']));
          s.write(encode(['secure', 1795863600, { message: 'should not pass' }]));
        }
      });
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    assert.equal((replies[0] as unknown[])[0], 'HELO');
    const pong = replies[1] as unknown[];
    assert.deepEqual(pong.slice(0, 3), ['PONG', false, 'shared_key mismatch']);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!logs.some((w) => w.message === 'should not pass'));
    // The summary ingest prints on its way out counts the failed handshake.
    ingest.cli.child.kill('SIGTERM');
    assert.equal(await ingest.cli.exited, 143);
    assert.match(ingest.cli.stderr(), /1 failed handshakes/);
  });
});

describe('logstream ingest --forward under a real client sending more than the bus queue holds', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let count = 0;
  let ingest: { cli: CliProcess; port: number };

  before(async () => {
    // The test's own subscriber must not be cut off while the logs go past.
    redis = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
    bus = openBus({ url: redis.url, name: 'forward-bulk-e2e' });
    await bus.subscribe('logs.ingest', () => count++);
    ingest = await startIngest(redis.url);
  });

  after(async () => {
    ingest.cli.child.kill('SIGTERM');
    await ingest.cli.exited;
    await bus.close();
    await redis.stop();
  });

  it(
    'delivers all 150,000 events that @fluent-org/logger sends as acknowledged CompressedPackedForward chunks',
    { timeout: 240_000 },
    async () => {
      const n = 150_000;
      // The client starts each chunk's ack timer when it queues the chunk, not when the server reads it:
      // all 150,000 events are queued at once, so on a loaded machine the last acks come late, not never.
      // They go out as one chunk, acknowledged once Redis replied to all of them: seconds on a loaded
      // machine or a cluster. The client's socket `timeout` (3 s by default) ends a connection that long
      // silent and then takes no ack on it, so it must outlast that wait.
      const client = new FluentClient('bulk', {
        eventMode: 'CompressedPackedForward',
        socket: { host: '127.0.0.1', port: ingest.port, timeout: 120_000 },
        ack: { ackTimeout: 180_000 },
        flushInterval: 50,
        milliseconds: true,
      });
      const sent: Array<Promise<void>> = [];
      for (let i = 0; i < n; i++) sent.push(client.emit('', { message: `bulk ${i}`, level: 'info' }));
      await Promise.all(sent);
      await client.shutdown();
      await waitFor(() => count >= n, `all ${n} events`, 30_000);
      assert.equal(count, n);
      ingest.cli.child.kill('SIGTERM');
      await ingest.cli.exited;
      assert.match(ingest.cli.stderr(), /0 chunks not acknowledged/);
    },
  );
});
