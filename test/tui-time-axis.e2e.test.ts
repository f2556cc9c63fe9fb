import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openBus } from '../src/bus/open-bus.js';
import { CLI } from './helpers/cli.js';
import { startRedisServer } from './helpers/redis-server.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

/*
 * The time axis of the TUI on real files in a real terminal: the histogram pane (H) and its
 * jump to a bar, the jump to a typed time (t), --since/--until on `view`, and the date the
 * list shows when its rows span more than one day; --since on `tui`, live from Redis.
 */

const dir = mkdtempSync(join(tmpdir(), 'logstream-time-axis-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const line = (iso: string, level: string, message: string): string =>
  JSON.stringify({ timestamp: iso, level, service: 'clock', message });

// One log a minute from 10:00 to 10:59 UTC, every tenth an error.
const hour = join(dir, 'hour.log');
writeFileSync(
  hour,
  Array.from({ length: 60 }, (_, m) =>
    line(`2026-12-05T10:${String(m).padStart(2, '0')}:00Z`, m % 10 === 0 ? 'ERROR' : 'INFO', `minute ${m} tick`),
  ).join('\n') + '\n',
);

// Three days, the first log a day before the others.
const days = join(dir, 'days.log');
writeFileSync(
  days,
  [
    line('2026-12-03T23:50:00Z', 'INFO', 'the day before'),
    line('2026-12-04T10:00:00Z', 'WARN', 'second day morning'),
    line('2026-12-04T12:00:00Z', 'ERROR', 'second day noon'),
    line('2026-12-05T09:00:00Z', 'INFO', 'third day'),
  ].join('\n') + '\n',
);

async function view(args: string): Promise<TmuxSession> {
  const term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${args}; echo EXIT=$?; sleep 600`, {
    cols: 120,
    rows: 30,
  });
  await term.waitFor((l) => screenHas(l, / logs│/) || screenHas(l, 'EXIT='), 20_000, 'the logs read');
  return term;
}

async function quit(term: TmuxSession): Promise<void> {
  // Not within the escape timeout of an Esc, which would make the pair Meta-q.
  await new Promise((r) => setTimeout(r, 300));
  await term.keys('q');
  const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 10_000, 'the TUI to exit');
  assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
}

describe('the time axis in a real terminal', () => {
  it('shows a histogram of the file by minute, and Enter on a bar selects its first log', async () => {
    const term = await view(hour);
    try {
      await term.waitFor((l) => screenHas(l, '60 logs'), 20_000, 'the whole file');
      await term.keys('H');
      await term.waitFor(
        (l) => screenHas(l, 'Histogram · 1m a bar') && screenHas(l, '60 logs · 2026-12-05 10:00 to 11:00'),
        15_000,
        'the histogram',
      );
      await term.keys('g');
      for (let i = 0; i < 5; i++) await term.keys('l');
      await term.waitFor((l) => screenHas(l, '10:05 – 10:06: 1 log · 1 info'), 10_000, 'the bar of 10:05 selected');
      await term.keys('Enter');
      // Back in the list, the bar's log selected: Enter opens it.
      await term.waitFor((l) => screenHas(l, /paused/) && !screenHas(l, 'Histogram'), 10_000, 'the list again');
      await term.keys('Enter');
      const lines = await term.waitFor(
        (l) => screenHas(l, 'Log detail') && screenHas(l, / time {5}/),
        10_000,
        'the detail view',
      );
      assert.ok(screenHas(lines, 'minute 5 tick'), lines.join('\n'));
      assert.ok(screenHas(lines, 'time     2026-12-05T10:05:00.000Z'), lines.join('\n'));
      assert.ok(screenHas(lines, 'local    2026-12-05 10:05:00.000 +00:00'), lines.join('\n'));
      await term.keys('Escape');

      // t jumps to a typed time: the first log at or after it.
      await new Promise((r) => setTimeout(r, 300));
      await term.keys('t');
      await term.waitFor((l) => screenHas(l, 'Jump to a time'), 10_000, 'the time prompt');
      await term.type('2026-12-05 10:42:30');
      await term.keys('Enter');
      await new Promise((r) => setTimeout(r, 500));
      await term.keys('Enter');
      const jumped = await term.waitFor(
        (l) => screenHas(l, 'Log detail') && screenHas(l, / time {5}/),
        10_000,
        'the detail view',
      );
      assert.ok(screenHas(jumped, 'minute 43 tick'), jumped.join('\n'));
      await term.keys('Escape');
      await quit(term);
    } finally {
      await term.kill();
    }
  });

  it('shows dates while the rows span days, and --since leaves out the older logs', async () => {
    let term = await view(days);
    try {
      const lines = await term.waitFor((l) => screenHas(l, 'third day'), 20_000, 'the logs');
      assert.ok(screenHas(lines, /│2026-12-05 09:00:00\.000 INFO +clock +third day/), lines.join('\n'));
      assert.ok(screenHas(lines, /│2026-12-03 23:50:00\.000 INFO +clock +the day before/), lines.join('\n'));
      await quit(term);
    } finally {
      await term.kill();
    }
    term = await view(`--since 2026-12-04T00:00:00Z --until 2026-12-04T23:00Z ${days}`);
    try {
      const lines = await term.waitFor(
        (l) => screenHas(l, 'second day noon') && screenHas(l, /Logs · 2 shown · 2 outside --since\/--until/),
        20_000,
        'the logs in the range',
      );
      assert.ok(!screenHas(lines, 'the day before') && !screenHas(lines, 'third day'), lines.join('\n'));
      // Both on one day: the clock alone.
      assert.ok(screenHas(lines, /│12:00:00\.000 ERROR clock +second day noon/), lines.join('\n'));
      await quit(term);
    } finally {
      await term.kill();
    }
  });

  it('leaves out live logs older than --since on tui, and shows the newer ones as they arrive', async () => {
    const redis = await startRedisServer();
    const bus = openBus({ url: redis.url, name: 'time-axis-e2e' });
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} tui --redis ${redis.url} --since 10m; echo EXIT=$?; sleep 600`,
      { cols: 120, rows: 30 },
    );
    try {
      await term.waitFor((l) => screenHas(l, /●/), 15_000, 'the TUI connected');
      const now = Date.now();
      const publish = (ms: number, message: string): void =>
        void bus.publish('logs.ingest', line(new Date(ms).toISOString(), 'INFO', message));
      publish(now - 3_600_000, 'an hour ago');
      publish(now - 60_000, 'a minute ago');
      publish(now, 'just now');
      await bus.flush();
      const lines = await term.waitFor(
        (l) => screenHas(l, 'just now') && screenHas(l, '1 outside --since/--until'),
        15_000,
        'the recent logs',
      );
      assert.ok(screenHas(lines, 'a minute ago') && !screenHas(lines, 'an hour ago'), lines.join('\n'));
      await quit(term);
    } finally {
      await term.kill();
      await bus.close();
      await redis.stop();
    }
  });
});
