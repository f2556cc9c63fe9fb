import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-view-stats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 0, 1, 9);
const LEVELS = ['ERROR', 'INFO', 'WARN', 'INFO', 'ERROR', 'INFO', 'DEBUG', 'INFO', 'ERROR', 'WARN'];

/** The statistics pane's text: the right-hand column of a wide screen. */
const pane = (lines: string[]): string => lines.map((l) => [...l].slice(-38).join('')).join('\n');

describe('the statistics pane of logstream view', () => {
  it('describes the whole file over its own time, and counts appended lines too', async () => {
    const file = join(dir, 'app.log');
    // Ten lines over 90 s of their own time, written long before the view starts.
    writeFileSync(
      file,
      LEVELS.map((level, i) => `${new Date(T0 + i * 10_000).toISOString()} ${level} api event ${i}\n`).join(''),
    );
    const term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${file}; echo EXIT=$?; sleep 600`, {
      cols: 160,
      rows: 40,
    });
    try {
      let lines = await term.waitFor(
        (l) => screenHas(l, /logs 10 +errors 3 \(30\.0%\)/),
        20_000,
        'the counts of the whole file',
      );
      const text = pane(lines);
      assert.match(text, /Statistics · shown logs/, text);
      assert.match(text, /logs\/s over 1m3\ds of their time/, text);
      assert.match(text, /ERROR +3 █/, text);
      assert.match(text, /WARN +2 █/, text);
      assert.match(text, /INFO +4 █/, text);
      assert.match(text, /DEBUG +1 █/, text);
      assert.match(text, /09:00:00 → 09:0\d:\d\d/, text);
      assert.doesNotMatch(text, /waiting for/, text);
      appendFileSync(file, `${new Date(T0 + 100_000).toISOString()} ERROR api event 10\n`);
      lines = await term.waitFor((l) => screenHas(l, /logs 11 +errors 4/), 20_000, 'the appended line counted');
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'a clean exit');
    } finally {
      await term.kill();
    }
  });

  it('says w does not apply there, and its help does not list w', async () => {
    const file = join(dir, 'window.log');
    writeFileSync(file, `${new Date(T0).toISOString()} INFO api event 0\n`);
    const term = await startTmux(`${process.execPath} ${CLI} view ${file}; echo EXIT=$?; sleep 600`, {
      cols: 160,
      rows: 40,
    });
    try {
      await term.waitFor((l) => screenHas(l, /logs 1 +errors 0/), 20_000, 'the file counted');
      await term.keys('w');
      await term.waitFor((l) => screenHas(l, 'w does not apply in view'), 10_000, 'the status message');
      await term.keys('?');
      const help = await term.waitFor((l) => screenHas(l, 'Normal mode'), 10_000, 'the help');
      assert.ok(!screenHas(help, 'statistics window'), help.join('\n'));
      assert.ok(screenHas(help, 'statistics pane'), help.join('\n'));
      await term.keys('Escape');
      await term.waitFor((l) => !screenHas(l, 'Normal mode'), 10_000, 'the help closed');
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'a clean exit');
    } finally {
      await term.kill();
    }
  });
});
