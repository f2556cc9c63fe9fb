import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { createClusterBus } from '../src/bus/cluster/cluster-bus.js';
import { payloadText } from '../src/protocol/payload.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { CLI, runCli, startCli, type CliProcess } from './helpers/cli.js';
import { startRedisCluster, type RedisClusterHandle } from './helpers/redis-cluster.js';
import { screenHas, startTmux } from './helpers/tmux.js';
import { waitFor } from './helpers/wait-for.js';

/** Sums the 1 s windows a stats subscriber saw, by window start (a window may be published again). */
function windowTotals(bus: Bus, channel: string): Promise<() => number> {
  const windows = new Map<string, WindowStats>();
  return bus
    .subscribe(channel, (payload) => {
      for (const w of decodeStats(payload)) if (w.window_seconds === 1) windows.set(w.window_start, w);
    })
    .then(() => () => [...windows.values()].reduce((n, w) => n + w.total_count, 0));
}

describe('logstream against a Redis Cluster of 3 masters and 3 replicas', { timeout: 120_000 }, () => {
  let cluster: RedisClusterHandle;
  let watcher: Bus;
  const procs: CliProcess[] = [];

  before(async () => {
    cluster = await startRedisCluster();
    watcher = createClusterBus({ seeds: [cluster.urls[4] ?? ''], name: 'cluster-e2e' });
  });
  after(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await watcher.close();
    await cluster.stop();
  });

  it('send → analyze → stats over sharded Pub/Sub, given one seed node each', async () => {
    const total = await windowTotals(watcher, 'e2e.pubsub.stats');
    const analyzer = startCli([
      'analyze',
      '--cluster',
      '--redis',
      cluster.urls[3] ?? '',
      '--logs-channel',
      'e2e.pubsub',
      '--stats-channel',
      'e2e.pubsub.stats',
      '--lateness-ms',
      '200',
    ]);
    procs.push(analyzer);
    await waitFor(() => analyzer.stderr().includes('connected to '), 'the analyzer to connect', 15_000);
    // Windows flowing show the analyzer subscribed: nothing sent before that is counted.
    await waitFor(() => watcher.counters().received > 0, 'the first window', 15_000);
    const sent = await runCli([
      'send',
      '--cluster',
      '--redis',
      `${cluster.urls[0] ?? ''},${cluster.urls[1] ?? ''}`,
      '--logs-channel',
      'e2e.pubsub',
      '--count',
      '3000',
      '--rate',
      '3000',
    ]);
    assert.equal(sent.code, 0, sent.stderr);
    await waitFor(() => total() === 3000, `3,000 logs counted in the windows (got ${total()})`, 15_000);
    analyzer.child.kill('SIGTERM');
    assert.equal(await analyzer.exited, 143);
    assert.match(analyzer.stderr(), /received 3000 logs/);
  });

  it('--shards 3 streams spreads logs.ingest{0..2} over the masters and the analyzer merges them', async () => {
    const streams = createClusterBus({ seeds: [cluster.urls[4] ?? ''], transport: 'streams' });
    const total = await windowTotals(streams, 'e2e.sharded.stats');
    const common = ['--cluster', '--redis', cluster.urls[2] ?? '', '--transport', 'streams', '--shards', '3'];
    const analyzer = startCli([
      'analyze',
      ...common,
      '--logs-channel',
      'e2e.sharded',
      '--stats-channel',
      'e2e.sharded.stats',
      '--lateness-ms',
      '200',
    ]);
    procs.push(analyzer);
    await waitFor(
      () => streams.counters().received > 0 && analyzer.stderr().includes('connected to '),
      'the analyzer',
      15_000,
    );
    // Three sender threads, each with its own producer and so its own shard, picked at random.
    const sent = await runCli([
      'send',
      ...common,
      '--logs-channel',
      'e2e.sharded',
      '--threads',
      '3',
      '--count',
      '6000',
      '--rate',
      '6000',
    ]);
    assert.equal(sent.code, 0, sent.stderr);
    const lengths = await Promise.all([0, 1, 2].map((k) => cluster.cli('-c', 'XLEN', `e2e.sharded{${k}}`)));
    assert.equal(
      lengths.reduce((n, l) => n + Number(l), 0),
      6000,
      `shard lengths ${lengths.join(', ')}`,
    );
    assert.equal(await cluster.cli('-c', 'EXISTS', 'e2e.sharded'), '0', 'nothing written to the unsharded name');
    await waitFor(() => total() === 6000, `6,000 logs counted in the windows (got ${total()})`, 20_000);
    analyzer.child.kill('SIGTERM');
    assert.equal(await analyzer.exited, 143);
    assert.match(analyzer.stderr(), /received 6000 logs/);
    await streams.close();
  });

  it('ship and ingest publish into the cluster', async () => {
    const got: string[] = [];
    await watcher.subscribe('e2e.ship', (p) => got.push(`ship:${payloadText(p)}`));
    await watcher.subscribe('e2e.ingest', (p) => got.push(`ingest:${payloadText(p)}`));
    const dir = mkdtempSync(join(tmpdir(), 'logstream-cluster-'));
    try {
      const file = join(dir, 'app.log');
      const line = (i: number): string => JSON.stringify({ level: 'INFO', service: 'shipped', message: `line ${i}` });
      writeFileSync(file, Array.from({ length: 100 }, (_, i) => line(i)).join('\n') + '\n');
      const shipped = await runCli([
        'ship',
        '--no-follow',
        '--cluster',
        '--redis',
        cluster.urls[2] ?? '',
        '--logs-channel',
        'e2e.ship',
        file,
      ]);
      assert.equal(shipped.code, 0, shipped.stderr);
      await waitFor(() => got.filter((g) => g.startsWith('ship:')).length === 100, '100 shipped logs', 10_000);

      const ingest = startCli([
        'ingest',
        '--http',
        '127.0.0.1:0',
        '--cluster',
        '--redis',
        cluster.urls[3] ?? '',
        '--logs-channel',
        'e2e.ingest',
      ]);
      procs.push(ingest);
      await waitFor(() => /http listening on 127\.0\.0\.1:\d+/.test(ingest.stderr()), 'ingest listening', 15_000);
      const port = /listening on 127\.0\.0\.1:(\d+)/.exec(ingest.stderr())?.[1] ?? '';
      const body = join(dir, 'body');
      writeFileSync(body, [line(1), line(2), line(3)].join('\n'));
      const { stdout: status } = await promisify(execFile)('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '--data-binary',
        `@${body}`,
        `http://127.0.0.1:${port}/`,
      ]);
      assert.match(status, /^20\d$/);
      await waitFor(() => got.filter((g) => g.startsWith('ingest:')).length === 3, '3 ingested logs', 10_000);
      ingest.child.kill('SIGTERM');
      await ingest.exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a command given one node without --cluster finds the cluster and writes each stream on its master', async () => {
    const url = cluster.urls[0] ?? '';
    // A stream whose slot another master serves: a single-server client would get MOVED.
    const names = Array.from({ length: 20 }, (_, i) => `e2e.elsewhere.${i}`);
    const owners = await Promise.all(names.map((n) => cluster.masterOf(n)));
    const channel = names.find((_, i) => owners[i] !== cluster.nodes[0]?.port) ?? '';
    const r = await runCli([
      'send',
      '--redis',
      url,
      '--transport',
      'streams',
      '--logs-channel',
      channel,
      '--count',
      '50',
      '--rate',
      '1000',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /MOVED|redirects/);
    assert.equal(await cluster.cli('-c', 'XLEN', channel), '50');
  });

  it('the TUI shows the logs of a cluster', async () => {
    const term = await startTmux(
      `TZ=UTC ${process.execPath} ${CLI} tui --cluster --redis ${cluster.urls[1] ?? ''} --logs-channel e2e.tui; echo EXIT=$?; sleep 600`,
      { cols: 140, rows: 32 },
    );
    try {
      await term.waitFor((l) => screenHas(l, /connected|ready|0 logs/i), 15_000, 'the TUI to start');
      const sender = startCli([
        'send',
        '--cluster',
        '--redis',
        cluster.urls[5] ?? '',
        '--logs-channel',
        'e2e.tui',
        '--rate',
        '200',
      ]);
      procs.push(sender);
      await term.waitFor((l) => screenHas(l, /\b[1-9][\d,]* logs\b/), 15_000, 'logs arriving in the TUI');
      sender.child.kill('SIGTERM');
      await sender.exited;
    } finally {
      await term.kill();
    }
  });
});
