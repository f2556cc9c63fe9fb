import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RedisRequestClient } from '../src/bus/redis-request-client.js';
import { createTestRequestClient } from './helpers/redis-test-client.js';
import { foldEntries } from '../src/core/group-windows.js';
import { encodePartial } from '../src/core/window-partial-codec.js';
import { commitArgs, commitReply } from '../src/services/analyzer-group/group-scripts.js';
import { groupKeys } from '../src/services/analyzer-group/group-keys.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { runCli, startCli, type CliProcess } from './helpers/cli.js';
import { seconds, settledStats, statsOf, stopHolding, total } from './helpers/group-stats.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What must be the same whichever analyzers counted a window (examples of error patterns may differ). */
function counted(w: WindowStats): unknown {
  return {
    total: w.total_count,
    errors: w.error_count,
    levels: w.levels,
    services: w.services,
    patterns: w.top_errors.map((p) => [p.pattern, p.count]),
    latency: w.latency_ms,
    late: w.late_count,
    plain: w.plain_count,
    missed: w.missed_count,
  };
}

/** The windows holding logs, by start, of one length. */
function byStart(windows: WindowStats[], length: number): Map<string, unknown> {
  return new Map(
    seconds(windows, length)
      .filter((w) => w.total_count > 0 || w.missed_count > 0)
      .map((w) => [w.window_start, counted(w)]),
  );
}

const LATENESS_MS = 8_000;

/**
 * Waits until every analyzer reads: group members say so once the group exists; one analyzer
 * reading on its own takes its position in the stream only after it said it connected.
 */
async function allReading(client: RedisRequestClient, ps: CliProcess[], single = true): Promise<void> {
  await waitFor(() => ps.every((p) => p.stderr().includes('connected')), 'the analyzers to connect', 15_000);
  if (!single) return;
  const deadline = Date.now() + 15_000;
  while (!String(await client.call(['CLIENT', 'LIST'])).includes('cmd=xread ')) {
    if (Date.now() > deadline) throw new Error('the single analyzer never read');
    await sleep(20);
  }
}

function analyzer(redis: RedisServerHandle, stats: string, extra: string[], logs = 'group.logs'): CliProcess {
  return startCli([
    'analyze',
    '--redis',
    redis.url,
    '--transport',
    'streams',
    '--logs-channel',
    logs,
    '--stats-channel',
    stats,
    // Generous, so that a single analyzer slowed down by a loaded machine still counts no log late.
    '--lateness-ms',
    String(LATENESS_MS),
    ...extra,
  ]);
}

const member = (redis: RedisServerHandle, name: string): CliProcess =>
  analyzer(redis, 'group.stats', ['--group', 'g', '--consumer', name, '--claim-idle-ms', '1000']);

const summed = (text: string, pattern: RegExp): number => {
  const m = pattern.exec(text);
  return m === null ? 0 : Number(m[1]);
};

