import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-typeahead-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Lines 1..12, newest last; lines 3, 6, 9 and 12 say `failed`. */
function writeLog(): string {
  const path = join(dir, 'requests.log');
  let text = '';
  for (let i = 1; i <= 12; i++) {
    const time = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    text += `${JSON.stringify({ time, level: 'info', service: 'api', msg: `request line-${i} ${i % 3 === 0 ? 'failed' : 'ok'}` })}\n`;
  }
  writeFileSync(path, text);
  return path;
}

/** The line number of the selected row (drawn in reverse video), if a row is selected. */
async function selectedLine(term: TmuxSession): Promise<number | undefined> {
  const row = (await term.capture(true)).split('\n').find((l) => l.includes('\x1b[7m'));
  const m = /line-(\d+)/.exec(row ?? '');
  return m === null ? undefined : Number(m[1]);
}

async function waitForSelected(term: TmuxSession, line: number, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last: number | undefined;
  while (Date.now() < deadline) {
    last = await selectedLine(term);
    if (last === line) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: the selection is on line ${String(last)}, not ${line}`);
}

/**
 * Sends keys while the TUI process is stopped: it reads them in one go when it resumes, so its
 * engine thread cannot answer one key before the next is read, however fast the machine.
 */
async function burst(term: TmuxSession, ...keys: string[]): Promise<void> {
  const shell = await term.display('#{pane_pid}');
  const pid = Number(execFileSync('pgrep', ['-P', shell]).toString().trim().split('\n')[0]);
  process.kill(pid, 'SIGSTOP');
  try {
    await term.keys(...keys);
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

// After Esc, a key within the escape timeout would read as Alt+key.
const pastEscape = (): Promise<void> => new Promise((r) => setTimeout(r, 300));

describe('keys typed before the engine answers, in a real terminal', () => {
  it('act in the order typed: n Enter opens the next match, n n n lands on the third', async () => {
    const term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${writeLog()}; echo EXIT=$?; sleep 600`, {
      cols: 140,
      rows: 30,
    });
    try {
      await term.waitFor((l) => screenHas(l, 'request line-12 failed'), 10_000, 'the log');
      await term.keys('/');
      await term.type('failed');
      await term.keys('Enter');
      await waitForSelected(term, 12, 'the first match after the search');

      await burst(term, 'n', 'Enter');
      const lines = await term.waitFor(
        (l) => screenHas(l, 'Log detail') && screenHas(l, /request line-\d+/),
        10_000,
        'the detail, loaded',
      );
      assert.ok(screenHas(lines, 'request line-9 failed'), `the second match opened:\n${lines.join('\n')}`);
      assert.ok(!screenHas(lines, 'request line-12'), lines.join('\n'));

      await term.keys('Escape');
      await term.waitFor((l) => !screenHas(l, 'Log detail'), 5000, 'the detail closed');
      await pastEscape();
      await term.keys('Escape');
      await term.waitFor((l) => screenHas(l, '· following'), 5000, 'no selection, following');
      await pastEscape();

      await burst(term, 'n', 'n', 'n');
      await waitForSelected(term, 6, 'n n n from the newest log');

      await term.keys('q');
      const end = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 10_000, 'the TUI to exit');
      assert.ok(screenHas(end, 'EXIT=0'), end.join('\n'));
    } finally {
      await term.kill();
    }
  });
});
