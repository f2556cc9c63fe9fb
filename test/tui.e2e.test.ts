import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import { CLI } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

function publish(bus: Bus, level: string, service: string, message: string): void {
  bus.publish('logs.ingest', JSON.stringify({ timestamp: formatWireTimestamp(Date.now()), level, service, message }));
}

describe('logstream tui in a real terminal against a real redis-server', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  let term: TmuxSession;

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'tui-e2e' });
    // The shell stays after the TUI exits so the test can read its exit code and the restored terminal.
    term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} tui --redis ${redis.url}; echo EXIT=$?; sleep 600`, {
      cols: 140,
      rows: 32,
    });
    await term.waitFor((l) => screenHas(l, 'Filter') && screenHas(l, /●/), 10_000, 'the TUI connected to Redis');
  });

  after(async () => {
    await term.kill();
    await bus.close();
    await redis.stop();
  });

  it('shows published logs newest first, with CJK text intact', async () => {
    publish(bus, 'INFO', 'auth-service', 'User login successful');
    publish(bus, 'ERROR', 'payment-service', 'Payment failed: card declined');
    publish(bus, 'WARN', 'notification-service', '通知の送信が遅延しています');
    await bus.flush();
    const lines = await term.waitFor((l) => screenHas(l, '通知の送信が遅延しています'), 5000, 'the three logs');
    const rowOf = (text: string): number => lines.findIndex((l) => l.includes(text));
    assert.ok(rowOf('通知の送信') < rowOf('Payment failed'));
    assert.ok(rowOf('Payment failed') < rowOf('User login successful'));
    assert.ok(screenHas(lines, /ERROR payment-service/));
  });

  it('filters the whole buffer with a regex and brings everything back when cleared', async () => {
    await term.keys('i');
    await term.type('^ERROR');
    await term.keys('Enter');
    let lines = await term.waitFor(
      (l) => !screenHas(l, 'User login successful') && screenHas(l, 'Payment failed'),
      5000,
      'only the error',
    );
    assert.ok(screenHas(lines, '1 of 3 match'));
    publish(bus, 'ERROR', 'auth-service', 'Token expired');
    publish(bus, 'INFO', 'auth-service', 'Hidden by the filter');
    await bus.flush();
    lines = await term.waitFor((l) => screenHas(l, 'Token expired'), 5000, 'a new matching log');
    assert.ok(!screenHas(lines, 'Hidden by the filter'));
    await term.keys('i', 'C-u', 'Enter');
    await term.waitFor(
      (l) => screenHas(l, 'User login successful') && screenHas(l, 'Hidden by the filter'),
      5000,
      'every log back',
    );
  });

  it('shows an invalid regex error in the filter box and keeps the previous filter', async () => {
    await term.keys('i');
    await term.type('(unclosed');
    await term.keys('Enter');
    const lines = await term.waitFor((l) => screenHas(l, 'filter not applied'), 5000, 'the regex error');
    assert.ok(screenHas(lines, 'Hidden by the filter'), 'previous (empty) filter still in force');
    await term.keys('Escape');
    await term.waitFor((l) => !screenHas(l, 'filter not applied'), 5000, 'the error gone after Esc');
  });

  it('moves the selection with j/k, keeps it while logs arrive, copies with c, and clears it with Esc', async () => {
    await term.keys('j', 'j');
    let lines = await term.waitFor((l) => screenHas(l, 'paused'), 5000, 'the list paused on a selection');
    publish(bus, 'INFO', 'api-gateway', 'Arrived while paused');
    await bus.flush();
    await new Promise((r) => setTimeout(r, 300));
    lines = await term.screen();
    assert.ok(!screenHas(lines, 'Arrived while paused'), 'the paused view does not move');
    await term.keys('c');
    lines = await term.waitFor((l) => screenHas(l, /copied \d+ characters/), 5000, 'the copy confirmation');
    await term.keys('Escape');
    lines = await term.waitFor(
      (l) => screenHas(l, 'Arrived while paused') && screenHas(l, 'following'),
      5000,
      'following again',
    );
  });

  it('shows statistics published on stats.update', async () => {
    const window = {
      window_start: new Date(Date.now() - 1000).toISOString(),
      window_end: new Date().toISOString(),
      total_count: 4242,
      error_count: 7,
      top_service: 'checkout-service',
    };
    bus.publish('stats.update', JSON.stringify([window]));
    await bus.flush();
    await term.waitFor(
      (l) => screenHas(l, 'logs 4,242') && screenHas(l, 'checkout-service'),
      5000,
      'the stats in the format of RustLogStream',
    );
  });

  it('quits on q and restores the terminal', async () => {
    await term.keys('q');
    const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 5000, 'the TUI to exit');
    assert.ok(screenHas(lines, 'EXIT=0'), lines.join('\n'));
    assert.ok(!screenHas(lines, 'Filter (regex)'), 'the main screen is back');
    assert.equal(await term.display('#{alternate_on}'), '0');
    assert.equal(await term.display('#{cursor_flag}'), '1');
  });
});

describe('the TUI gives the terminal back on signals', () => {
  let redis: RedisServerHandle;

  before(async () => {
    redis = await startRedisServer();
  });

  after(async () => {
    await redis.stop();
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const) {
    it(`restores the terminal and exits ${code} on ${signal}`, async () => {
      const marker = `sig-${signal}-${process.pid}`;
      const term = await startTmux(
        `${process.execPath} ${CLI} tui --redis ${redis.url} --stats-channel ${marker}; echo EXIT=$?; sleep 600`,
        { cols: 100, rows: 24 },
      );
      try {
        await term.waitFor((l) => screenHas(l, 'Filter'), 10_000, 'the TUI');
        assert.equal(await term.display('#{alternate_on}'), '1');
        // The node process, not the shell around it (both have the marker in their command line).
        const pids = execFileSync('pgrep', ['-f', marker]).toString().trim().split('\n');
        const pid = pids.map(Number).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'node');
        assert.ok(pid !== undefined && pid > 0, `no node process among ${pids.join(',')}`);
        process.kill(pid, signal);
        const lines = await term.waitFor((l) => screenHas(l, /EXIT=\d+/), 15_000, 'the TUI to exit');
        assert.ok(screenHas(lines, `EXIT=${code}`), lines.join('\n'));
        assert.equal(await term.display('#{alternate_on}'), '0');
        assert.equal(await term.display('#{cursor_flag}'), '1');
      } finally {
        await term.kill();
      }
    });
  }
});
