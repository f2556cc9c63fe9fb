import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import { CLI } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

function publish(bus: Bus, level: string, service: string, message: string): void {
  bus.publish(
    'logs.ingest',
    JSON.stringify({ timestamp: formatWireTimestamp(Date.now()), level, service, message, order_id: 'ORD-1' }),
  );
}

async function publishSample(bus: Bus): Promise<void> {
  publish(bus, 'INFO', 'auth-service', 'User 1 logged in');
  publish(bus, 'WARN', 'auth-service', 'Token for user 2 expires soon');
  publish(bus, 'ERROR', 'payment-service', 'Payment 3 failed: card declined');
  publish(bus, 'DEBUG', 'api-gateway', 'cache hit for /api/v1/orders');
  publish(bus, 'ERROR', 'order-service', 'Order 4 failed: inventory timeout');
  publish(bus, 'INFO', 'api-gateway', 'GET /api/v1/orders 200 12ms');
  await bus.flush();
}

describe('collector features in a real terminal', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let dir: string;

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'features-e2e' });
    dir = mkdtempSync(join(tmpdir(), 'logstream-features-'));
  });

  after(async () => {
    await bus.close();
    await redis.stop();
  });

  async function open(
    extra = '',
    size = { cols: 140, rows: 32 },
    env: Record<string, string> = {},
  ): Promise<TmuxSession> {
    const envs = Object.entries({ TZ: 'UTC', XDG_CONFIG_HOME: dir, ...env })
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const term = await startTmux(
      `${envs} ${process.execPath} ${CLI} tui --redis ${redis.url} ${extra}; echo EXIT=$?; sleep 600`,
      size,
    );
    await term.waitFor((l) => screenHas(l, /●/) || screenHas(l, 'EXIT='), 10_000, 'the TUI connected');
    return term;
  }

  async function quit(term: TmuxSession): Promise<void> {
    await term.keys('q');
    const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 5000, 'the TUI to exit');
    assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
    await term.kill();
  }

  it('pauses while logs arrive, counts the new ones, and resumes with G', async () => {
    const term = await open();
    await publishSample(bus);
    await term.waitFor((l) => screenHas(l, 'GET /api/v1/orders 200'), 5000, 'the sample');
    await term.keys('p');
    await term.waitFor((l) => screenHas(l, 'paused'), 5000, 'paused');
    publish(bus, 'INFO', 'api-gateway', 'arrived during the pause');
    publish(bus, 'INFO', 'api-gateway', 'arrived during the pause too');
    await bus.flush();
    const lines = await term.waitFor((l) => screenHas(l, '2 new'), 5000, 'the new-log count');
    assert.ok(!screenHas(lines, 'arrived during the pause'));
    await term.keys('G');
    await term.waitFor(
      (l) => screenHas(l, 'arrived during the pause too') && screenHas(l, 'following'),
      5000,
      'following again',
    );
    await quit(term);
  });

  it('filters by field terms and by the 1-5 level keys', async () => {
    const term = await open();
    await publishSample(bus);
    await term.waitFor((l) => screenHas(l, 'Order 4 failed'), 5000, 'the sample');
    await term.keys('i');
    await term.type('service:auth level:warn+');
    await term.keys('Enter');
    let lines = await term.waitFor(
      (l) => screenHas(l, 'Token for user 2') && !screenHas(l, 'User 1 logged in'),
      5000,
      'only warn+ of auth',
    );
    assert.ok(!screenHas(lines, 'Payment 3 failed'));
    await term.keys('i', 'C-u', 'Enter');
    await term.keys('1');
    lines = await term.waitFor(
      (l) => screenHas(l, '[errors]') && screenHas(l, 'Payment 3 failed') && !screenHas(l, 'Token for user 2'),
      5000,
      'errors only',
    );
    await term.keys('5');
    await term.waitFor((l) => screenHas(l, 'Token for user 2') && !screenHas(l, '[errors]'), 5000, 'every level again');
    await quit(term);
  });

  it('searches with / without hiding logs and jumps between matches with n', async () => {
    const term = await open();
    await publishSample(bus);
    await term.waitFor((l) => screenHas(l, 'Order 4 failed'), 5000, 'the sample');
    await term.keys('/');
    await term.type('failed');
    await term.keys('Enter');
    let lines = await term.waitFor(
      (l) => screenHas(l, '/failed') && screenHas(l, 'paused'),
      5000,
      'the first match selected',
    );
    assert.ok(screenHas(lines, 'User 1 logged in'), 'search does not hide logs');
    await term.keys('Enter');
    lines = await term.waitFor(
      (l) => screenHas(l, 'Log detail') && screenHas(l, 'Order 4 failed'),
      5000,
      'the detail of the first match',
    );
    await term.keys('Escape');
    await term.waitFor((l) => !screenHas(l, 'Log detail'), 5000, 'the detail closed');
    // The engine answers `n`, and the list moves to the match, after a while: an Enter read before
    // that opens the log selected before.
    await term.keys('n');
    await term.waitFor(
      (l) => screenHas(l, 'Payment 3 failed') && !screenHas(l, 'Order 4 failed'),
      5000,
      'the list moved to the second match',
    );
    await term.keys('Enter');
    lines = await term.waitFor(
      (l) => screenHas(l, 'Log detail') && screenHas(l, 'Payment 3 failed'),
      5000,
      'the detail of the second match',
    );
    assert.ok(screenHas(lines, '"order_id": "ORD-1"'), 'fields pretty-printed');
    await term.keys('Escape');
    // A key right after Esc would read as Alt+key.
    await term.waitFor((l) => !screenHas(l, 'Log detail'), 5000, 'the detail closed');
    await quit(term);
  });

  it('opens the help overlay generated from the key table, scrolls it to its end, and q closes it', async () => {
    const term = await open();
    await term.keys('?');
    let lines = await term.waitFor((l) => screenHas(l, /Keys · .*Esc or \? to close/), 5000, 'the help');
    assert.ok(screenHas(lines, 'pause / resume following'));
    assert.ok(screenHas(lines, 'more below'), lines.join('\n'));
    await term.keys('G');
    lines = await term.waitFor((l) => screenHas(l, 'more above'), 5000, 'the end of the help');
    assert.ok(screenHas(lines, 'select the bar before / after'), lines.join('\n'));
    await term.keys('q');
    await term.waitFor((l) => !screenHas(l, 'Keys · '), 5000, 'the help closed');
    // From the patterns view, the help lists its keys first and closes back to it.
    await term.keys('P');
    await term.waitFor((l) => screenHas(l, 'Patterns · s sort'), 5000, 'the patterns view');
    await term.keys('?');
    lines = await term.waitFor((l) => screenHas(l, 'Keys · '), 5000, 'the help of the patterns view');
    const first = lines.findIndex((l) => l.includes('Keys · '));
    assert.match(lines[first + 1] ?? '', /Patterns \(P\)/, lines.join('\n'));
    await term.keys('q');
    await term.waitFor(
      (l) => !screenHas(l, 'Keys · ') && screenHas(l, 'Patterns · s sort'),
      5000,
      'the help closed, back to the patterns view',
    );
    await term.keys('q');
    await term.waitFor((l) => !screenHas(l, 'Patterns · s sort'), 5000, 'the patterns view closed by q');
    await quit(term);
  });

  it('colours ERROR as the config file says', async () => {
    writeFileSync(join(dir, 'colors.toml'), '[colors.levels]\nerror = { fg = "magenta", bold = true }\n');
    const term = await open(`--config ${join(dir, 'colors.toml')}`);
    await publishSample(bus);
    await term.waitFor((l) => screenHas(l, 'Order 4 failed'), 5000, 'the sample');
    // capture-pane -e keeps the SGR sequences: ERROR must be bold magenta (1;35).
    const escaped = await term.capture(true);
    const row = escaped.split('\n').find((l) => l.includes('Order 4 failed')) ?? '';
    assert.match(
      row,
      /\x1b\[[0-9;]*1;35m\s*ERROR|\x1b\[[0-9;]*35;1m\s*ERROR|\x1b\[1m\x1b\[35mERROR/,
      JSON.stringify(row),
    );
    await quit(term);
  });

  it('refuses a bad config file with the line and key, or starts anyway when told to', async () => {
    writeFileSync(join(dir, 'bad.toml'), '[colors.levels]\nerror = "crimson"\n');
    const out = (() => {
      try {
        execFileSync(process.execPath, [CLI, 'tui', '--config', join(dir, 'bad.toml'), '--redis', redis.url], {
          stdio: 'pipe',
        });
        return { code: 0, stderr: '' };
      } catch (err) {
        const e = err as { status: number; stderr: Buffer };
        return { code: e.status, stderr: e.stderr.toString() };
      }
    })();
    assert.equal(out.code, 2);
    assert.match(out.stderr, /bad\.toml:2: colors\.levels\.error: /);
    const term = await open(`--config ${join(dir, 'bad.toml')} --ignore-config-errors`);
    await term.waitFor((l) => screenHas(l, 'Filter'), 5000, 'the TUI with defaults');
    await quit(term);
  });

  it('fits a 60x15 terminal', async () => {
    const term = await open('', { cols: 60, rows: 15 });
    await publishSample(bus);
    const lines = await term.waitFor((l) => screenHas(l, 'Order 4 failed'), 5000, 'the sample at 60x15');
    assert.ok(lines.every((l) => l.length <= 60));
    assert.ok(screenHas(lines, 'Filter'));
    await quit(term);
  });
});
