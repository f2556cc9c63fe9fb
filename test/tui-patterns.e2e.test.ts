import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { templateTest } from '../src/query/eval/template-match.js';
import { screenHas } from './helpers/tmux.js';
import { listColumn, quitTui, startTui } from './helpers/tui-run.js';

/*
 * The patterns view in the real TUI: `logstream demo` in tmux, P opens the view over the
 * buffer, its rows show counts, shares and times; s changes the sort; Enter on a row filters
 * the list with `pattern:ID` to logs of that template; Esc goes back with the filter unchanged.
 * Then the same view over every line of a file (`view FILE`).
 */

// `│new  1,234  12.3% ▁▂… 11:00:00 11:00:05 1a  template…│`
const ROW = /│(new)?\s+([\d,]+)\s+([\d.]+)%\s.*?\d\d:\d\d:\d\d (\d\d:\d\d:\d\d) ([0-9a-z]+)\s+(.*?)\s*│$/;
const LOG = /^│\d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+\S+\s+(.*?)\s*│/;

function patternRows(lines: string[]): { id: string; template: string; count: number }[] {
  return lines.flatMap((l) => {
    const m = ROW.exec(l);
    return m === null ? [] : [{ id: m[5]!, template: m[6]!, count: Number(m[2]!.replaceAll(',', '')) }];
  });
}

const listMessages = (lines: string[]): string[] => listColumn(lines, LOG, 2);

describe('the patterns view in the TUI', () => {
  it('opens with P, lists patterns, sorts with s, filters the list with Enter and closes with Esc', async () => {
    const term = await startTui('demo --rate 100 --seed patterns-e2e');
    try {
      await term.waitFor((l) => screenHas(l, 'Filter (i)') && screenHas(l, /[1-9][\d,]* logs/), 20_000, 'the demo');
      await term.keys('P');
      let lines = await term.waitFor(
        (l) => screenHas(l, 'Patterns · s sort: count') && patternRows(l).length >= 3,
        20_000,
        'the patterns view with rows',
      );
      assert.ok(screenHas(lines, /count\s+share\s+trend \(5 min\)\s+first\s+last\s+id\s+template/), lines.join('\n'));
      assert.ok(screenHas(lines, /pattern 1 of [\d,]+ · [\d,]+ logs mined \(the buffer at/), lines.join('\n'));
      const counts = patternRows(lines).map((r) => r.count);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => b - a),
        'most frequent first',
      );
      // The demo has been running for seconds only: every pattern is new.
      assert.ok(
        lines.some((l) => ROW.exec(l)?.[1] === 'new'),
        lines.join('\n'),
      );

      await term.keys('s');
      await term.waitFor((l) => screenHas(l, 'Patterns · s sort: last seen'), 10_000, 'the sort by last seen');
      await term.keys('s', 's', 's');
      lines = await term.waitFor((l) => screenHas(l, 'Patterns · s sort: count'), 10_000, 'the sort by count again');

      // A row whose template starts with a word: the miner files a message under its first word,
      // so every log of the pattern starts with it (the rest may differ in optional values).
      const row = patternRows(lines).find((r) => /^[^\s<*…]+ /.test(r.template));
      assert.ok(row !== undefined, lines.join('\n'));
      const index = patternRows(lines).indexOf(row);
      for (let i = 0; i < index; i++) await term.keys('j');
      await term.keys('Enter');
      // The filter box shows the term at once; the list follows when the engine has re-filtered.
      const first = row.template.split(' ')[0]!;
      const fits = (message: string): boolean => message.split(/\s+/)[0] === first;
      const whole = listMessages;
      lines = await term.waitFor(
        (l) =>
          screenHas(l, `pattern:${row.id}`) &&
          screenHas(l, /[1-9][\d,]* of [\d,]+ match/) &&
          whole(l).length > 0 &&
          whole(l).every(fits),
        15_000,
        `the list of pattern ${row.id} (${row.template})`,
      );
      for (const message of whole(lines)) assert.ok(fits(message), `${message} is not of ${row.template}`);
      assert.ok(
        listMessages(lines).some((m) => templateTest(row.template)(m)),
        `some log fits ${row.template} exactly`,
      );

      await term.keys('P');
      await term.waitFor((l) => screenHas(l, 'Patterns · s sort: count'), 10_000, 'the view again');
      await term.keys('Escape');
      lines = await term.waitFor((l) => !screenHas(l, 'Patterns · s sort') && screenHas(l, 'Logs'), 10_000, 'the list');
      assert.ok(screenHas(lines, `pattern:${row.id}`), 'Esc leaves the filter as it was');
      await quitTui(term);
    } finally {
      await term.kill();
    }
  });

  it('lists the patterns of every line of a file on P, and Enter shows the lines of one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logstream-patterns-e2e-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'app.log');
    const shapes = [
      { count: 300, message: (i: number) => `user u${i} logged in from 10.0.0.${i % 250}` },
      { count: 200, message: (i: number) => `disk sd${i % 7} is ${i % 100}% full` },
      { count: 100, message: (i: number) => `request ${i} took ${i % 90} ms` },
    ];
    const lines: string[] = [];
    for (const shape of shapes)
      for (let i = 0; i < shape.count; i++) lines.push(JSON.stringify({ level: 'info', msg: shape.message(i) }));
    // Shuffled the same way every run, so that no pattern is all at one end of the file.
    lines.sort((a, b) => hash(a) - hash(b) || a.localeCompare(b));
    writeFileSync(path, lines.join('\n') + '\n');
    const term = await startTui(`view ${path}`);
    try {
      await term.waitFor((l) => screenHas(l, '600 logs'), 20_000, 'the file');
      await term.keys('P');
      let lines = await term.waitFor(
        (l) => screenHas(l, /pattern 1 of 3 · 600 logs mined/) && patternRows(l).length === 3,
        20_000,
        'the patterns of the whole file',
      );
      assert.deepEqual(
        patternRows(lines).map((r) => [r.count, r.template.split(' ')[0]]),
        [
          [300, 'user'],
          [200, 'disk'],
          [100, 'request'],
        ],
        lines.join('\n'),
      );
      const disk = patternRows(lines)[1]!;
      await term.keys('j');
      await term.keys('Enter');
      lines = await term.waitFor(
        (l) => screenHas(l, `pattern:${disk.id}`) && screenHas(l, /200 of 600 match/),
        15_000,
        `the lines of pattern ${disk.id}`,
      );
      const shown = listMessages(lines);
      assert.ok(shown.length > 0 && shown.every((m) => m.startsWith('disk sd')), lines.join('\n'));
      await quitTui(term);
    } finally {
      await term.kill();
    }
  });
});

/** A stable hash of a line, to shuffle lines reproducibly. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
