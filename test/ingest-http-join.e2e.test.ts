import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startHttpServer, type HttpServer } from '../src/ingest/http/http-server.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);
type Wire = { message: string; service: string; level: string; stream?: string };

const JAVA = [
  '2026-11-28 11:00:00,001 ERROR [main] com.shop.Checkout - checkout failed',
  'java.lang.IllegalStateException: cart is empty',
  '\tat com.shop.Cart.checkout(Cart.java:42)',
  'Caused by: java.lang.NullPointerException',
  '\t... 2 more',
];
const NODE = [
  'TypeError: Cannot read properties of undefined (reading "id")',
  '    at handler (/srv/app.js:12:5)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
];

/** Fluent Bit's tail input without a multiline parser: one record per line, the line in `log`. */
function record(container: string, log: string): string {
  return JSON.stringify({ log: `${log}\n`, stream: 'stderr', container_name: container });
}

describe('HTTP ingest joins stack traces sent one line per record (curl, real Redis)', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let reader: Bus;
  let server: HttpServer;
  let url: string;
  /** What the server handed to the bus, in order, at the moment it was handed. */
  const handed: Wire[] = [];
  const arrived: Wire[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'logstream-http-join-'));

  async function post(body: string): Promise<{ status: number; body: unknown }> {
    const file = join(dir, 'body');
    writeFileSync(file, body);
    const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', '--data-binary', `@${file}`, url]);
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
  }

  before(async () => {
    redis = await startRedisServer();
    reader = openBus({ url: redis.url, name: 'http-join-reader' });
    await reader.subscribe('logs.ingest', (p) => arrived.push(JSON.parse(p.toString()) as Wire));
    bus = openBus({ url: redis.url, name: 'http-join-ingest' });
    const sink = {
      publish: (wire: string) => {
        handed.push(JSON.parse(wire) as Wire);
        return bus.publish('logs.ingest', wire);
      },
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    };
    server = await startHttpServer({ host: '127.0.0.1', port: 0, sink });
    url = `http://127.0.0.1:${server.address.port}/`;
  });

  after(async () => {
    await server.close();
    await bus.close();
    await reader.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins two containers’ interleaved traces per stream, and has published both when it answers 200', async () => {
    const lines: string[] = [];
    for (let i = 0; i < Math.max(JAVA.length, NODE.length); i++) {
      if (JAVA[i] !== undefined) lines.push(record('/shop-java', JAVA[i] as string));
      if (NODE[i] !== undefined) lines.push(record('/shop-node', NODE[i] as string));
    }
    const r = await post(lines.join('\n'));
    assert.deepEqual([r.status, r.body], [200, { accepted: JAVA.length + NODE.length }]);
    // Nothing of the body waits in the server after its answer.
    const now = handed.filter((w) => w.service === 'shop-java' || w.service === 'shop-node');
    assert.deepEqual(
      now.map((w) => [w.service, w.level, w.message]).sort(),
      [
        ['shop-java', 'ERROR', `checkout failed\n${JAVA.slice(1).join('\n')}`],
        ['shop-node', 'ERROR', NODE.join('\n')],
      ].sort(),
    );
    await waitFor(() => arrived.filter((w) => w.service.startsWith('shop-')).length === 2, 'both traces in Redis');
  });

  it('answers each body only for itself: a trace split across two bodies is two logs, both published', async () => {
    const first = await post([record('/split', JAVA[0] as string), record('/split', JAVA[1] as string)].join('\n'));
    assert.equal(first.status, 200);
    assert.equal(handed.filter((w) => w.service === 'split').length, 1);
    const second = await post(
      JAVA.slice(2)
        .map((l) => record('/split', l))
        .join('\n'),
    );
    assert.equal(second.status, 200);
    assert.deepEqual(
      handed.filter((w) => w.service === 'split').map((w) => w.message),
      [`checkout failed\n${JAVA[1]}`, JAVA.slice(2).join('\n')],
    );
  });

  it('joins a Python traceback that Vector’s docker_logs source sent one line per event in `message`', async () => {
    const lines = [
      '2026-11-28 11:00:00,123 ERROR job failed',
      'Traceback (most recent call last):',
      '  File "/app/job.py", line 3, in <module>',
      "ValueError: invalid literal for int() with base 10: 'x'",
      '2026-11-28 11:00:01,000 INFO next job',
    ];
    const body = lines
      .map((message, i) =>
        JSON.stringify({
          container_id: 'c0ffee',
          container_name: 'py-worker',
          image: 'python:3',
          message,
          source_type: 'docker_logs',
          stream: 'stderr',
          timestamp: `2026-11-28T11:00:0${i}.000000000Z`,
        }),
      )
      .join('\n');
    const r = await post(body);
    assert.deepEqual([r.status, r.body], [200, { accepted: 5 }]);
    assert.deepEqual(
      handed.filter((w) => w.service === 'py-worker').map((w) => [w.level, w.message]),
      [
        ['ERROR', `job failed\n${lines.slice(1, 4).join('\n')}`],
        ['INFO', 'next job'],
      ],
    );
  });
});
