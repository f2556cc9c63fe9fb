import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-cli-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the command line refuses input it cannot honour', () => {
  it('refuses a buffer larger than the collector holds, with exit code 2 and the largest allowed', async () => {
    for (const cmd of ['view', 'tui', 'demo']) {
      const r = await runCli([cmd, '--buffer', '99999999999']);
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /--buffer.*from 1 to 10000000, got "99999999999"/, cmd);
      assert.doesNotMatch(r.stderr, /typed array/i);
    }
  });

  it('refuses such a buffer in the config file too, naming the line', async () => {
    const config = join(dir, 'big-buffer.toml');
    writeFileSync(config, '[defaults]\nbuffer = 99999999999\n');
    const r = await runCli(['--config', config, 'tui']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /big-buffer\.toml:2: defaults\.buffer: expected at most 10000000 logs/);
  });

  it('refuses out-of-range numbers for every numeric option, saying the range', async () => {
    const cases: [string[], RegExp][] = [
      [['demo', '--rate', '1e-300'], /--rate.*from 0\.001 to 1000000/],
      [['send', '--count', '-5'], /--count.*from 1 to 1000000000000/],
      [['send', '--threads', '0'], /--threads.*from 1 to 64/],
      [['analyze', '--lateness-ms', '99999999999'], /--lateness-ms.*from 0 to 60000/],
      [['analyze', '--top-errors', 'NaN'], /--top-errors.*from 1 to 1000/],
      [['ship', '--max-line-bytes', '1.5'], /--max-line-bytes.*whole number/],
      [['ingest', '--http', '--max-body-bytes', 'Infinity'], /--max-body-bytes.*from 1 to 1073741824/],
      [['ingest', '--http', '99999'], /--http.*PORT/],
    ];
    for (const [args, expected] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, expected, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
