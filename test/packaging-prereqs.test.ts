import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the test prerequisites check', () => {
  // A PATH with node and tmux only: every other program the tests use is missing.
  const bin = mkdtempSync(join(tmpdir(), 'logstream-prereqs-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  const tmux = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim();
  if (tmux !== '') symlinkSync(tmux, join(bin, 'tmux'));
  after(() => rmSync(bin, { recursive: true, force: true }));
  const run = (script: string, ...args: string[]): { status: number | null; stderr: string; stdout: string } =>
    spawnSync(join(bin, 'node'), [join(ROOT, script), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
    });

  it('names each missing program with its Debian package and the apt-get line, and exits 2', () => {
    const r = run('scripts/check-prereqs.mjs');
    assert.equal(r.status, 2, r.stderr);
    for (const [program, pkg] of [
      ['redis-server', 'redis-server'],
      ['redis-benchmark', 'redis-tools'],
      ['curl', 'curl'],
      ['openssl', 'openssl'],
      ['pgrep', 'procps'],
    ]) {
      assert.match(r.stderr, new RegExp(`^ +${program} +\\(${pkg}\\): `, 'm'), program);
    }
    if (tmux !== '') assert.doesNotMatch(r.stderr, /^ +tmux /m, 'tmux is there');
    assert.match(r.stderr, /apt-get install -y redis-server redis-tools (tmux )?curl openssl procps$/m);
    assert.match(r.stderr, /\.ci\/run/);
  });

  it('stops the full test run before any test starts', () => {
    const r = run('scripts/run-tests.mjs');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /npm test needs programs that are not installed/);
    assert.doesNotMatch(r.stdout, /^# tests/m);
  });

  it('passes on this machine, which has everything', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/check-prereqs.mjs')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
