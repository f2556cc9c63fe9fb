import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { createClusterBus } from '../src/bus/cluster/cluster-bus.js';
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

  for (const transport of ['pubsub', 'streams'] as const) {
    it(
      `${transport}: the replica takes over, every process reconnects by itself and the analyzer counts exactly what it missed`,
      { timeout: 120_000 },
      async () => {
        cluster = await startRedisCluster();
        const seed = cluster.urls[0] ?? '';
        const common = ['--cluster', '--redis', seed, '--transport', transport];
        watcher = createClusterBus({ seeds: [seed], transport, name: 'failover-e2e' });
        const seen = new Set<number>();
        await watcher.subscribe('logs.ingest', (payload) => {
          const stamp = decodeLog(payload, Date.now()).producer;
          if (stamp !== undefined) seen.add(stamp.seq);
        });
        let windows = 0;
        await watcher.subscribe('stats.update', (payload) => (windows += decodeStats(payload).length));

        const analyzer = startCli(['analyze', ...common, '--lateness-ms', '300']);
        procs.push(analyzer);
        await waitFor(() => windows > 0, 'the first window', 15_000);
        const sender = startCli(['send', ...common, '--rate', '2000']);
        procs.push(sender);
        await waitFor(() => seen.size >= 2_000, 'a second of logs', 15_000);

        const victim = await cluster.masterOf('logs.ingest');
        const killedAt = Date.now();
        await cluster.killMaster(victim);
        const promoted = Date.now();
        assert.notEqual(await cluster.masterOf('logs.ingest'), victim);
        await waitFor(() => connections(analyzer) >= 2 && connections(sender) >= 2, 'both to reconnect', 15_000);
        const before = seen.size;
        await waitFor(() => seen.size >= before + 2_000, 'logs flowing again', 15_000);
        assert.equal(analyzer.child.exitCode, null, 'the analyzer is alive');
        assert.match(analyzer.stderr(), /receiving again after/);

        sender.child.kill('SIGTERM');
        assert.equal(await sender.exited, 143);
        const sent = numberAfter(sender.stderr(), /sent (\d+) logs \(seq 1\.\./);
        const dropped = numberAfter(sender.stderr(), /(\d+) dropped while Redis was unreachable\n/);
        await waitFor(() => seen.has(sent), `the watcher to receive the last log, ${sent}`, 15_000);
        await new Promise((r) => setTimeout(r, 1_500)); // the last windows close (lateness) and go out
        analyzer.child.kill('SIGTERM');
        assert.equal(await analyzer.exited, 143);
        const summary = analyzer.stderr();
        const stamped = numberAfter(summary, /(\d+) stamped by 1 producers/);
        const missed = numberAfter(summary, /\), (\d+) missed/);
        const reordered = numberAfter(summary, /(\d+) out of order/);
        const report = `${transport}: sent ${sent}, dropped by the sender ${dropped}; analyzer stamped ${stamped}, missed ${missed}; failover took ${promoted - killedAt} ms`;
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
