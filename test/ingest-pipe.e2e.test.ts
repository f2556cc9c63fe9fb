import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

describe('cat fixture | logstream in a real terminal', () => {
  let term: TmuxSession;
  const dir = mkdtempSync(join(tmpdir(), 'logstream-pipe-'));
  const fixture = join(dir, 'mixed.log');

  before(async () => {
    writeFileSync(
      fixture,
      [
        '2026-11-28 11:00:00,123 ERROR payment declined for order 7',
        'java.lang.IllegalStateException: card expired',
        '\tat com.shop.Pay.charge(Pay.java:42)',
        '{"level":"info","service":"api","msg":"request served"}',
        'level=warn msg="cache miss storm" service=cache',
        '',
      ].join('\n'),
    );
    // Wide enough for the trace after the message with the date in front: the first log's own
    // time and the others' arrival times fall on different days.
    term = await startTmux(`cat ${fixture} | TZ=UTC ${process.execPath} ${CLI}; echo EXIT=$?; sleep 600`, {
      cols: 160,
      rows: 32,
    });
  });

  after(async () => {
    await term.kill();
  });

  it('shows the piped logs, parsed, with the stack trace joined to its line', async () => {
    // The statistics follow once the analyzer's first window closes.
    const lines = await term.waitFor(
      (l) => screenHas(l, 'cache miss storm') && screenHas(l, 'request served') && screenHas(l, /logs 3\b/),
      15_000,
      'the piped logs and their statistics',
    );
    assert.ok(screenHas(lines, /ERROR stdin\s+payment declined for order 7/));
    assert.ok(screenHas(lines, /WARN\s+cache/));
    assert.ok(
      screenHas(lines, /payment declined for order 7⏎java\.lang\.IllegalStateException/),
      'the trace lines are part of the first record',
    );
  });

  it('reacts to keys from the terminal although stdin is the pipe', async () => {
    await term.keys('i');
    await term.type('^WARN');
    await term.keys('Enter');
    await term.waitFor(
      (l) => !screenHas(l, 'request served') && screenHas(l, 'cache miss storm'),
      5000,
      'the filter applied',
    );
    await term.keys('q');
    await term.waitFor((l) => screenHas(l, 'EXIT=0'), 5000, 'a clean exit on q');
  });
});
