import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';
import { screenHas, startTmux } from './helpers/tmux.js';

/** A command's --help text with its wrapping undone. */
async function help(command: string): Promise<string> {
  const r = await runCli([command, '--help']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

describe('command-line options that would do nothing are not offered', () => {
  for (const command of ['demo', 'view']) {
    it(`${command} uses no Redis, so it takes no channel names`, async () => {
      const text = await help(command);
      assert.doesNotMatch(text, /--logs-channel|--stats-channel/);
      const r = await runCli([command, '--stats-channel', 'x']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown option '--stats-channel'/);
    });
  }

  for (const command of ['ship', 'ingest', 'send']) {
    it(`${command} publishes no statistics, so it takes no statistics channel`, async () => {
      const text = await help(command);
      assert.match(text, /--logs-channel/);
      assert.doesNotMatch(text, /--stats-channel/);
      const r = await runCli([command, '--stats-channel', 'x']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown option '--stats-channel'/);
    });
  }

  it('query offers only options it uses: no --retention, and each Redis option is refused without --redis', async () => {
    const text = await help('query');
    assert.doesNotMatch(text, /--retention|--stats-channel/);
    const r = await runCli(['query', '--retention', '100', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--retention'/);
    // Every other option either works on files and stdin or says that it needs --redis (the config
    // file options are every command's: its redis is the default of --redis).
    const forFiles = new Set([
      '--config',
      '--ignore-config-errors',
      '--json',
      '--with-pattern',
      '--until',
      '--since',
      '--max-line-bytes',
      '--help',
      '--redis',
    ]);
    const values: Record<string, string> = { '--transport': 'streams', '--shards': '2', '--backfill': '10' };
    const listed = (await runCli(['query', '--help'])).stdout.match(/^ {2}--[a-z][a-z-]+/gm) ?? [];
    const options = listed.map((o) => o.trim()).filter((o) => !forFiles.has(o));
    assert.ok(options.length >= 9, options.join(' '));
    for (const option of options) {
      const takesValue = new RegExp(`${option} <`).test(text);
      const args = takesValue ? [option, values[option] ?? 'logs'] : [option];
      const q = await runCli(['query', ...args, 'x', '/dev/null']);
      assert.equal(q.code, 2, `${option}: ${q.stderr}`);
      assert.match(q.stderr, new RegExp(`${option} goes with --redis URL`), option);
    }
  });

  it('ship states the line limit it applies when none is given', async () => {
    assert.match(await help('ship'), /--max-line-bytes <n> [^-]*\(default: 262144\)/);
  });

  it('view says that its filter is a full query, as in the other TUI commands', async () => {
    const text = await help('view');
    assert.match(text, /--filter <query> start with this filter \(regex and field terms\)/);
    assert.doesNotMatch(text, /<regex>/);
  });
});

describe('logstream view --order and --no-mouse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-view-options-'));
  const file = join(dir, 'app.log');
  writeFileSync(file, 'level=info msg="alpha first"\nlevel=info msg="bravo second"\nlevel=info msg="charlie third"\n');
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The rows of the first and the last log on the screen of `view FILE ...args`, and whether mouse reporting is on. */
  async function viewScreen(args: string[]): Promise<{ first: number; last: number; mouse: string }> {
    const term = await startTmux(`${process.execPath} ${CLI} view ${file} ${args.join(' ')}`, { cols: 100, rows: 24 });
    try {
      const lines = await term.waitFor(
        (l) => screenHas(l, 'alpha first') && screenHas(l, 'charlie third'),
        15_000,
        'the three logs',
      );
      const mouse = await term.display('#{mouse_standard_flag}#{mouse_sgr_flag}');
      await term.keys('q');
      return {
        first: lines.findIndex((l) => l.includes('alpha first')),
        last: lines.findIndex((l) => l.includes('charlie third')),
        mouse,
      };
    } finally {
      await term.kill();
    }
  }

  it('shows the newest log on top with the mouse on by default', async () => {
    const s = await viewScreen([]);
    assert.ok(s.last < s.first, `newest on row ${s.last}, oldest on row ${s.first}`);
    assert.equal(s.mouse, '11');
  });

  it('puts the newest log at the bottom with --order oldest-first and leaves the mouse alone with --no-mouse', async () => {
    const s = await viewScreen(['--order', 'oldest-first', '--no-mouse']);
    assert.ok(s.first < s.last, `oldest on row ${s.first}, newest on row ${s.last}`);
    assert.equal(s.mouse, '00');
  });
});
