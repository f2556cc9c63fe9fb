import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);

/** NDJSON of `n` small records `{"message":"<tag> <i>"}`. */
function ndjson(n: number, tag: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`{"message":"${tag} ${i}"}`);
  return `${lines.join('\n')}\n`;
}

describe('logstream ingest --http delivers whole batches while Redis is healthy', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let cli: CliProcess;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'logstream-http-delivery-'));
  /** How often each message arrived, per tag (the message up to its last space). */
  const seen = new Map<string, Map<number, number>>();
  /** Messages that arrived, per message text. */
  const arrivals = new Map<string, number>();
  const count = (tag: string): number => seen.get(tag)?.size ?? 0;
  const duplicates = (tag: string): number => [...(seen.get(tag)?.values() ?? [])].filter((n) => n > 1).length;

  /** curl's status code and body for a POST of `body` (bytes as given). */
  async function curl(body: string | Buffer, args: string[] = []): Promise<{ status: number; body: string }> {
    const file = join(dir, 'body');
    writeFileSync(file, body);
    const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', '--data-binary', `@${file}`, ...args, url], {
      maxBuffer: 1 << 20,
    });
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
  }

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'http-delivery-e2e' });
    await bus.subscribe('logs.ingest', (p) => {
      const message = String((JSON.parse(p.toString()) as { message: unknown }).message);
      arrivals.set(message, (arrivals.get(message) ?? 0) + 1);
      const cut = message.lastIndexOf(' ');
      const tag = message.slice(0, cut);
      const perTag = seen.get(tag) ?? new Map<number, number>();
      seen.set(tag, perTag);
      const i = Number(message.slice(cut + 1));
      perTag.set(i, (perTag.get(i) ?? 0) + 1);
    });
    cli = startCli(['ingest', '--http', '127.0.0.1:0', '--redis', redis.url]);
    await waitFor(
      () => /connected to/.test(cli.stderr()) && /http listening on 127\.0\.0\.1:\d+/.test(cli.stderr()),
      'the http server listening',
      10_000,
    );
    url = `http://127.0.0.1:${/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]}/`;
  });

  after(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await bus.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'delivers every record of a 200,000-record NDJSON body and answers 200 with that count',
    { timeout: 120_000 },
    async () => {
      const r = await curl(ndjson(200_000, 'bulk'));
      assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 200_000 }], r.body);
      await waitFor(() => count('bulk') === 200_000, 'all 200,000 records on the subscriber', 60_000);
      assert.equal(duplicates('bulk'), 0);
    },
  );

  it(
    'delivers every record of a gzip body of a few KB that inflates to 589,824 records',
    { timeout: 180_000 },
    async () => {
      const body = gzipSync('{"msg":"zipped"}\n'.repeat(589_824));
      assert.ok(body.length < 64 * 1024, `${body.length} bytes gzipped`);
      const r = await curl(body, ['-H', 'Content-Encoding: gzip']);
      assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 589_824 }], r.body);
      await waitFor(() => arrivals.get('zipped') === 589_824, 'all 589,824 records on the subscriber', 120_000);
    },
  );

  it('waits for a paused Redis instead of dropping records', { timeout: 120_000 }, async () => {
    // Redis answers nobody for 3 s while the body is being published: backpressure, not loss.
    await redis.cli('CLIENT', 'PAUSE', '3000', 'ALL');
    const r = await curl(ndjson(150_000, 'paused'));
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 150_000 }], r.body);
    await waitFor(() => count('paused') === 150_000, 'all 150,000 records after the pause', 60_000);
    assert.doesNotMatch(cli.stderr(), /dropped/);
  });

  it('refuses deeply nested JSON with 400 and says why', async () => {
    const depth = 100_000;
    const r = await curl(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    assert.equal(r.status, 400, r.body);
    assert.match((JSON.parse(r.body) as { error: string }).error, /nested deeper than 64 levels/);
    const array = await curl(`[{"message":"fine"},{"a":${'['.repeat(70)}${']'.repeat(70)}}]`);
    assert.equal(array.status, 400, array.body);
    assert.match(
      (JSON.parse(array.body) as { error: string }).error,
      /^element 1 of the array: nested deeper than 64 levels/,
    );
    // 64 levels, the record itself being the first, are fine.
    const deepest = await curl(`{"message":"deep 0","a":${'['.repeat(63)}${']'.repeat(63)}}`);
    assert.deepEqual([deepest.status, JSON.parse(deepest.body)], [200, { accepted: 1 }], deepest.body);
    await waitFor(() => count('deep') === 1, 'the record nested 64 levels deep');
  });
});
