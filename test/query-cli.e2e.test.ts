import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-query-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const app = join(dir, 'app.log');
writeFileSync(
  app,
  [
    '{"time":"2026-12-05T10:00:00Z","level":"error","service":"api-gateway","message":"connection reset by peer","latency_ms":1200,"http":{"status":500},"user":{"id":42}}',
    '{"time":"2026-12-05T10:00:01Z","level":"info","service":"api-gateway","message":"GET /users ok","latency_ms":12,"http":{"status":200},"user":{"id":7}}',
    '{"time":"2026-12-05T10:00:31Z","level":"warn","service":"auth","message":"slow token check","latency_ms":900,"http":{"status":429}}',
    '{"time":"2026-12-05T10:01:10Z","level":"error","service":"auth","message":"token store timeout","latency_ms":3000,"http.status":503}',
    'time=2026-12-05T10:01:20Z level=info service=billing msg="invoice sent" latency_ms=40 customer=acme',
    '2026-12-05 10:01:30,123 ERROR Payment failed',
    'java.lang.IllegalStateException: card declined',
    '\tat com.acme.Pay.charge(Pay.java:42)',
    '',
  ].join('\n'),
);

/** Runs `logstream query ...args` with a file as its stdin. */
async function withStdin(file: string, args: string[]): Promise<{ code: number; stdout: string }> {
  const fd = openSync(file, 'r');
  const child = spawn(process.execPath, [CLI, 'query', ...args], { stdio: [fd, 'pipe', 'pipe'] });
  closeSync(fd);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
  return { code, stdout: out };
}

describe('logstream query', () => {
  it('prints the matching logs as readable lines, stack traces joined, and exits 0', async () => {
    const r = await runCli(['query', 'level:error', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        '2026-12-05T10:00:00.000Z ERROR api-gateway connection reset by peer',
        '2026-12-05T10:01:10.000Z ERROR auth token store timeout',
        '2026-12-05T10:01:30.123Z ERROR app Payment failed',
        'java.lang.IllegalStateException: card declined',
        '\tat com.acme.Pay.charge(Pay.java:42)',
        '',
      ].join('\n'),
    );
  });

  it('prints normalised JSON with --json, nested and dotted fields alike', async () => {
    const r = await runCli(['query', '--json', 'http.status>=500', app]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((o) => [o.time, o.service, o.latency_ms]),
      [
        ['2026-12-05T10:00:00.000Z', 'api-gateway', 1200],
        ['2026-12-05T10:01:10.000Z', 'auth', 3000],
      ],
    );
    assert.deepEqual(rows[0]!.user, { id: 42 });
  });

  it('prints a pipeline result as an aligned table, or one JSON object per row', async () => {
    const text = await runCli([
      'query',
      'level:warn+ | stats count, max(latency_ms) as slowest by service | sort -count',
      app,
    ]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(
      text.stdout,
      [
        'service      count  slowest',
        'auth             2     3000',
        'api-gateway      1     1200',
        'app              1',
        '',
      ].join('\n'),
    );
    const json = await runCli(['query', '--json', '--with-pattern', '| top 2 level', app]);
    assert.deepEqual(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
      [
        { level: 'error', count: 3 },
        { level: 'info', count: 2 },
      ],
    );
    const chart = await runCli(['query', '--json', '| timechart span=1m count()', app]);
    assert.deepEqual(
      chart.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
      [
        { time: '2026-12-05T10:00:00.000Z', count: 3 },
        { time: '2026-12-05T10:01:00.000Z', count: 3 },
      ],
    );
  });

  it('exits 1 when nothing matches, 2 with the column on a bad query or an unreadable file', async () => {
    const none = await runCli(['query', 'customer:globex', app]);
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    const bad = await runCli(['query', 'level:error | stats count by', app]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'logstream query: col 29: expected a field name after "by"\n');
    const missing = await runCli(['query', 'x', join(dir, 'missing.log')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot query .*missing\.log/);
  });

  it('reads stdin when no file or "-" is given, and an empty query matches every log', async () => {
    const all = await withStdin(app, ['']);
    assert.equal(all.code, 0);
    assert.equal(all.stdout.trim().split('\n').length, 8);
    const dash = await withStdin(app, ['--json', 'customer:ACME', '-']);
    assert.equal(dash.code, 0);
    assert.equal((JSON.parse(dash.stdout) as { service: string }).service, 'billing');
    const head = await withStdin(app, ['| head 2']);
    assert.equal(head.stdout.trim().split('\n').length, 2);
  });

  it('reads several files one after the other, in the order given', async () => {
    const first = join(dir, 'first.log');
    const second = join(dir, 'second.log');
    writeFileSync(
      first,
      Array.from({ length: 3000 }, (_, i) => `{"level":"info","service":"first","message":"a${i}"}`).join('\n'),
    );
    writeFileSync(
      second,
      Array.from({ length: 3000 }, (_, i) => `{"level":"info","service":"second","message":"b${i}"}`).join('\n'),
    );
    const r = await runCli(['query', '--json', '', second, first]);
    const services = r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { service: string }).service);
    assert.equal(services.length, 6000);
    assert.equal(services.indexOf('first'), 3000);
    assert.equal(services.lastIndexOf('second'), 2999);
  });

  it('stops quietly when the reader of its output goes away', async () => {
    const many = join(dir, 'many.log');
    writeFileSync(
      many,
      Array.from({ length: 50_000 }, (_, i) => `{"level":"info","service":"s","message":"line ${i}"}`).join('\n'),
    );
    const child = spawn(process.execPath, [CLI, 'query', '', many], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0, err);
    assert.equal(err, '');
  });
});

describe('logstream query and log patterns', () => {
  const users = join(dir, 'users.log');
  writeFileSync(
    users,
    [
      ...[12, 99, 7, 3001].map(
        (id, i) =>
          `{"time":"2026-12-05T10:00:0${i}Z","level":"info","service":"auth","message":"user ${id} logged in from 10.0.0.${i + 1}"}`,
      ),
      '{"time":"2026-12-05T10:00:09Z","level":"error","service":"disk","message":"disk /dev/sda1 full"}',
      '',
    ].join('\n'),
  );

  it('groups messages into patterns, most frequent first, with their first and last times', async () => {
    const r = await runCli(['query', '--json', '| patterns', users]);
    assert.equal(r.code, 0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((row) => [row.pattern, row.count, row.first_seen, row.last_seen]),
      [
        ['user <*> logged in from <*>', 4, '2026-12-05T10:00:00.000Z', '2026-12-05T10:00:03.000Z'],
        ['disk <*> full', 1, '2026-12-05T10:00:09.000Z', '2026-12-05T10:00:09.000Z'],
      ],
    );
  });

  it('adds pattern_id and pattern to each printed log with --with-pattern', async () => {
    const r = await runCli(['query', '--json', '--with-pattern', '', users]);
    assert.equal(r.code, 0);
    const logs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(logs.length, 5);
    assert.equal(new Set(logs.slice(0, 4).map((l) => l.pattern_id)).size, 1, 'the four logins share one pattern');
    assert.notEqual(logs[4]?.pattern_id, logs[0]?.pattern_id);
    assert.equal(logs[0]?.pattern, 'user <*> logged in from <*>');
  });
});
