import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { decodeLog } from '../src/protocol/log-decode.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisCluster, type RedisClusterHandle } from './helpers/redis-cluster.js';
import { waitFor } from './helpers/wait-for.js';

function numberAfter(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  assert.ok(m?.[1] !== undefined, `no ${pattern} in:\n${text}`);
  return Number(m[1]);
}

const connections = (p: CliProcess): number =>
  p
    .stderr()
    .split('\n')
    .filter((l) => l.includes('connected to ')).length;

describe('failover: the master of logs.ingest is killed -9 under a running sender and analyzer', () => {
  let cluster: RedisClusterHandle | undefined;
  let watcher: Bus | undefined;
  const procs: CliProcess[] = [];
  afterEach(async () => {
    for (const p of procs.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await watcher?.close();
    await cluster?.stop();
  });

  const cases = [
    { transport: 'pubsub', shards: 1 },
    { transport: 'streams', shards: 1 },
    // Three sender threads over three shards; the master killed serves the slot of logs.ingest{1}.
    { transport: 'streams', shards: 3 },
  ] as const;
  for (const { transport, shards } of cases) {
    const label = shards > 1 ? `${transport} over ${shards} shards` : transport;
    it(
      `${label}: the replica takes over, every process reconnects by itself and the analyzer counts exactly what it missed`,
      { timeout: 120_000 },
      async () => {
        cluster = await startRedisCluster();
        const seed = cluster.urls[0] ?? '';
        const common = ['--cluster', '--redis', seed, '--transport', transport, '--shards', String(shards)];
        watcher = openBus({
          url: seed,
          cluster: { seeds: [] },
          transport,
          name: 'failover-e2e',
          ...(shards > 1 ? { shards: { channel: 'logs.ingest', count: shards } } : {}),
        });
        const seen = new Set<string>();
        await watcher.subscribe('logs.ingest', (payload) => {
          const stamp = decodeLog(payload, Date.now()).producer;
          if (stamp !== undefined) seen.add(`${stamp.id}:${stamp.seq}`);
        });
        let windows = 0;
        await watcher.subscribe('stats.update', (payload) => (windows += decodeStats(payload).length));

        const analyzer = startCli(['analyze', ...common, '--lateness-ms', '300']);
        procs.push(analyzer);
        await waitFor(() => windows > 0, 'the first window', 15_000);
        const sender = startCli(['send', ...common, '--rate', '2000', '--threads', String(shards)]);
        procs.push(sender);
        await waitFor(() => seen.size >= 2_000, 'a second of logs', 15_000);

        const victim = await cluster.masterOf(shards > 1 ? 'logs.ingest{1}' : 'logs.ingest');
        const killedAt = Date.now();
        await cluster.killMaster(victim);
        const promoted = Date.now();
        assert.notEqual(await cluster.masterOf(shards > 1 ? 'logs.ingest{1}' : 'logs.ingest'), victim);
        await waitFor(() => connections(analyzer) >= 2 && connections(sender) >= 2, 'both to reconnect', 15_000);
        const before = seen.size;
        await waitFor(() => seen.size >= before + 2_000, 'logs flowing again', 15_000);
        assert.equal(analyzer.child.exitCode, null, 'the analyzer is alive');
        // The watcher's own connection may see logs again before the analyzer's reader says it resumed.
        await waitFor(
          () => /receiving again after/.test(analyzer.stderr()),
          'the analyzer to say it receives again',
          15_000,
        );

        sender.child.kill('SIGTERM');
        assert.equal(await sender.exited, 143);
        const sent = numberAfter(sender.stderr(), /sent (\d+) logs \(seq 1\.\./);
        const dropped = numberAfter(sender.stderr(), /(\d+) dropped while Redis was unreachable\n/);
        const lasts = [...sender.stderr().matchAll(/seq 1\.\.(\d+) of (\S+?)[,)]/g)].map((m) => `${m[2]}:${m[1]}`);
        assert.equal(lasts.length, shards, sender.stderr());
        await waitFor(
          () => lasts.every((l) => seen.has(l)),
          `the watcher to receive the last logs, ${lasts.join(' ')}`,
          15_000,
        );
        await new Promise((r) => setTimeout(r, 1_500)); // the last windows close (lateness) and go out
        analyzer.child.kill('SIGTERM');
        assert.equal(await analyzer.exited, 143);
        const summary = analyzer.stderr();
        const stamped = numberAfter(summary, new RegExp(`(\\d+) stamped by ${shards} producers`));
        const missed = numberAfter(summary, /\), (\d+) missed/);
        const reordered = numberAfter(summary, /(\d+) out of order/);
        const report = `${label}: sent ${sent}, dropped by the sender ${dropped}; analyzer stamped ${stamped}, missed ${missed}; failover took ${promoted - killedAt} ms`;
        assert.equal(reordered, 0, report);
        assert.equal(missed, sent - stamped, `gaps are counted exactly: ${report}`);
        // Streams resume from the last entry read: only what the sender could not hand over is missing.
        if (transport === 'streams') {
          assert.ok(missed <= dropped, `nothing lost within retention: ${report}`);
          assert.match(analyzer.stderr(), /resumed where it stopped, nothing missed/);
        }
        console.log(`# ${report}`);
      },
    );
  }
});
