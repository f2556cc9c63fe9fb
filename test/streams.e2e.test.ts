import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import { CLI, runCli, startCli } from './helpers/cli.js';
import { singleServerOnly, startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { screenHas, startTmux } from './helpers/tmux.js';
import { waitFor } from './helpers/wait-for.js';

const log = (message: string): string =>
  JSON.stringify({ timestamp: formatWireTimestamp(Date.now()), level: 'INFO', service: 'past-service', message });

const proxied = singleServerOnly(
  'a TCP proxy in front of one node cuts no cluster client off: it connects to the nodes the cluster names',
);

describe('logstream over Redis Streams against a real redis-server', { timeout: 60_000 }, () => {
  let redis: RedisServerHandle;
  let bus: Bus;

  before(async () => {
    redis = await startRedisServer();
    bus = openBus({ url: redis.url, name: 'streams-e2e', transport: 'streams' });
  });

  after(async () => {
    await bus.close();
    await redis.stop();
  });

  it('send --transport streams appends every log to the stream named after the channel, capped by --retention', async () => {
    const r = await runCli([
      'send',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--logs-channel',
      'e2e.sent',
      '--count',
      '3000',
      '--rate',
      '100000',
      '--seed',
      's',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await redis.cli('XLEN', 'e2e.sent'), '3000');
    const capped = await runCli([
      'send',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--retention',
      '500',
      '--logs-channel',
      'e2e.capped',
      '--count',
      '3000',
      '--rate',
      '100000',
    ]);
    assert.equal(capped.code, 0, capped.stderr);
    assert.ok(Number(await redis.cli('XLEN', 'e2e.capped')) < 3000);
    // A TUI started afterwards shows the newest 1,000 of what send wrote.
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} tui --redis ${redis.url} --transport streams --logs-channel e2e.sent --backfill 1000; echo EXIT=$?; sleep 600`,
      { cols: 140, rows: 32 },
    );
    try {
      await term.waitFor((l) => screenHas(l, /\b1,?000 logs\b/), 10_000, 'the 1,000 logs sent before it started');
    } finally {
      await term.kill();
    }
  });

  it('tui --transport streams --backfill shows the newest logs published before it started, then live ones', async () => {
    for (let i = 0; i < 300; i++) bus.publish('logs.ingest', log(`past-${String(i).padStart(4, '0')}`));
    await bus.flush();
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} tui --redis ${redis.url} --transport streams --backfill 200; echo EXIT=$?; sleep 600`,
      { cols: 140, rows: 32 },
    );
    try {
      await term.waitFor((l) => screenHas(l, 'past-0299') && screenHas(l, /●/), 10_000, 'the newest past log');
      // The older 100 stayed behind: a filter on the whole buffer finds exactly the 200 loaded.
      await term.keys('i');
      await term.type('past-');
      await term.keys('Enter');
      await term.waitFor((l) => screenHas(l, '200 of 200 match'), 5_000, 'the 200 backfilled logs');
      await term.keys('i', 'C-u', 'Enter');
      bus.publish('logs.ingest', log('live-after-backfill'));
      await bus.flush();
      await term.waitFor((l) => screenHas(l, 'live-after-backfill'), 5_000, 'a live log');
    } finally {
      await term.kill();
    }
  });

  it('tui --transport streams resumes after a cut and marks exactly the logs the retention cap trimmed meanwhile', async (t) => {
    if (proxied !== false) return t.skip(proxied);
    const proxy = await startTcpProxy(redis.port);
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} tui --redis ${proxy.url} --transport streams --logs-channel e2e.trim; echo EXIT=$?; sleep 600`,
      { cols: 140, rows: 32 },
    );
    try {
      await term.waitFor((l) => screenHas(l, 'Filter') && screenHas(l, /●/), 10_000, 'the TUI connected');
      await new Promise((r) => setTimeout(r, 500));
      await redis.cli('XADD', 'e2e.trim', '*', 'p', log('before-the-cut'));
      await term.waitFor((l) => screenHas(l, 'before-the-cut'), 5_000, 'the log before the cut');
      await proxy.cut();
      // 50 logs while the TUI is away, the stream cut to its newest 20 (exactly): 30 never read.
      const add =
        "for i = 1, 50 do redis.call('XADD', KEYS[1], 'MAXLEN', '20', '*', 'p', (string.gsub(ARGV[1], 'N', tostring(i)))) end";
      await redis.cli('EVAL', add, '1', 'e2e.trim', log('during-the-cut-N'));
      await proxy.reopen();
      const lines = await term.waitFor(
        (l) => screenHas(l, '~30 logs missed') && screenHas(l, 'during-the-cut-50'),
        15_000,
        'the marker with the count',
      );
      assert.ok(screenHas(lines, 'during-the-cut-31'));
      assert.ok(!screenHas(lines, /during-the-cut-30\b/));
    } finally {
      await term.kill();
      await proxy.close();
    }
  });

  it('analyze --transport streams reads logs from the stream and publishes statistics on the stats stream', async () => {
    const analyzer = startCli([
      'analyze',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--logs-channel',
      'e2e.analyzed',
      '--lateness-ms',
      '200',
    ]);
    const watcher = openBus({ url: redis.url, transport: 'streams' });
    try {
      let total = 0;
      await watcher.subscribe('stats.update', (p) => {
        for (const w of decodeStats(p)) if (w.window_seconds === 1) total += w.total_count;
      });
      await waitFor(() => analyzer.stderr().includes('connected'), 'the analyzer to connect', 10_000);
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 100; i++) bus.publish('e2e.analyzed', log(`counted-${i}`));
      await bus.flush();
      await waitFor(() => total >= 100, 'the 100 logs counted in published windows', 10_000);
      assert.equal(total, 100);
      // The stats stream is capped on its own, far below the logs' default.
      assert.ok(Number(await redis.cli('XLEN', 'stats.update')) > 0);
    } finally {
      analyzer.child.kill('SIGTERM');
      await analyzer.exited;
      await watcher.close();
    }
  });

  it('analyze --transport streams counts the logs published while it was cut off, and says it resumed without loss', async (t) => {
    if (proxied !== false) return t.skip(proxied);
    const proxy = await startTcpProxy(redis.port);
    const analyzer = startCli([
      'analyze',
      '--redis',
      proxy.url,
      '--transport',
      'streams',
      '--logs-channel',
      'e2e.resumed',
      '--stats-channel',
      'e2e.resumed-stats',
      '--lateness-ms',
      '200',
    ]);
    const watcher = openBus({ url: redis.url, transport: 'streams' });
    try {
      let total = 0;
      await watcher.subscribe('e2e.resumed-stats', (p) => {
        for (const w of decodeStats(p)) if (w.window_seconds === 1) total += w.total_count;
      });
      await waitFor(() => analyzer.stderr().includes('connected'), 'the analyzer to connect', 10_000);
      await new Promise((r) => setTimeout(r, 300));
      for (let i = 0; i < 50; i++) bus.publish('e2e.resumed', log(`before-${i}`));
      await bus.flush();
      await waitFor(() => total >= 50, 'the first 50 counted', 10_000);
      await proxy.cut();
      for (let i = 0; i < 70; i++) bus.publish('e2e.resumed', log(`during-${i}`));
      await bus.flush();
      await proxy.reopen();
      await waitFor(() => total >= 120, 'the 70 published during the cut counted too', 15_000);
      assert.equal(total, 120);
      await waitFor(
        () => analyzer.stderr().includes('resumed where it stopped, nothing missed'),
        'the resume on stderr',
        5_000,
      );
    } finally {
      analyzer.child.kill('SIGTERM');
      await analyzer.exited;
      await watcher.close();
      await proxy.close();
    }
  });
});