describe(
  'analyze --group: analyzers sharing a stream publish what one analyzer publishes',
  { timeout: 240_000 },
  () => {
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

    it('counts every log once in the same windows as one analyzer, while one member stalls past the claim timeout and another is killed -9', async () => {
      const single = analyzer(redis, 'single.stats', []);
      const a = member(redis, 'a');
      const b = member(redis, 'b');
      const c = member(redis, 'c');
      const all = [single, a, b, c];
      try {
        await waitFor(() => all.every((p) => p.stderr().includes('connected')), 'the analyzers to connect', 15_000);
        const N = 24_000;
        const send = startCli([
          'send',
          '--redis',
          redis.url,
          '--transport',
          'streams',
          '--logs-channel',
          'group.logs',
          '--count',
          String(N),
          '--rate',
          '4000',
          '--seed',
          'group-exact',
        ]);
        await sleep(500);
        // c dies holding entries: they are claimed and counted by the others.
        assert.ok(await stopHolding(c, 'c', [client], ['group.logs']), 'c never held unacknowledged entries');
        c.child.kill('SIGKILL');
        await c.exited;
        // b freezes with entries read and not acknowledged; a takes them over, and when b wakes
        // up its commit of them is refused.
        assert.ok(await stopHolding(b, 'b', [client], ['group.logs']), 'b never held unacknowledged entries');
        await sleep(2_500);
        b.child.kill('SIGCONT');
        assert.equal(await send.exited, 0, send.stderr());

        const { group, one } = await settledStats(
          () => statsOf(client, 'group.stats'),
          () => statsOf(client, 'single.stats'),
          N,
          60_000,
        );
        assert.equal(total(one), N);
        assert.equal(total(group), N);
        const starts = seconds(group, 1).map((w) => w.window_start);
        assert.equal(new Set(starts).size, starts.length, 'a 1 s window was published twice');
        assert.deepEqual(byStart(group, 1), byStart(one, 1));
        const tens = byStart(group, 10);
        for (const [start, w] of byStart(one, 10)) if (tens.has(start)) assert.deepEqual(tens.get(start), w);

        for (const p of [a, b, single]) p.child.kill('SIGTERM');
        await Promise.all([a.exited, b.exited, single.exited]);
        const takenOver =
          summed(a.stderr(), /(\d+) taken over from other/) + summed(b.stderr(), /(\d+) taken over from other/);
        assert.ok(takenOver > 0, `nothing was taken over:\n${a.stderr()}\n${b.stderr()}`);
        assert.ok(summed(b.stderr(), /(\d+) taken over by others/) > 0, b.stderr());
      } finally {
        for (const p of all) {
          p.child.kill('SIGCONT');
          p.child.kill('SIGKILL');
        }
      }
    });

    it('keeps the meaning of missed_count: the gaps in the numbers of one producer, found across the batches of several members', async () => {
      const logs = 'gaps.logs';
      const single = analyzer(redis, 'gaps.single', [], logs);
      const members = ['x', 'y'].map((name) =>
        analyzer(redis, 'gaps.group', ['--group', 'g2', '--consumer', name, '--claim-idle-ms', '1000'], logs),
      );
      const all = [single, ...members];
      try {
        await waitFor(() => all.every((p) => p.stderr().includes('connected')), 'the analyzers to connect', 15_000);
        const lost = new Set([...Array.from({ length: 10 }, (_, i) => 100 + i), 400, 401, 402, 403, 404]);
        let sent = 0;
        for (let chunk = 0; chunk < 6; chunk++) {
          for (let seq = chunk * 100 + 1; seq <= chunk * 100 + 100; seq++) {
            if (lost.has(seq)) continue;
            const log = {
              timestamp: formatWireTimestamp(Date.now()),
              level: seq % 10 === 0 ? 'ERROR' : 'INFO',
              service: `svc-${seq % 3}`,
              message: `log ${seq}`,
              _ls: { p: 'gappy', s: seq },
            };
            await client.call(['XADD', logs, '*', 'p', JSON.stringify(log)]);
            sent++;
          }
          await sleep(150);
        }
        const missed = (windows: WindowStats[]): number => seconds(windows, 1).reduce((n, w) => n + w.missed_count, 0);
        let group: WindowStats[] = [];
        let one: WindowStats[] = [];
        const deadline = Date.now() + 40_000;
        while (Date.now() < deadline) {
          group = await statsOf(client, 'gaps.group');
          one = await statsOf(client, 'gaps.single');
          if (total(group) >= sent && total(one) >= sent) break;
          await sleep(200);
        }
        assert.equal(total(group), sent);
        assert.equal(missed(one), lost.size);
        assert.equal(missed(group), lost.size);
        assert.deepEqual(byStart(group, 1), byStart(one, 1));
      } finally {
        for (const p of all) p.child.kill('SIGKILL');
      }
    });

    it('counts once, in their own windows, the entries of a consumer that died before acknowledging them, and refuses that consumer a late commit', async () => {
      const logs = 'claimed.logs';
      assert.equal(await redis.cli('XGROUP', 'CREATE', logs, 'g3', '$', 'MKSTREAM'), 'OK');
      const N = 50;
      const firstTime = Date.now();
      for (let i = 0; i < N; i++) {
        const log = { timestamp: formatWireTimestamp(Date.now()), level: 'INFO', service: 'api', message: `log ${i}` };
        await client.call(['XADD', logs, '*', 'p', JSON.stringify(log)]);
      }
      // A consumer reads them all, then dies without acknowledging any.
      const read = await client.call(['XREADGROUP', 'GROUP', 'g3', 'ghost', 'COUNT', '100', 'STREAMS', logs, '>']);
      const ids = Array.isArray(read) && Array.isArray(read[0]) && Array.isArray(read[0][1]) ? read[0][1] : [];
      assert.equal(ids.length, N);
      const live = analyzer(
        redis,
        'claimed.stats',
        ['--group', 'g3', '--consumer', 'live', '--claim-idle-ms', '500'],
        logs,
      );
      try {
        let windows: WindowStats[] = [];
        await waitFor(() => live.stderr().includes('connected'), 'the analyzer to connect', 15_000);
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && total(windows) < N) {
          windows = await statsOf(client, 'claimed.stats');
          await sleep(200);
        }
        assert.equal(total(windows), N);
        assert.equal(
          seconds(windows, 1).reduce((n, w) => n + w.late_count, 0),
          0,
          'claimed entries were counted late, not in their own windows',
        );
        const firstWindow = new Date(Math.floor(firstTime / 1000) * 1000).toISOString();
        assert.ok(seconds(windows, 1).some((w) => w.window_start === firstWindow && w.total_count > 0));

        // The dead consumer comes back and commits what it had read: refused, nothing counted twice.
        const keys = groupKeys(logs, 'g3');
        const idList = ids.map((e) => (Array.isArray(e) && Buffer.isBuffer(e[0]) ? e[0].toString() : '')).sort();
        const partials = foldEntries(
          idList.map((id) => ({ id, arrivalMs: Number(id.split('-')[0]), log: undefined })),
          { windowMs: 1000, latenessMs: LATENESS_MS, maxFutureMs: 5000, closedBefore: -Infinity, nowMs: Date.now() },
        );
        const encoded = new Map([...partials].map(([start, p]) => [start, encodePartial(p)]));
        const reply = commitReply(
          await client.call(commitArgs(keys, 'ghost', 'ghost/again', 60_000, '', idList, encoded)),
        );
        assert.equal(reply.kind, 'stolen');
        assert.deepEqual(reply.kind === 'stolen' ? reply.ids.sort() : [], idList);
        assert.equal(await redis.cli('XPENDING', logs, 'g3', '-', '+', '10'), '');
      } finally {
        live.child.kill('SIGKILL');
      }
    });

    it('counts late, in the window of its arrival, what a member commits after its window was published', async () => {
      const logs = 'late.logs';
      // Short grace, long claim timeout: while one member is stalled, the other publishes its
      // windows without the entries it holds, and nobody takes them over before it wakes up.
      const member4 = (name: string): CliProcess =>
        analyzer(
          redis,
          'late.stats',
          ['--group', 'g4', '--consumer', name, '--claim-idle-ms', '60000', '--group-grace-ms', '0'],
          logs,
        );
      const m = member4('slow');
      const other = member4('other');
      try {
        await allReading(client, [m, other], false);
        const N = 3_000;
        const send = startCli([
          'send',
          '--redis',
          redis.url,
          '--transport',
          'streams',
          '--logs-channel',
          logs,
          '--count',
          String(N),
          '--rate',
          '1000',
          '--seed',
          'late',
        ]);
        await sleep(700);
        assert.ok(await stopHolding(m, 'slow', [client], [logs], 'g4'), 'the member never held unacknowledged entries');
        const held = await client.call(['XPENDING', logs, 'g4', '-', '+', '10000', 'slow']);
        const heldCount = Array.isArray(held) ? held.length : 0;
        // Longer than lateness + grace (0) + a window: its windows are published meanwhile...
        await sleep(LATENESS_MS + 3_000);
        m.child.kill('SIGCONT');
        assert.equal(await send.exited, 0, send.stderr());
        let windows: WindowStats[] = [];
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && total(windows) < N) {
          windows = await statsOf(client, 'late.stats');
          await sleep(200);
        }
        // ...and what it held is counted once, late, in an open window.
        assert.equal(total(windows), N);
        const late = seconds(windows, 1).reduce((n, w) => n + w.late_count, 0);
        for (const p of [m, other]) p.child.kill('SIGTERM');
        await Promise.all([m.exited, other.exited]);
        assert.ok(
          heldCount > 0 && late >= heldCount,
          `held ${heldCount}, late ${late}\n${m.stderr()}${other.stderr()}`,
        );
        assert.ok(summed(m.stderr(), /(\d+) counted late/) >= heldCount, m.stderr());
        const starts = seconds(windows, 1).map((w) => w.window_start);
        assert.equal(new Set(starts).size, starts.length, 'a 1 s window was published twice');
      } finally {
        m.child.kill('SIGCONT');
        m.child.kill('SIGKILL');
        other.child.kill('SIGKILL');
      }
    });

    it('refuses --group without --transport streams, and the group options without --group, before connecting', async () => {
      for (const [args, message] of [
        [['--group', 'g'], /--group needs --transport streams/],
        [['--transport', 'streams', '--consumer', 'x'], /--consumer needs --group/],
        [['--transport', 'streams', '--claim-idle-ms', '1000'], /--claim-idle-ms needs --group/],
        [['--transport', 'streams', '--group', 'g', '--claim-idle-ms', '5'], /--claim-idle-ms.*from 100/],
      ] as const) {
        const r = await runCli(['analyze', '--redis', redis.url, ...args]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
      }
    });
  },
);
