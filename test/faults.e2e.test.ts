import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { decodeLog } from '../src/protocol/log-decode.js';
import { decodeStats } from '../src/protocol/stats-codec.js';
import type { WindowStats } from '../src/protocol/stats.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const RESTARTS = 3;
const DOWN_MS = 700;
/** The bound: every client is back within 2 s of Redis answering again. */
const RECONNECT_WITHIN_MS = 2_000;

/** How many times a process has reported (re)connecting on its stderr. */
function connections(stderr: () => string): () => number {
  return () =>
    stderr()
      .split('\n')
      .filter((line) => line.includes('connected to ')).length;
}

/** Waits for the `n`-th connection of each watched client; returns how long after `since` each came. */
async function reconnectDelays(
  clients: Record<string, () => number>,
  n: number,
  since: number,
): Promise<Record<string, number>> {
  const delays: Record<string, number> = {};
  const deadline = Date.now() + 10_000;
  while (Object.keys(delays).length < Object.keys(clients).length && Date.now() < deadline) {
    for (const [name, count] of Object.entries(clients)) {
      if (delays[name] === undefined && count() >= n) delays[name] = Date.now() - since;
    }
    await delay(10);
  }
  return delays;
}

function numberAfter(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  assert.ok(m?.[1] !== undefined, `no ${pattern} in:\n${text}`);
  return Number(m[1]);
}

describe('faults: Redis killed and restarted under a running sender and analyzer', () => {
  let redis: RedisServerHandle | undefined;
  let watcher: Bus | undefined;
  const procs: CliProcess[] = [];

  after(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await watcher?.close();
    await redis?.stop();
  });

  it(
    'survives three SIGKILLs, reconnects within 2 s and counts exactly the logs the analyzer missed',
    { timeout: 90_000 },
    async () => {
      redis = await startRedisServer();
      const url = redis.url;

      // The test's own subscriber: every sequence number it receives, and the windows it sees.
      watcher = openBus({ url, name: 'e2e-faults' });
      let watcherReady = 0;
      watcher.onStatus((s) => {
        if (s.state === 'ready') watcherReady++;
      });
      const seen = new Set<number>();
      let producer: string | undefined;
      await watcher.subscribe('logs.ingest', (payload) => {
        const stamp = decodeLog(payload, Date.now()).producer;
        if (stamp === undefined) return;
        producer ??= stamp.id;
        seen.add(stamp.seq);
      });
      const windows = new Map<string, WindowStats>();
      await watcher.subscribe('stats.update', (payload) => {
        // Only the 1 s windows: the 10 s and 1 min ones share their start times.
        for (const w of decodeStats(payload)) if (w.window_seconds === 1) windows.set(w.window_start, w);
      });

      const analyzer = startCli(['analyze', '--redis', url, '--lateness-ms', '300']);
      procs.push(analyzer);
      await waitFor(() => analyzer.stderr().includes('connected to '), 'the analyzer to connect', 10_000);
      // A published window shows the analyzer is subscribed and running: nothing is sent before.
      await waitFor(() => windows.size > 0, 'the first window', 10_000);

      const sender = startCli(['send', '--redis', url, '--rate', '2000']);
      procs.push(sender);
      await waitFor(() => seen.size >= 2_000, 'a second of logs', 10_000);

      const clients = {
        analyzer: connections(() => analyzer.stderr()),
        sender: connections(() => sender.stderr()),
        watcher: () => watcherReady,
      };
      for (let round = 1; round <= RESTARTS; round++) {
        await redis.kill('SIGKILL');
        await delay(DOWN_MS);
        await redis.restart();
        const back = Date.now();
        const delays = await reconnectDelays(clients, round + 1, back);
        for (const name of Object.keys(clients)) {
          const ms = delays[name];
          assert.ok(
            ms !== undefined && ms <= RECONNECT_WITHIN_MS,
            `round ${round}: ${name} reconnected after ${ms ?? 'never'} ms`,
          );
        }
        assert.equal(analyzer.child.exitCode, null, 'the analyzer is alive');
        assert.equal(sender.child.exitCode, null, 'the sender is alive');
        const before = seen.size;
        await waitFor(() => seen.size >= before + 2_000, `logs flowing again after restart ${round}`, 10_000);
      }

      // Stop the sender; its summary says how many sequence numbers it handed out.
      sender.child.kill('SIGTERM');
      assert.equal(await sender.exited, 143);
      const sent = numberAfter(sender.stderr(), /sent (\d+) logs \(seq 1\.\./);
      const busDropped = numberAfter(sender.stderr(), /(\d+) dropped while Redis was unreachable\n/);
      await waitFor(() => seen.has(sent), `the watcher to receive the last log, ${sent}`, 10_000);
      // Every window holding the last logs closes (end + 300 ms) and is published.
      const lastWindow = Date.now();
      await waitFor(
        () => [...windows.keys()].some((start) => Date.parse(start) > lastWindow + 1_000),
        'the windows after the stream',
        10_000,
      );

      assert.equal(analyzer.child.exitCode, null, 'the analyzer is alive');
      analyzer.child.kill('SIGTERM');
      assert.equal(await analyzer.exited, 143);
      const summary = analyzer.stderr();
      const received = numberAfter(summary, /received (\d+) logs/);
      const stamped = numberAfter(summary, /(\d+) stamped by 1 producers/);
      const missed = numberAfter(summary, /\), (\d+) missed/);
      const windowLogs = numberAfter(summary, /windows published: (\d+) logs/);
      const windowMissed = numberAfter(summary, /logs, (\d+) missed\n/);
      // With no duplicates, the count of logs received equals the count of distinct numbers received.
      const reordered = numberAfter(summary, /(\d+) out of order/);

      // The analyzer heard seq 1 (it was subscribed first) and the last one (Redis was up at the
      // end, as the watcher shows): every number in between that it did not count is missing.
      const trueMissed = sent - stamped;
      const watcherMissed = sent - seen.size;
      const report =
        `sent ${sent}, bus dropped ${busDropped}; analyzer received ${stamped} stamped, missed ${missed} ` +
        `(windows: ${windowLogs} logs, ${windowMissed} missed); watcher missed ${watcherMissed}; producer ${producer}`;
      assert.equal(reordered, 0, report);
      assert.equal(stamped, received, report);
      assert.equal(missed, trueMissed, report);
      assert.equal(windowMissed, missed, `the windows carry every gap: ${report}`);
      assert.equal(windowLogs, received, `no log counted twice or left in a stuck window: ${report}`);
      // What the watcher saw of the stats is a lower bound (it was cut off too).
      const seenMissed = [...windows.values()].reduce((n, w) => n + w.missed_count, 0);
      assert.ok(seenMissed <= windowMissed, report);
      // The watcher only ever saw numbers the sender handed out.
      assert.ok(
        [...seen].every((seq) => Number.isInteger(seq) && seq >= 1 && seq <= sent),
        report,
      );
      console.log(`# ${report}`);
    },
  );
});
