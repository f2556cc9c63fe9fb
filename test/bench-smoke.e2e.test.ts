import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const RUNNER = fileURLToPath(new URL('../bench/run.js', import.meta.url));

// Keeps the bench from rotting: it must run and write its results file. No timing is asserted.
describe('the benchmark runner in quick mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-bench-smoke-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the baselines and one-second sender runs and writes JSON with their results', async () => {
    const out = join(dir, 'results.json');
    const child = spawn(
      process.execPath,
      [RUNNER, '--quick', '--seconds', '1', '--only', 'baselines,sender', '--out', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, output);
    assert.match(output, /== Baselines/);
    assert.match(output, /== Sender/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      meta: Record<string, unknown>;
      scenarios: Record<string, Record<string, unknown>>;
      errors: Record<string, string>;
    };
    assert.deepEqual(results.errors, {});
    assert.equal(results.meta.quick, true);
    assert.ok(Array.isArray(results.meta.loadavgBefore));
    for (const key of ['redisBenchmarkPublishPerSec', 'jsonParsePerCpuSec', 'lnav'])
      assert.ok(key in (results.scenarios.baselines ?? {}), `baselines.${key}`);
    for (const key of ['offeredRate', 'publish', 'usage', 'threads', 'oneThread'])
      assert.ok(key in (results.scenarios.sender ?? {}), `sender.${key}`);
  });
});
