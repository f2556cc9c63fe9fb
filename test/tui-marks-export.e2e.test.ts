import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The message of a list row as the screen shows it (after the time, level and service columns). */
const rowMessage = (line: string): string =>
  line
    .replace(/^[▌│]\S+ \S+\s+\S+\s+/, '')
    .replace(/│.*$/, '')
    .trim();

/** The messages of the list rows whose left border shows the mark. */
function markedMessages(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith('▌')).map(rowMessage);
}

// SGR with 7 (reverse video) among its parameters.
const REVERSE = /\x1b\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m/;

/** The message of the selected row (drawn in reverse video), once the screen shows one. */
async function selectedMessage(term: TmuxSession): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = (await term.capture(true)).split('\n').find((l) => REVERSE.test(l));
    if (row !== undefined) return rowMessage(row.replace(/\x1b\[[0-9;]*m/g, ''));
    await pause(100);
  }
  throw new Error('no selected row on screen');
}

describe('marks and export in a real terminal', () => {
  let dir: string;
  let term: TmuxSession;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logstream-marks-'));
    term = await startTmux(
      `cd ${dir} && TZ=UTC XDG_CONFIG_HOME=${dir} ${process.execPath} ${CLI} demo --rate 50 --seed 11; echo EXIT=$?; sleep 600`,
      { cols: 160, rows: 40 },
    );
    await term.waitFor(
      (l) => screenHas(l, 'Filter (i)') && /\d+ shown/.test(l.join('\n')) && !screenHas(l, ' 0 shown'),
      20_000,
      'the demo running',
    );
  });

  after(async () => {
    await term.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks two logs, jumps between them, keeps them through a filter, and exports the shown logs', async () => {
    await term.keys('p');
    await term.waitFor((l) => screenHas(l, 'paused'), 10_000, 'paused');
    await term.keys('j', 'm', 'j', 'j', 'j', 'm');
    let lines = await term.waitFor((l) => markedMessages(l).length === 2, 10_000, 'two marks in the gutter');
    const [newer, older] = markedMessages(lines) as [string, string];

    // The selection is on the older mark: ] finds none further down, [ goes back up.
    await term.keys(']');
    await term.waitFor((l) => screenHas(l, 'no more marks'), 10_000, 'no mark below');
    assert.equal(await selectedMessage(term), older);
    await term.keys('[');
    await pause(300);
    assert.equal(await selectedMessage(term), newer);

    // A filter that hides both: the jumps skip them; clearing it shows them again.
    await term.keys('i');
    await term.type('no-log-says-this-xyzzy');
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, 'no log matches the filter'), 10_000, 'everything hidden');
    await term.keys(']');
    await term.waitFor((l) => screenHas(l, 'no more marks'), 10_000, 'hidden marks skipped');
    await term.keys('i', 'C-u', 'Enter');
    lines = await term.waitFor((l) => markedMessages(l).length === 2, 10_000, 'the marks back');
    assert.deepEqual(markedMessages(lines), [newer, older]);

    // Export the shown logs to a relative name: the notice's count is the file's lines.
    await term.keys('e');
    await term.waitFor((l) => screenHas(l, 'Export the shown logs'), 10_000, 'the export prompt');
    await term.type('out.jsonl');
    await term.keys('Enter');
    lines = await term.waitFor((l) => screenHas(l, /wrote [\d,]+ logs to /), 15_000, 'the export notice');
    const count = Number(/wrote ([\d,]+) logs to/.exec(lines.join('\n'))?.[1]?.replace(/,/g, ''));
    assert.ok(screenHas(lines, join(dir, 'out.jsonl')), 'the notice names the file');
    const written = readFileSync(join(dir, 'out.jsonl'), 'utf8').split('\n').slice(0, -1);
    assert.ok(count > 0);
    assert.equal(written.length, count);
    const first = JSON.parse(written[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).slice(0, 4), ['time', 'level', 'service', 'message']);

    // An existing file is kept unless the name ends with !.
    await pause(300);
    await term.keys('e');
    await term.type('out.jsonl');
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, 'exists (end the name with ! to overwrite it)'), 15_000, 'the refusal');
    await term.keys('e');
    await term.type('out.jsonl!');
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, /wrote [\d,]+ logs to /), 15_000, 'the overwrite');
  });

  it('shows a failed export as an error and keeps running', async () => {
    await term.keys('e');
    await term.type(join(dir, 'out.jsonl', 'below-a-file.csv'));
    await term.keys('Enter');
    await term.waitFor(
      (l) => screenHas(l, `export failed: ENOTDIR: ${join(dir, 'out.jsonl', 'below-a-file.csv')}`),
      15_000,
      'the error notice',
    );
    await term.keys('G');
    await term.waitFor((l) => screenHas(l, 'following'), 10_000, 'following again');
    await term.keys('q');
    const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 10_000, 'the exit');
    assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
  });
});
