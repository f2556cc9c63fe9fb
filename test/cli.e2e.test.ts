import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli, startCli } from './helpers/cli.js';
import { freePort } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the logstream command line', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('has --help on every command', async () => {
    for (const cmd of ['demo', 'send', 'analyze', 'tui']) {
      const r = await runCli([cmd, '--help']);
      assert.equal(r.code, 0, `${cmd} --help`);
      assert.match(r.stdout, new RegExp(`Usage: logstream ${cmd}`));
    }
    const top = await runCli(['--help']);
    assert.match(top.stdout, /demo/);
    assert.match(top.stdout, /analyze/);
  });

  it('rejects a bad option value with a one-line error and exit code 2', async () => {
    const r = await runCli(['send', '--rate', 'fast']);
    assert.equal(r.code, 2);
    const first = r.stderr.split('\n')[0] ?? '';
    assert.match(first, /--rate.*number of logs per second from 0\.001 to 1000000, got "fast"/);
  });

  it('rejects an unknown option', async () => {
    const r = await runCli(['analyze', '--bogus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });

  it('rejects a bad Redis URL with one line that hides the password', async () => {
    const r = await runCli(['send', '--redis', 'http://user:hunter2@example:6379']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /hunter2/);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('keeps retrying and says so when Redis is unreachable, then stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = startCli(['analyze', '--redis', `redis://127.0.0.1:${port}`]);
    await waitFor(() => p.stderr().includes('retrying'), 'a retry message', 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(p.child.exitCode, null, 'still running');
    p.child.kill('SIGTERM');
    const code = await p.exited;
    assert.equal(code, 143);
  });

  it('stops a sender whose Redis is unreachable on SIGINT within the bus close timeout, with its summary', async () => {
    const port = await freePort();
    const p = startCli(['send', '--redis', `redis://127.0.0.1:${port}`, '--rate', '200']);
    await waitFor(() => p.stderr().includes('retrying'), 'a retry message', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const at = Date.now();
    p.child.kill('SIGINT');
    assert.equal(await p.exited, 130);
    assert.ok(Date.now() - at < 4_000, `took ${Date.now() - at} ms`);
    const summary = /sent (\d+) logs .*, (\d+) dropped while Redis was unreachable/.exec(p.stderr());
    assert.ok(summary !== null, p.stderr());
    assert.equal(summary[1], summary[2], 'everything sent was queued, then dropped');
  });
});
