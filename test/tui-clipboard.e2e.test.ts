import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const run = promisify(execFile);
const MESSAGE = 'payment 42 declined by the bank';

describe('copying with c inside tmux', () => {
  let dir: string;
  let file: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'logstream-clip-'));
    file = join(dir, 'app.log');
    writeFileSync(file, `ERROR ${MESSAGE}\n`);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The TUI in tmux, started once tmux has the given clipboard settings. */
  async function open(
    setClipboard: string,
    allowPassthrough: string,
  ): Promise<{ term: TmuxSession; buffers: () => Promise<string> }> {
    const setup = `tmux set -s set-clipboard ${setClipboard}; tmux set -g allow-passthrough ${allowPassthrough}`;
    const term = await startTmux(
      `${setup}; TZ=UTC XDG_CONFIG_HOME=${dir} ${process.execPath} ${CLI} view ${file}; echo EXIT=$?; sleep 600`,
      { cols: 160, rows: 24 },
    );
    const socket = await term.display('#{socket_path}');
    const buffers = async (): Promise<string> =>
      (await run('tmux', ['-S', socket, 'list-buffers', '-F', '#{buffer_sample}'])).stdout;
    await term.waitFor((l) => screenHas(l, MESSAGE), 15_000, 'the log');
    await term.keys('j');
    await term.waitFor((l) => screenHas(l, 'paused'), 5000, 'the selection');
    return { term, buffers };
  }

  it("puts the message in tmux's paste buffer with plain OSC 52 when tmux has set-clipboard on", async () => {
    const { term, buffers } = await open('on', 'off');
    try {
      await term.keys('c');
      await term.waitFor(
        (l) => screenHas(l, `copied ${MESSAGE.length} characters to the clipboard`),
        5000,
        'the copy confirmation',
      );
      const deadline = Date.now() + 5000;
      while (!(await buffers()).includes(MESSAGE) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.match(await buffers(), new RegExp(MESSAGE));
    } finally {
      await term.kill();
    }
  });

  it('says how to let the clipboard through instead of claiming a copy when tmux passes OSC 52 on neither way', async () => {
    const { term, buffers } = await open('external', 'off');
    try {
      await term.keys('c');
      const lines = await term.waitFor((l) => screenHas(l, 'not copied'), 5000, 'the notice');
      assert.ok(screenHas(lines, 'set -g set-clipboard on'), lines.join('\n'));
      assert.ok(!screenHas(lines, /copied \d+ characters/), lines.join('\n'));
      assert.equal(await buffers(), '');
    } finally {
      await term.kill();
    }
  });
});
