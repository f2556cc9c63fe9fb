import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSlotRequestClient } from '../src/bus/cluster/slot-request-client.js';
import type { RedisRequestClient } from '../src/bus/redis-request-client.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { groupKeys } from '../src/services/analyzer-group/group-keys.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { seconds, settledStats, statsOf, stopHolding, total } from './helpers/group-stats.js';
import { startRedisCluster, type RedisClusterHandle } from './helpers/redis-cluster.js';
import { waitFor } from './helpers/wait-for.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const LOGS = 'cg.logs';
const GROUP_STATS = 'cg.group.stats';
const SINGLE_STATS = 'cg.single.stats';
// Generous, so that a single analyzer slowed down by a loaded machine still counts no log late.
const LATENESS_MS = 8_000;

/** What must be the same whichever analyzers counted a window, by window start. */
const byStart = (windows: WindowStats[]): Map<string, unknown> =>
  new Map(
    seconds(windows, 1)
      .filter((w) => w.total_count > 0)
      .map((w) => [
        w.window_start,
        { total: w.total_count, errors: w.error_count, levels: w.levels, services: w.services, late: w.late_count },
      ]),
  );

describe('analyze --group on a Redis Cluster', { timeout: 240_000 }, () => {
  let cluster: RedisClusterHandle;
  const clients: RedisRequestClient[] = [];
  const procs: CliProcess[] = [];

  before(async () => {
    cluster = await startRedisCluster();
  });
  after(async () => {
    for (const p of procs) {
      p.child.kill('SIGCONT');
      p.child.kill('SIGKILL');
    }
    await Promise.all(clients.map((c) => c.close()));
    await cluster.stop();
  });

  const clientOf = async (key: string): Promise<RedisRequestClient> => {
    const client = createSlotRequestClient({ seeds: [cluster.urls[5] ?? ''], key });
    clients.push(client);
    await waitFor(() => client.ready, `a connection to the master of ${key}`, 15_000);
    return client;
  };

  const analyzer = (seed: number, stats: string, extra: string[], logs = LOGS): CliProcess => {
    const p = startCli([
      'analyze',
      '--cluster',
      '--redis',
      cluster.urls[seed] ?? '',
      '--transport',
      'streams',
      '--logs-channel',
      logs,
      '--stats-channel',
      stats,
      '--lateness-ms',
      String(LATENESS_MS),
      ...extra,
    ]);
    procs.push(p);
    return p;
  };

  it("keeps every key of a group in its stream's hash slot", async () => {
    for (const stream of [LOGS, 'logs.ingest{3}']) {
      const k = groupKeys(stream, 'g');
      const slot = await cluster.cli('CLUSTER', 'KEYSLOT', stream);
      for (const key of [k.next, k.lease, k.windows, k.producers, k.partials(1_000), k.rollup(10_000)])
        assert.equal(await cluster.cli('CLUSTER', 'KEYSLOT', key), slot, key);
    }
  });

  it("follows the group's slot when it moves to another master", async () => {
    const client = await clientOf('moving.logs');
    const k = groupKeys('moving.logs', 'g');
    assert.equal(await client.call(['SET', k.next, '42']), 'OK');
    const before = await cluster.masterOf('moving.logs');
    const after = await cluster.moveSlot('moving.logs');
    assert.notEqual(after, before);
    const got = await client.call(['GET', k.next]);
    assert.equal(Buffer.isBuffer(got) ? got.toString() : got, '42');
    assert.equal((await client.call(['XADD', 'moving.logs', '*', 'p', 'x'])) instanceof Error, false);
  });

  it('two analyzers in a group, one of them killed -9 holding entries, publish the totals of one analyzer', async () => {
    const single = analyzer(0, SINGLE_STATS, []);
    const a = analyzer(1, GROUP_STATS, ['--group', 'g', '--consumer', 'a', '--claim-idle-ms', '1000']);
    const b = analyzer(2, GROUP_STATS, ['--group', 'g', '--consumer', 'b', '--claim-idle-ms', '1000']);
    await waitFor(() => [single, a, b].every((p) => p.stderr().includes('connected')), 'the analyzers', 20_000);
    // The single analyzer takes its place in the stream once it reads: give it a moment.
    await sleep(1_000);
    const N = 16_000;
    const send = startCli([
      'send',
      '--cluster',
      '--redis',
      cluster.urls[3] ?? '',
      '--transport',
      'streams',
      '--logs-channel',
      LOGS,
      '--count',
      String(N),
      '--rate',
      '4000',
      '--seed',
      'cluster-group',
    ]);
    procs.push(send);
    await sleep(500);
    assert.ok(await stopHolding(b, 'b', [await clientOf(LOGS)], [LOGS]), 'b never held unacknowledged entries');
    b.child.kill('SIGKILL');
    await b.exited;
    assert.equal(await send.exited, 0, send.stderr());

    const groupStats = await clientOf(GROUP_STATS);
    const singleStats = await clientOf(SINGLE_STATS);
    const { group, one } = await settledStats(
      () => statsOf(groupStats, GROUP_STATS),
      () => statsOf(singleStats, SINGLE_STATS),
      N,
      90_000,
    );
    assert.equal(total(one), N);
    assert.equal(total(group), N, a.stderr());
    const starts = seconds(group, 1).map((w) => w.window_start);
    assert.equal(new Set(starts).size, starts.length, 'a 1 s window was published twice');
    assert.deepEqual(byStart(group), byStart(one));

    a.child.kill('SIGTERM');
    single.child.kill('SIGTERM');
    await Promise.all([a.exited, single.exited]);
    assert.match(a.stderr(), /[1-9]\d* taken over from other analyzers/, a.stderr());
  });

  it('--shards 3: a consumer group per shard stream, every window merged over the shards, exact with a member killed -9', async () => {
    const logs = 'sg.logs';
    const shards = ['--shards', '3'];
    const member = (seed: number, name: string): CliProcess =>
      analyzer(
        seed,
        'sg.group.stats',
        [...shards, '--group', 'g', '--consumer', name, '--claim-idle-ms', '1000'],
        logs,
      );
    const single = analyzer(0, 'sg.single.stats', shards, logs);
    const a = member(1, 'a');
    const b = member(2, 'b');
    await waitFor(() => [single, a, b].every((p) => p.stderr().includes('connected')), 'the analyzers', 20_000);
    assert.match(
      a.stderr(),
      /connected to Redis Cluster via redis:\/\/127\.0\.0\.1:\d+; reading sg\.logs\{0\.\.2\} as a in group g/,
    );
    await sleep(1_000);
    const N = 12_000;
    const send = startCli([
      'send',
      '--cluster',
      '--redis',
      cluster.urls[3] ?? '',
      '--transport',
      'streams',
      ...shards,
      '--threads',
      '3',
      '--logs-channel',
      logs,
      '--count',
      String(N),
      '--rate',
      '4000',
    ]);
    procs.push(send);
    const streams = [0, 1, 2].map((k) => `${logs}{${k}}`);
    const clients = await Promise.all(streams.map(clientOf));
    assert.ok(await stopHolding(b, 'b', clients, streams), 'b never held unacknowledged entries');
    b.child.kill('SIGKILL');
    await b.exited;
    assert.equal(await send.exited, 0, send.stderr());
    const lengths = await Promise.all([0, 1, 2].map((k) => cluster.cli('-c', 'XLEN', `${logs}{${k}}`)));
    assert.equal(
      lengths.reduce((n, l) => n + Number(l), 0),
      N,
    );

    const groupStats = await clientOf('sg.group.stats');
    const singleStats = await clientOf('sg.single.stats');
    const { group, one } = await settledStats(
      () => statsOf(groupStats, 'sg.group.stats'),
      () => statsOf(singleStats, 'sg.single.stats'),
      N,
      90_000,
    );
    assert.equal(total(one), N);
    assert.equal(total(group), N, a.stderr());
    const starts = seconds(group, 1).map((w) => w.window_start);
    assert.equal(new Set(starts).size, starts.length, 'a 1 s window was published twice');
    assert.deepEqual(byStart(group), byStart(one));
    a.child.kill('SIGTERM');
    single.child.kill('SIGTERM');
    await Promise.all([a.exited, single.exited]);
    assert.match(a.stderr(), /[1-9]\d* taken over from other analyzers/, a.stderr());
  });

  it("keeps counting every log in the stream once when the master of the group's slot fails over", async () => {
    // fo.logs (slot 13003) and fo.stats (slot 7369) are on different masters: the statistics survive.
    const logs = 'fo.logs';
    const member = (seed: number, name: string): CliProcess =>
      analyzer(seed, 'fo.stats', ['--group', 'g', '--consumer', name, '--claim-idle-ms', '1000'], logs);
    const a = member(1, 'a');
    const b = member(2, 'b');
    await waitFor(() => [a, b].every((p) => p.stderr().includes('connected')), 'the analyzers', 20_000);
    const send = startCli([
      'send',
      '--cluster',
      '--redis',
      cluster.urls[3] ?? '',
      '--transport',
      'streams',
      '--logs-channel',
      logs,
      '--count',
      '12000',
      '--rate',
      '3000',
    ]);
    procs.push(send);
    await sleep(1_500);
    await cluster.killMaster(await cluster.masterOf(logs), 30_000);
    assert.equal(await send.exited, 0, send.stderr());
    // What the new master holds is what counts: writes the old one had not passed on are gone.
    const stream = await clientOf(logs);
    const stats = await clientOf('fo.stats');
    const kept = Number(await stream.call(['XLEN', logs]));
    assert.ok(kept > 0);
    let group: WindowStats[] = [];
    const deadline = Date.now() + 90_000;
    while (total(group) < kept && Date.now() < deadline) {
      await sleep(250);
      group = await statsOf(stats, 'fo.stats');
    }
    await sleep(1_500);
    group = await statsOf(stats, 'fo.stats');
    assert.equal(total(group), kept, `${a.stderr()}\n${b.stderr()}`);
    const starts = seconds(group, 1).map((w) => w.window_start);
    assert.equal(new Set(starts).size, starts.length, 'a 1 s window was published twice');
  });
});
