import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { runCli, startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const LOGS = 12_000;

describe('logstream analyze --threads through a real redis-server', () => {
  let redis: RedisServerHandle;
  /** Readers of the stats channels, one per transport. */
  const watchers = new Map<string, Bus>();

  before(async () => {
    redis = await startRedisServer();
    for (const transport of ['pubsub', 'streams'] as const)
      watchers.set(transport, openBus({ url: redis.url, name: `e2e-analyze-threads-${transport}`, transport }));
  });

  after(async () => {
    for (const w of watchers.values()) await w.close();
    await redis.stop();
  });

  /** An analyzer publishing on `channel`, and the windows it published there. */
  async function analyzer(
    transport: string,
    channel: string,
    extra: string[],
  ): Promise<{ cli: CliProcess; windows: WindowStats[]; short: () => WindowStats[] }> {
    const windows: WindowStats[] = [];
    await watchers.get(transport)?.subscribe(channel, (p) => windows.push(...decodeStats(p)));
    const cli = startCli([
      'analyze',
      '--redis',
      redis.url,
      '--transport',
      transport,
      '--stats-channel',
      channel,
      ...extra,
    ]);
    await waitFor(() => windows.length > 0, `the analyzer on ${channel} to publish`, 20_000);
    return { cli, windows, short: () => windows.filter((w) => w.window_seconds === 1 && w.total_count > 0) };
  }

  /** The summary an analyzer prints when stopped, up to what depends on when it started. */
  async function summary(cli: CliProcess): Promise<string> {
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 143, cli.stderr());
    return /received .*?;/.exec(cli.stderr())?.[0] ?? cli.stderr();
  }

  for (const transport of ['pubsub', 'streams'] as const) {
    it(`publishes the windows of a single-threaded analyzer, over ${transport}`, async () => {
      // A generous lateness: on a busy machine no log may come too late for its window in one
      // analyzer and not in the other.
      const lateness = ['--lateness-ms', '3000'];
      const one = await analyzer(transport, `stats.one.${transport}`, lateness);
      const two = await analyzer(transport, `stats.two.${transport}`, [...lateness, '--threads', '2']);
      const sent = await runCli([
        'send',
        '--redis',
        redis.url,
        '--transport',
        transport,
        '--count',
        String(LOGS),
        '--rate',
        '20000',
        '--threads',
        '2',
        '--seed',
        `analyze-threads-${transport}`,
      ]);
      assert.equal(sent.code, 0, sent.stderr);
      const counted = (w: readonly WindowStats[]): number => w.reduce((n, s) => n + s.total_count, 0);
      await waitFor(
        () => counted(one.short()) >= LOGS && counted(two.short()) >= LOGS,
        `all ${LOGS} logs in both analyzers' windows`,
        30_000,
      );
      // Both read every log well within the lateness: the same logs land in the same windows.
      const late = (w: readonly WindowStats[]): number => w.reduce((n, s) => n + s.late_count, 0);
      assert.deepEqual([late(one.short()), late(two.short())], [0, 0], 'logs read later than the lateness');
      assert.deepEqual(two.short(), one.short());
      assert.ok(one.short().some((w) => w.error_count > 0 && w.latency_ms !== null && w.top_errors.length > 0));
      assert.equal(counted(two.short()), LOGS);
      const [a, b] = await Promise.all([summary(one.cli), summary(two.cli)]);
      assert.match(a, new RegExp(`^received ${LOGS} logs .*stamped by 2 producers\\), 0 missed`));
      assert.equal(b, a);
    });
  }
});
