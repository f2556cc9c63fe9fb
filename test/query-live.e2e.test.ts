import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli, startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

/*
 * `logstream query --redis URL` against a real redis-server, fed by `logstream send`: a filter
 * prints matching logs as they arrive, a pipeline reprints its table, --since loads the past
 * of a stream, Ctrl-C ends with 0, and a reader that goes away (`| head`) ends it quietly.
 */

const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) \S+ /;

async function interrupt(p: CliProcess): Promise<number> {
  p.child.kill('SIGINT');
  return p.exited;
}

describe('logstream query --redis', { timeout: 120_000 }, () => {
  let redis: RedisServerHandle;
  const dir = mkdtempSync(join(tmpdir(), 'logstream-query-live-'));

  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the logs matching a filter as they arrive, until Ctrl-C ends it with 0', async () => {
    const query = startCli(['query', '--redis', redis.url, '--logs-channel', 'live.filter', 'level:error']);
    const sender = startCli(['send', '--redis', redis.url, '--logs-channel', 'live.filter', '--rate', '300']);
    try {
      await waitFor(() => query.stdout().split('\n').length > 3, 'three errors printed', 30_000);
    } finally {
      await interrupt(sender);
    }
    assert.equal(await interrupt(query), 0, query.stderr());
    const lines = query.stdout().trimEnd().split('\n');
    for (const line of lines) assert.match(line, LINE);
    assert.ok(
      lines.every((l) => l.includes(' ERROR ')),
      lines.join('\n'),
    );
    assert.match(query.stderr(), /logstream query: connected to redis:\/\/127\.0\.0\.1:\d+/);
  });

  it('reprints the table of a pipeline as JSON rows marked by update, from the past of a stream with --since', async () => {
    const sent = await runCli([
      'send',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--logs-channel',
      'live.past',
      '--count',
      '300',
      '--rate',
      '3000',
    ]);
    assert.equal(sent.code, 0, sent.stderr);
    const query = startCli([
      'query',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--logs-channel',
      'live.past',
      '--since',
      '10m',
      '--json',
      '| stats count by level | sort level',
    ]);
    const rows = (): { _update: number; level: string; count: number }[] =>
      query
        .stdout()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { _update: number; level: string; count: number });
    const total = (n: number): number =>
      rows()
        .filter((r) => r._update === n)
        .reduce((s, r) => s + r.count, 0);
    await waitFor(() => rows().some((r) => total(r._update) === 300), 'a table of the 300 logs of the stream', 30_000);
    assert.equal(await interrupt(query), 0, query.stderr());
    const all = rows();
    assert.ok(all.every((r) => Number.isInteger(r._update) && r._update >= 1 && typeof r.level === 'string'));
    const last = Math.max(...all.map((r) => r._update));
    const levels = all.filter((r) => r._update === last).map((r) => r.level);
    assert.deepEqual(levels, [...levels].sort(), 'sorted by level, one row per level');
    assert.equal(total(last), 300);
  });

  it('prints the text table under an update line', async () => {
    const query = startCli(['query', '--redis', redis.url, '--logs-channel', 'live.table', '| stats count by service']);
    const sender = startCli(['send', '--redis', redis.url, '--logs-channel', 'live.table', '--rate', '200']);
    try {
      await waitFor(() => /-- update 2 · /.test(query.stdout()), 'two updates', 30_000);
    } finally {
      await interrupt(sender);
    }
    assert.equal(await interrupt(query), 0, query.stderr());
    const blocks = query.stdout().trimEnd().split('\n\n');
    for (const block of blocks) {
      const [head, columns] = block.split('\n');
      assert.match(head ?? '', /^-- update \d+ · \d{4}-\d\d-\d\dT[\d:.]+Z · [\d,]+ logs matched --$/);
      assert.match(columns ?? '', /^service\s+count$/);
    }
  });

  it('ends with 0 when its reader goes away, and when head has what it asked for', async () => {
    const sender = startCli(['send', '--redis', redis.url, '--logs-channel', 'live.pipe', '--rate', '200']);
    try {
      const piped = spawn(
        'sh',
        ['-c', `"${process.execPath}" "${CLI}" query --redis ${redis.url} --logs-channel live.pipe '*' | head -2`],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      piped.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number>((resolve) => piped.on('exit', (c) => resolve(c ?? -1)));
      assert.equal(code, 0);
      assert.equal(out.trimEnd().split('\n').length, 2, out);
      const head = await runCli(['query', '--redis', redis.url, '--logs-channel', 'live.pipe', '| head 3']);
      assert.equal(head.code, 0, head.stderr);
      assert.equal(head.stdout.trimEnd().split('\n').length, 3, head.stdout);
    } finally {
      await interrupt(sender);
    }
  });

  it('refuses files with --redis, and stream options without it (--since filters files too)', async () => {
    const file = join(dir, 'a.log');
    writeFileSync(file, 'one\n');
    const withFile = await runCli(['query', '--redis', redis.url, 'x', file]);
    assert.equal(withFile.code, 2);
    assert.match(withFile.stderr, /--redis queries the live stream: give no files/);
    const backfill = await runCli(['query', '--backfill', '5', 'x', file]);
    assert.equal(backfill.code, 2);
    assert.match(backfill.stderr, /--backfill goes with --redis URL/);
    const pubsubBackfill = await runCli(['query', '--redis', redis.url, '--backfill', '5', 'x']);
    assert.equal(pubsubBackfill.code, 2);
    assert.match(pubsubBackfill.stderr, /--backfill needs --transport streams/);
  });

  it('reads a bare * as every log, on files too', async () => {
    const file = join(dir, 'b.log');
    writeFileSync(file, 'first line\nsecond line\n');
    const r = await runCli(['query', '*', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length, 2, r.stdout);
  });
});
