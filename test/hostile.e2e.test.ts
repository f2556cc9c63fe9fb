import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { HOSTILE_PAYLOADS } from './fixtures/hostile-payloads.js';
import { CLI } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const run = promisify(execFile);
const TITLE = 'logstream-known-title';
/** Terminal state an escape sequence could change: title, screens, cursor, mouse, scroll region, modes. */
const STATE = [
  'pane_title',
  'alternate_on',
  'cursor_flag',
  'mouse_any_flag',
  'mouse_all_flag',
  'mouse_button_flag',
  'mouse_sgr_flag',
  'mouse_standard_flag',
  'scroll_region_upper',
  'scroll_region_lower',
  'origin_flag',
  'insert_flag',
  'keypad_flag',
  'wrap_flag',
  'window_name',
]
  .map((f) => `${f}=#{${f}}`)
  .join(' ');

function publishLog(bus: Bus, message: string): void {
  bus.publish('logs.ingest', JSON.stringify({ level: 'INFO', service: 'hostile-test', message }));
}

describe('logstream tui fed a hostile corpus through a real redis-server, in a real terminal', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let term: TmuxSession;
  let socket: string;
  let stateBefore: string;
  const buffers = async (): Promise<string> => (await run('tmux', ['-S', socket, 'list-buffers'])).stdout.trim();

  /** Types a filter and applies it (Enter); the caller waits for what it expects on screen. */
  async function filter(text: string): Promise<void> {
    await term.keys('i', 'C-u');
    if (text !== '') await term.type(text);
    await term.keys('Enter');
  }

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'hostile-e2e' });
    // set-clipboard on: an OSC 52 reaching tmux would create a paste buffer, which the test can
    // see. TMUX is unset for the TUI so that its own copy is a plain OSC 52 too (the positive
    // control). The title is set before the TUI starts; nothing may change it afterwards.
    const setup = `tmux set -s set-clipboard on; tmux set -g allow-rename on; tmux set -g automatic-rename off; printf '\\033]2;${TITLE}\\033\\\\'`;
    term = await startTmux(
      `${setup}; env -u TMUX TZ=UTC ${process.execPath} ${CLI} tui --redis ${redis.url}; echo EXIT=$?; sleep 600`,
      { cols: 160, rows: 36 },
    );
    await term.waitFor((l) => screenHas(l, 'Filter') && screenHas(l, /●/), 10_000, 'the TUI connected to Redis');
    socket = await term.display('#{socket_path}');
  });

  after(async () => {
    await term.kill();
    await bus.close();
    await redis.stop();
  });

  it('starts with the known title and no paste buffer', async () => {
    stateBefore = await term.display(STATE);
    assert.ok(stateBefore.includes(`pane_title=${TITLE} `), stateBefore);
    assert.ok(stateBefore.includes('alternate_on=1'), stateBefore);
    assert.equal(await buffers(), '');
  });

  it('receives the whole corpus without the terminal state, title or clipboard changing', async () => {
    assert.ok(HOSTILE_PAYLOADS.length >= 50);
    for (const p of HOSTILE_PAYLOADS) bus.publish('logs.ingest', p.payload);
    publishLog(bus, 'hxdone corpus delivered');
    await bus.flush();
    const lines = await term.waitFor((l) => screenHas(l, 'hxdone corpus delivered'), 30_000, 'the end of the corpus');
    assert.ok(screenHas(lines.slice(0, 2), 'Filter'), `the layout is intact:\n${lines.join('\n')}`);
    assert.equal(await term.display(STATE), stateBefore);
    assert.equal(await buffers(), '', 'no paste buffer was created by log text');
    assert.equal(await term.display('#{pane_dead}'), '0');
  });

  it('shows each sample with its escapes spelled out, on one line', async () => {
    for (const p of HOSTILE_PAYLOADS) {
      if (p.screen === undefined) continue;
      const { tag, shows } = p.screen;
      await filter(tag);
      await term.waitFor((l) => screenHas(l, shows), 5000, `${p.name}: ${shows}`);
    }
    assert.equal(await term.display(STATE), stateBefore);
  });

  it('still answers keys after the 10 MB payload: filter, select', async () => {
    // How the decoder shows it (cut with a marker, or as plain text) is not this test's business.
    await filter('hxhuge');
    await term.waitFor(
      (l) => screenHas(l, /\b1 of [\d,]+ match/) && screenHas(l, /Logs · 1 shown/),
      5000,
      'the 10 MB log listed',
    );
    await filter('');
    await term.keys('j');
    await term.waitFor((l) => screenHas(l, 'paused'), 2000, 'the selection');
    await term.keys('Escape');
    await term.waitFor((l) => screenHas(l, 'following'), 2000, 'following again');
  });

  it('runs a catastrophic filter in linear time and keeps answering keys', async () => {
    for (let i = 0; i < 200; i++) publishLog(bus, 'a'.repeat(3000) + 'b');
    publishLog(bus, 'hxlinear aaaa');
    await bus.flush();
    await term.waitFor((l) => screenHas(l, 'hxlinear aaaa'), 10_000, 'the long lines');
    let t0 = Date.now();
    await filter('(a+)+$');
    // Only `hxlinear aaaa` ends in a run of a's; a backtracking engine would not finish the 200 others.
    await term.waitFor(
      (l) => screenHas(l, /\b1 of [\d,]+ match/) && screenHas(l, 'hxlinear aaaa'),
      3000,
      'the filter applied',
    );
    const filtered = Date.now() - t0;
    t0 = Date.now();
    await term.keys('i');
    await term.waitFor((l) => screenHas(l, 'Enter apply'), 1000, 'the editor opened within a second');
    await term.keys('Escape');
    await term.waitFor((l) => !screenHas(l, 'Enter apply'), 1000, 'the editor closed within a second');
    assert.ok(Date.now() - t0 < 2000, `keys answered in ${Date.now() - t0} ms (filter applied in ${filtered} ms)`);
  });

  it('refuses a pattern that needs backtracking, in the filter box', async () => {
    await term.keys('i', 'C-u');
    await term.type('(a+)+\\1');
    await term.keys('Enter');
    await term.waitFor((l) => screenHas(l, 'needs backtracking'), 2000, 'the refusal');
    await term.keys('Escape');
    await term.waitFor((l) => !screenHas(l, 'Enter apply'), 1000, 'the editor closed');
  });

  it("creates a paste buffer with the user's own c key (the check above is meaningful)", async () => {
    await filter('hxdone');
    await term.waitFor(
      (l) => screenHas(l, /\b1 of [\d,]+ match/) && screenHas(l, /Logs · 1 shown/),
      3000,
      'the marker log alone',
    );
    await term.keys('j');
    await term.waitFor((l) => screenHas(l, 'paused'), 2000, 'the selection');
    await term.keys('c');
    await term.waitFor((l) => screenHas(l, /copied \d+ characters/), 2000, 'the copy confirmation');
    const deadline = Date.now() + 2000;
    while ((await buffers()) === '' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(await buffers(), /hxdone corpus delivered/);
    await term.keys('Escape');
    // Wait: an Escape and a key sent at once read as Alt+key.
    await term.waitFor((l) => screenHas(l, 'following'), 2000, 'following again');
  });

  it('quits with exit code 0 and restores the terminal', async () => {
    await term.keys('q');
    const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 5000, 'the TUI to exit');
    assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
    assert.equal(await term.display('#{alternate_on}'), '0');
    assert.equal(await term.display('#{cursor_flag}'), '1');
    assert.equal(await term.display('#{pane_title}'), TITLE);
  });
});
