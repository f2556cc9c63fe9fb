import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { isErrorLevel } from '../src/protocol/level.js';
import { decodeLog } from '../src/protocol/log-decode.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

describe('send → analyze → stats.update through a real redis-server', () => {
  let redis: RedisServerHandle;
  let analyzer: CliProcess;
  let watcher: Bus;
  const windows: WindowStats[] = [];
  const longWindows: WindowStats[] = [];
  const seen = { total: 0, errors: 0, byService: new Map<string, number>() };

  before(async () => {
    redis = await startRedisServer();
    analyzer = startCli(['analyze', '--redis', redis.url, '--lateness-ms', '300']);
    await waitFor(() => analyzer.stderr().includes('connected'), 'the analyzer to connect', 10_000);
    watcher = openBus({ url: redis.url, name: 'e2e-watcher' });
    await watcher.subscribe('stats.update', (p) => {
      for (const w of decodeStats(p)) (w.window_seconds === 1 ? windows : longWindows).push(w);
    });
    await watcher.subscribe('logs.ingest', (p) => {
      const log = decodeLog(p, Date.now());
      seen.total++;
      if (isErrorLevel(log.level)) seen.errors++;
      seen.byService.set(log.service, (seen.byService.get(log.service) ?? 0) + 1);
    });
    // The analyzer subscribes right after connecting; give it a moment so nothing is published before.
    await new Promise((r) => setTimeout(r, 300));
  });

  after(async () => {
    analyzer.child.kill('SIGTERM');
    await analyzer.exited;
    await watcher.close();
    await redis.stop();
  });

  it('counts every log the seeded sender published, with matching errors and services', async () => {
    const start = windows.length;
    const sender = await (async () => {
      const p = startCli([
        'send',
        '--redis',
        redis.url,
        '--count',
        '600',
        '--rate',
        '2000',
        '--seed',
        'e2e',
        '--services',
        'auth-service,payment-service,api-gateway',
      ]);
      return { code: await p.exited, stderr: p.stderr() };
    })();
    assert.equal(sender.code, 0, sender.stderr);
    assert.match(sender.stderr, /sent 600 logs/);
    const sum = (f: (w: WindowStats) => number): number => windows.slice(start).reduce((n, w) => n + f(w), 0);
    await waitFor(
      () => sum((w) => w.total_count) >= 600 && seen.total >= 600,
      'all 600 logs in published windows',
      10_000,
    );
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(seen.total, 600);
    assert.equal(
      sum((w) => w.total_count),
      600,
    );
    assert.equal(
      sum((w) => w.error_count),
      seen.errors,
    );
    assert.ok(seen.errors > 0, 'the dummy sender produces some errors');
    const perService = new Map<string, number>();
    for (const w of windows.slice(start))
      for (const s of w.services) perService.set(s.name, (perService.get(s.name) ?? 0) + s.count);
    assert.deepEqual(new Map([...perService].sort()), new Map([...seen.byService].sort()));
  });

  it("aggregates the raw log format of RustLogStream's sender exactly: levels, errors, top service, latency", async () => {
    const start = windows.length;
    const now = Date.now();
    const publisher = openBus({ url: redis.url, name: 'e2e-original' });
    const logs = [
      ...Array.from({ length: 5 }, () => ({
        level: 'INFO',
        service: 'auth-service',
        message: 'User login successful',
        latency_ms: 10,
      })),
      ...Array.from({ length: 3 }, (_, i) => ({
        level: 'ERROR',
        service: 'payment-service',
        message: `Payment ${1000 + i} failed: card declined`,
        latency_ms: 200,
      })),
      { level: 'WARN', service: 'auth-service', message: 'Slow response' },
      { level: 'DEBUG', service: 'auth-service', message: 'cache hit' },
    ];
    for (const l of logs) {
      publisher.publish('logs.ingest', JSON.stringify({ timestamp: formatWireTimestamp(now), ...l }));
    }
    publisher.publish('logs.ingest', 'this is not JSON at all');
    await publisher.flush();
    await publisher.close();
    const mine = (): WindowStats[] => windows.slice(start).filter((w) => w.total_count > 0);
    await waitFor(
      () => mine().reduce((n, w) => n + w.total_count, 0) >= 11,
      'the window with the 11 known logs',
      10_000,
    );
    const got = mine();
    const total = got.reduce((n, w) => n + w.total_count, 0);
    assert.equal(total, 11);
    assert.equal(
      got.reduce((n, w) => n + w.error_count, 0),
      3,
    );
    assert.equal(
      got.reduce((n, w) => n + w.plain_count, 0),
      1,
    );
    const main = got.find((w) => w.levels.info >= 5);
    assert.ok(main !== undefined, 'the timestamped logs share one window');
    assert.equal(main.top_service, 'auth-service');
    // The plain-text payload is guessed as info and counted at its arrival time, maybe in this window.
    const info = 5 + main.plain_count;
    assert.deepEqual(
      { debug: main.levels.debug, info: main.levels.info, warn: main.levels.warn, error: main.levels.error },
      { debug: 1, info, warn: 1, error: 3 },
    );
    assert.equal(main.top_errors[0]?.count, 3);
    assert.equal(main.top_errors[0]?.pattern, 'Payment <*> failed: card declined');
    assert.ok(main.latency_ms !== null && main.latency_ms.p50 >= 9.9 && main.latency_ms.p50 <= 10.1);
    assert.ok(main.latency_ms.p99 >= 198 && main.latency_ms.p99 <= 202);
    assert.ok(Date.parse(main.window_end) - Date.parse(main.window_start) === 1000);
  });

  it('publishes empty windows while idle so the series stays continuous', async () => {
    const start = windows.length;
    await waitFor(() => windows.length >= start + 2, 'two more windows', 5_000);
    const [a, b] = windows.slice(start);
    assert.ok(a !== undefined && b !== undefined);
    assert.equal(a.window_end, b.window_start);
  });

  it('publishes 10 s windows that add up the 1 s windows they cover', async () => {
    await waitFor(() => longWindows.some((w) => w.window_seconds === 10), 'a 10 s window', 15_000);
    const long = longWindows.find((w) => w.window_seconds === 10)!;
    const from = Date.parse(long.window_start);
    const to = Date.parse(long.window_end);
    assert.equal(to - from, 10_000);
    const inside = windows.filter((w) => Date.parse(w.window_start) >= from && Date.parse(w.window_end) <= to);
    // The analyzer may have started inside this window: then it covers fewer seconds.
    assert.ok(inside.length >= 1 && inside.length <= 10);
    assert.equal(
      long.total_count,
      inside.reduce((n, w) => n + w.total_count, 0),
    );
    assert.equal(
      long.error_count,
      inside.reduce((n, w) => n + w.error_count, 0),
    );
  });
});
