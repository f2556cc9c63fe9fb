import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const COLS = 180;
const ROWS = 24;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Characters whose width the terminal (tmux with the system's wcwidth) and a Unicode library
// disagree about, or that the terminal drops: a line separator, unassigned code points
// (U+D7FF, U+0378), Hangul vowel and final jamo on their own, an emoji newer than the system's
// tables, an emoji with a skin-tone modifier (two cells each in tmux), a flag, a ZWJ sequence.
const DOUBTFUL = [
  'x\u2028y',
  'x\ud7ff}',
  'a\u0378b',
  'x\ud7b0y\u11a8z',
  'e\u{1fae8}f',
  '\u{1f44d}\u{1f3fb}g',
  '\u{1f1ef}\u{1f1f5}h',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}i',
  'j\ufdd0k',
];

/** The rows of the log list (left panel), without the clock and statistics around them. */
function listRows(lines: string[]): string[] {
  const top = lines.findIndex((l) => l.includes('Logs ·'));
  const out: string[] = [];
  for (let i = top + 1; i < lines.length && !(lines[i] ?? '').startsWith('└'); i++) {
    const line = lines[i] ?? '';
    out.push(line.slice(0, line.indexOf('│', 1) + 1));
  }
  return out;
}

describe('cell widths in a real terminal (tmux)', () => {
  let dir: string;
  let file: string;
  let term: TmuxSession;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'logstream-width-'));
    file = join(dir, 'app.log');
    writeFileSync(file, '');
    term = await startTmux(
      `TZ=UTC XDG_CONFIG_HOME=${dir} ${process.execPath} ${CLI} view ${file}; echo EXIT=$?; sleep 600`,
      { cols: COLS, rows: ROWS },
    );
    await term.waitFor((l) => screenHas(l, 'waiting for logs'), 15_000, 'the TUI started');
  });

  after(async () => {
    await term.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no stale cells when logs with doubtful characters scroll by, as a full redraw shows', async () => {
    for (const [i, text] of DOUBTFUL.entries()) {
      appendFileSync(file, `plain ${i} ${text} ${DOUBTFUL.join(' ')} tail\n`);
      await pause(120);
    }
    for (let i = 0; i < 12; i++) {
      appendFileSync(file, `plain after ${i} abcdefghijklmnopqrstuvwxyz 0123456789 ABCDEFGHIJKLMNOP\n`);
      await pause(120);
    }
    await term.waitFor((l) => screenHas(l, 'plain after 11'), 10_000, 'the last log');
    await pause(500);
    const diffed = listRows(await term.screen());
    // A resize makes the renderer clear the screen and draw everything; back at the same size
    // the list must look exactly as the frame-by-frame updates left it.
    const topBorder = (l: string[]): number => (l[0] ?? '').trimEnd().length;
    await term.resize(COLS - 10, ROWS);
    await term.waitFor((l) => topBorder(l) === COLS - 10, 5000, 'the narrower frame');
    await term.resize(COLS, ROWS);
    await term.waitFor((l) => topBorder(l) === COLS, 5000, 'the full redraw');
    await pause(300);
    const redrawn = listRows(await term.screen());
    assert.deepEqual(diffed, redrawn);
    for (let i = 0; i < 12; i++)
      assert.ok(
        screenHas(diffed, `plain after ${i} abcdefghijklmnopqrstuvwxyz 0123456789 ABCDEFGHIJKLMNOP`),
        diffed.join('\n'),
      );
    assert.ok(screenHas(diffed, 'x\\u{2028}y'), diffed.join('\n'));
  });
});
