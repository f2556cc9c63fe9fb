import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';
import { screenHas, startTmux } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-view-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('logstream view on paths that are not plain files', () => {
  it('reads a FIFO to its end and keeps showing what was read when the writer closes it', async () => {
    const fifo = join(dir, 'logs.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${fifo}; echo EXIT=$?; sleep 600`, {
      cols: 120,
      rows: 30,
    });
    try {
      // A real writer: it opens the FIFO, writes two lines and closes it.
      const writer = spawn(
        'sh',
        ['-c', `printf 'ERROR first line from the fifo\\nWARN second line from the fifo\\n' > '${fifo}'`],
        { stdio: 'ignore' },
      );
      const wrote = await new Promise<number | null>((resolve) => writer.on('exit', resolve));
      assert.equal(wrote, 0);
      await term.waitFor(
        (l) => screenHas(l, 'first line from the fifo') && screenHas(l, 'second line from the fifo'),
        15_000,
        'the lines written to the FIFO',
      );
      // Well after the writer closed, the view is still open, with no error.
      await new Promise((r) => setTimeout(r, 1500));
      const lines = await term.screen();
      assert.ok(!screenHas(lines, 'EXIT='), lines.join('\n'));
      assert.ok(!screenHas(lines, /ESPIPE|error:/), lines.join('\n'));
      assert.ok(screenHas(lines, 'second line from the fifo'));
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'a clean exit on q');
    } finally {
      await term.kill();
    }
  });

  it('quits at once on q while the FIFO has no writer yet, or one that writes nothing', async () => {
    const fifo = join(dir, 'quiet.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const how of ['view', 'stdin'] as const) {
      const writer =
        how === 'stdin'
          ? spawn('sh', ['-c', 'exec 3>"$0"; printf "ERROR only line\\n" >&3; exec sleep 60', fifo], {
              stdio: 'ignore',
            })
          : undefined;
      const command = how === 'view' ? `${CLI} view ${fifo}` : `${CLI} < ${fifo}`;
      const term = await startTmux(`TZ=UTC ${process.execPath} ${command}; echo EXIT=$?; sleep 600`, {
        cols: 120,
        rows: 30,
      });
      try {
        await term.waitFor(
          (l) => screenHas(l, how === 'view' ? 'waiting for logs' : 'only line'),
          15_000,
          `the view of the FIFO (${how})`,
        );
        await term.keys('q');
        await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, `a clean exit on q (${how})`);
      } finally {
        writer?.kill();
        await term.kill();
      }
    }
  });

  it('refuses a directory with a line naming it and exit code 2', async () => {
    const logs = join(dir, 'a-directory');
    mkdirSync(logs);
    const r = await runCli(['view', logs]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `logstream: error: cannot view ${logs}: it is a directory`);
  });

  it('refuses a missing file with a line naming it and exit code 2', async () => {
    const present = join(dir, 'present.log');
    writeFileSync(present, 'hello\n');
    const missing = join(dir, 'missing.log');
    const r = await runCli(['view', present, missing]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `logstream: error: cannot view ${missing}: no such file or directory`);
  });

  it(
    'refuses a file it may not read with a line naming it and exit code 2',
    { skip: process.getuid?.() === 0 ? 'root reads every file' : false },
    async () => {
      const secret = join(dir, 'secret.log');
      writeFileSync(secret, 'hidden\n');
      chmodSync(secret, 0o000);
      const r = await runCli(['view', secret]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim(), `logstream: error: cannot view ${secret}: permission denied`);
    },
  );
});

describe('logstream ship on paths it cannot read', () => {
  it('refuses a directory, and a missing file unless it is to wait for it', async () => {
    const logs = join(dir, 'ship-directory');
    mkdirSync(logs);
    let r = await runCli(['ship', '--stdout', logs]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `logstream: error: cannot ship ${logs}: it is a directory`);
    const missing = join(dir, 'not-yet.log');
    r = await runCli(['ship', '--stdout', '--no-follow', missing]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `logstream: error: cannot ship ${missing}: no such file or directory`);
  });
});
