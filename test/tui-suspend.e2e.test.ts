import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

// tmux trims the space after it in captures.
const PROMPT = 'shell>';

describe('Ctrl-Z and fg in an interactive shell (tmux)', () => {
  let dir: string;
  let file: string;
  let term: TmuxSession;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logstream-suspend-'));
    file = join(dir, 'app.log');
    writeFileSync(file, 'INFO drawn before the suspension\n');
    // An interactive shell with job control, as a user has.
    term = await startTmux(`env PS1='${PROMPT} ' bash --norc --noprofile`, { cols: 120, rows: 24 });
    await term.waitFor((l) => screenHas(l, PROMPT), 10_000, 'the shell prompt');
  });

  after(async () => {
    await term.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startTui(): Promise<void> {
    await term.type(`clear; TZ=UTC XDG_CONFIG_HOME=${dir} ${process.execPath} ${CLI} view ${file}`);
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, 'drawn before the suspension'), 15_000, 'the TUI');
  }

  async function expectShell(): Promise<void> {
    await term.waitFor(
      (l) => screenHas(l, /Stopped/) && l.filter((x) => x.startsWith(PROMPT)).length > 0,
      10_000,
      'the shell back with the job stopped',
    );
    assert.equal(await term.display('#{alternate_on} #{cursor_flag} #{mouse_standard_flag}'), '0 1 0');
    await term.type('echo shell-is-usable');
    await term.keys('Enter');
    await term.waitFor((l) => l.some((x) => x === 'shell-is-usable'), 5000, 'a command run at the prompt');
  }

  async function resume(): Promise<void> {
    await term.type('fg');
    await term.keys('Enter');
    await term.waitFor(
      (l) => screenHas(l, 'drawn before the suspension') && screenHas(l, 'Filter'),
      10_000,
      'the TUI redrawn after fg',
    );
    assert.equal(await term.display('#{alternate_on} #{cursor_flag}'), '1 0');
  }

  // The exit status is asked for afterwards: a command after the TUI on the same line would
  // run as soon as the TUI stopped.
  async function quit(): Promise<void> {
    await term.keys('q');
    await term.waitFor((l) => l.some((x) => x === PROMPT), 10_000, 'the prompt after q');
    await term.type('s=$?; clear; echo EXIT=$s');
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, /^EXIT=\d+$/), 5000, 'the exit status');
    assert.ok(screenHas(await term.screen(), /^EXIT=0$/), (await term.screen()).join('\n'));
  }

  it('gives the terminal back to the shell on Ctrl-Z, redraws on fg, and still quits with q', async () => {
    await startTui();
    await term.keys('C-z');
    await expectShell();
    await resume();
    // Raw mode is back: q quits without Enter.
    await quit();
  });

  it('does the same on SIGTSTP sent by another process (kill -TSTP)', async () => {
    await startTui();
    const shellPid = await term.display('#{pane_pid}');
    const tuiPid = Number(execFileSync('pgrep', ['-P', shellPid], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(tuiPid, 'SIGTSTP');
    await expectShell();
    await resume();
    await quit();
  });
});
