import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RedisRequestClient } from '../src/bus/redis-request-client.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import { startCli } from './helpers/cli.js';
import { seconds, statsOf } from './helpers/group-stats.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { createTestRequestClient } from './helpers/redis-test-client.js';
import { waitFor } from './helpers/wait-for.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The 1 s windows on a stats stream. */
const windowsOf = async (client: RedisRequestClient, key: string): Promise<WindowStats[]> =>
  seconds(await statsOf(client, key), 1);

const sum = (windows: WindowStats[], pick: (w: WindowStats) => number): number =>
  windows.reduce((n, w) => n + pick(w), 0);

const N = 200_000;
/** Entries appended per millisecond of entry ID: the backlog spans N / PER_MS ms of arrivals. */
const PER_MS = 20;

describe('analyze --group working off a backlog', { timeout: 240_000 }, () => {
  let redis: RedisServerHandle;
  let client: RedisRequestClient;

  before(async () => {
    redis = await startRedisServer();
    client = createTestRequestClient(redis);
    await waitFor(() => client.ready, 'the test client to connect');
  });

  after(async () => {
    await client.close();
    await redis.stop();
  });

  it('reports no missed log for a producer whose numbers are consecutive, and counts every log once on time', async () => {
    const logs = 'backlog.logs';
    await client.call(['XGROUP', 'CREATE', logs, 'g', '$', 'MKSTREAM']);
    // Appended over 10 s of entry IDs that lie in the past, as a backlog left by a stopped group.
    const base = Date.now() - 60_000;
    for (let from = 0; from < N; from += 4_000) {
      const calls: Promise<unknown>[] = [];
      for (let i = from; i < Math.min(N, from + 4_000); i++) {
        const ms = base + Math.floor(i / PER_MS);
        const log = {
          timestamp: formatWireTimestamp(ms),
          level: 'INFO',
          service: `svc-${i % 3}`,
          message: `log ${i}`,
          _ls: { p: 'backlog', s: i + 1 },
        };
        calls.push(client.call(['XADD', logs, `${ms}-${i % PER_MS}`, 'p', JSON.stringify(log)]));
      }
      await Promise.all(calls);
    }
    assert.equal(Number(await client.call(['XLEN', logs])), N);

    const analyzer = startCli([
      'analyze',
      '--redis',
      redis.url,
      '--transport',
      'streams',
      '--logs-channel',
      logs,
      '--stats-channel',
      'backlog.stats',
      '--group',
      'g',
    ]);
    try {
      let windows: WindowStats[] = [];
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        windows = await windowsOf(client, 'backlog.stats');
        if (sum(windows, (w) => w.total_count) >= N) break;
        await sleep(250);
      }
      assert.equal(
        sum(windows, (w) => w.total_count),
        N,
        analyzer.stderr(),
      );
      assert.equal(
        sum(windows, (w) => w.missed_count),
        0,
      );
      assert.equal(
        sum(windows, (w) => w.late_count),
        0,
      );
    } finally {
      analyzer.child.kill('SIGKILL');
      await analyzer.exited;
    }
  });
});
