import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);
type Wire = Record<string, unknown>;

describe('logstream ingest --http with curl', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let cli: CliProcess;
  let url: string;
  const logs: Wire[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'logstream-http-'));
  const tokenFile = join(dir, 'token');

  /** curl's status code and body; `-H` etc. go in `args`. */
  async function curl(body: string, args: string[] = []): Promise<{ status: number; body: string }> {
    const file = join(dir, 'body');
    writeFileSync(file, body);
    const auth = args.some((a) => a.startsWith('Authorization:')) ? [] : ['-H', 'Authorization: Bearer s3cret'];
    const { stdout } = await run('curl', [
      '-s',
      '-w',
      '\n%{http_code}',
      ...auth,
      '--data-binary',
      `@${file}`,
      ...args,
      url,
    ]);
    const cut = stdout.lastIndexOf('\n');
    return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
  }

  before(async () => {
    writeFileSync(tokenFile, 's3cret\n');
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'http-e2e' });
    await bus.subscribe('logs.ingest', (p) => logs.push(JSON.parse(p.toString()) as Wire));
    cli = startCli([
      'ingest',
      '--http',
      '127.0.0.1:0',
      '--token-file',
      tokenFile,
      '--max-body-bytes',
      '2000',
      '--redis',
      redis.url,
    ]);
    await waitFor(() => /http listening on 127\.0\.0\.1:\d+/.test(cli.stderr()), 'the http server listening', 10_000);
    url = `http://127.0.0.1:${/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]}/`;
  });

  after(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await bus.close();
    await redis.stop();
  });

  it('accepts one JSON object', async () => {
    const r = await curl('{"level":"error","service":"api","message":"single object"}', [
      '-H',
      'Content-Type: application/json',
    ]);
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 1 }]);
    await waitFor(() => logs.some((w) => w.message === 'single object' && w.level === 'ERROR'), 'the object published');
  });

  it('accepts a JSON array (Fluent Bit format json: `date` as epoch seconds)', async () => {
    const r = await curl(
      '[{"date":1795863600.5,"log":"from fluent bit","kubernetes":{"pod":"p"}},{"msg":"second","level":40}]',
    );
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 2 }]);
    await waitFor(() => logs.some((w) => w.message === 'second'), 'the array published');
    const fb = logs.find((w) => w.message === 'from fluent bit');
    assert.equal(fb?.timestamp, '2026-11-28T11:00:00.500000');
    assert.equal(logs.find((w) => w.message === 'second')?.level, 'WARN');
  });

  it('accepts NDJSON (Fluent Bit json_lines, Vector newline-delimited)', async () => {
    const r = await curl('{"message":"ndjson one"}\n{"message":"ndjson two","service":"vec"}\n');
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 2 }]);
    await waitFor(() => logs.some((w) => w.message === 'ndjson two' && w.service === 'vec'), 'the NDJSON published');
  });

  it('joins a Python traceback sent one line per record (Fluent Bit tail without a multiline parser)', async () => {
    const lines = [
      '2026-11-28 11:00:00,123 ERROR request failed',
      'Traceback (most recent call last):',
      '  File "app.py", line 3, in <module>',
      '    main()',
      'ValueError: bad input',
    ];
    const body = lines.map((log) => JSON.stringify({ log, stream: 'stderr', service: 'pyapp' })).join('\n');
    const r = await curl(body);
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { accepted: 5 }]);
    await waitFor(() => logs.some((w) => w.service === 'pyapp'), 'the joined traceback');
    const py = logs.filter((w) => w.service === 'pyapp');
    assert.equal(py.length, 1);
    assert.equal(py[0]?.level, 'ERROR');
    assert.match(
      String(py[0]?.message),
      /^request failed\nTraceback \(most recent call last\):\n {2}File "app.py", line 3, in <module>\n {4}main\(\)\nValueError: bad input$/,
    );
  });

  it('accepts a gzipped body', async () => {
    const { stdout } = await run('sh', ['-c', `printf '%s' '{"message":"zipped"}' | gzip -c | base64 -w0`]);
    writeFileSync(join(dir, 'gz'), Buffer.from(stdout, 'base64'));
    const { stdout: out } = await run('curl', [
      '-s',
      '-w',
      '%{http_code}',
      '-H',
      'Authorization: Bearer s3cret',
      '-H',
      'Content-Encoding: gzip',
      '--data-binary',
      `@${join(dir, 'gz')}`,
      url,
    ]);
    assert.match(out, /200$/);
    await waitFor(() => logs.some((w) => w.message === 'zipped'), 'the gzipped record');
  });

  it('refuses malformed bodies with 400 and a reason', async () => {
    const broken = await curl('{"message":"ok"}\n{"message": nope}\n');
    assert.equal(broken.status, 400);
    assert.match((JSON.parse(broken.body) as { error: string }).error, /^line 2: invalid JSON/);
    const notObjects = await curl('[1, 2]');
    assert.deepEqual(
      [notObjects.status, (JSON.parse(notObjects.body) as { error: string }).error],
      [400, 'element 0 of the array is not a JSON object'],
    );
    const text = await curl('hello');
    assert.equal(text.status, 400);
    assert.ok(!logs.some((w) => w.message === 'ok'), 'nothing of a refused body is published');
  });

  it('refuses a body over the limit with 413', async () => {
    const r = await curl(JSON.stringify({ message: 'x'.repeat(5000) }));
    assert.equal(r.status, 413);
  });

  it('refuses a missing or wrong bearer token with 401', async () => {
    const { stdout } = await run('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--data-binary',
      '{"message":"no token"}',
      url,
    ]);
    assert.equal(stdout, '401');
    const wrong = await curl('{"message":"wrong token"}', ['-H', 'Authorization: Bearer nope']);
    assert.equal(wrong.status, 401);
    assert.ok(!logs.some((w) => w.message === 'no token' || w.message === 'wrong token'));
  });
});
