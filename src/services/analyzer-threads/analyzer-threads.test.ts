import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { createMemoryBus } from '../../bus/memory-bus.js';
import { createRandom } from '../../core/random.js';
import { encodeLog } from '../../protocol/log-encode.js';
import { formatWireTimestamp } from '../../protocol/timestamp.js';
import { decodeStats } from '../../protocol/stats-codec.js';
import type { WindowStats } from '../../protocol/stats.js';
import { createLogGenerator } from '../../sources/generator.js';
import { startAnalyzer, type Analyzer } from '../analyzer.js';
import { startAnalyzerThreads, type ThreadedAnalyzer } from './analyzer-threads.js';

const LOGS = 'logs.ingest';
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0, 250);

/**
 * One bus, one clock, and two analyzers reading the same logs: `startAnalyzer` and
 * `startAnalyzerThreads`, each publishing on its own stats channel.
 */
async function pair(threads: number, extra: { latenessMs?: number; maxLineBytes?: number } = {}) {
  const clock = { t: T0 };
  const bus = createMemoryBus({ maxQueue: 1_000_000, highWaterMark: 1_000_000 });
  const seen = { one: [] as WindowStats[], threads: [] as WindowStats[] };
  await bus.subscribe('stats.one', (p) => seen.one.push(...decodeStats(p)));
  await bus.subscribe('stats.threads', (p) => seen.threads.push(...decodeStats(p)));
  const now = (): number => clock.t;
  const one: Analyzer = await startAnalyzer(bus, { logsChannel: LOGS, statsChannel: 'stats.one', now, ...extra });
  const threaded: ThreadedAnalyzer = await startAnalyzerThreads(bus, {
    logsChannel: LOGS,
    statsChannel: 'stats.threads',
    now,
    threads,
    ...extra,
  });
  return {
    bus,
    one,
    threaded,
    seen,
    clock,
    /** Publishes, lets both analyzers receive, and waits for the threads to count it all. */
    async publish(payloads: readonly (string | Buffer)[]): Promise<void> {
      for (const p of payloads) bus.publish(LOGS, p);
      await turn();
      await turn();
      await threaded.settled();
    },
    /** Moves the clock and both analyzers' timers forward in 100 ms steps. */
    async advance(ms: number): Promise<void> {
      for (let done = 0; done < ms; done += 100) {
        clock.t += 100;
        mock.timers.tick(100);
        await turn();
        await threaded.settled();
      }
    },
    async close(): Promise<void> {
      await one.stop();
      await threaded.stop();
      await threaded.done;
      await bus.close();
    },
  };
}

/**
 * Logs of every kind, arriving in steps of 100 ms over `seconds`, with now and then a burst of
 * many batches: the generator's (with and without latencies, errors in bursts), stamped by
 * three producers, one of which loses logs, repeats and restarts; plain text; JSON without a
 * time; logs late beyond the lateness and from the far future; oversized payloads; as strings
 * and as Buffers.
 */
function* traffic(seed: string, seconds: number, clock: { t: number }): Generator<(string | Buffer)[], void> {
  const rng = createRandom(seed);
  const generator = createLogGenerator({ seed });
  const seqs = [0, 0, 0];
  for (let step = 0; step < seconds * 10; step++) {
    const batch: (string | Buffer)[] = [];
    // Now and then a burst of several batches at once, so that threads finish them out of order.
    for (let i = step % 25 === 5 ? 12_000 : rng.int(0, 400); i > 0; i--) {
      const roll = rng.next();
      const p = rng.int(0, 2);
      if (p === 2 && rng.chance(0.01)) seqs[2] = rng.chance(0.5) ? (seqs[2] as number) + rng.int(2, 40) : 0;
      const seq = (seqs[p] = (seqs[p] as number) + 1);
      const stamp =
        roll < 0.8 ? `,"_ls":{"p":"send-prod000${p}","s":${p === 2 && rng.chance(0.02) ? seq - 3 : seq}}` : '';
      const at = clock.t + rng.int(-300, 50);
      let log: string;
      if (roll < 0.9) log = generator.nextJson(at, stamp);
      else if (roll < 0.93) log = `plain text line ${rng.int(0, 9)} failed`;
      else if (roll < 0.95) log = `{"level":"error","service":"edge","message":"no time ${rng.int(0, 99)}"}`;
      else if (roll < 0.97)
        log = encodeLog({ time: at - rng.int(2_000, 60_000), level: 'warn', service: 'late', message: 'old' });
      else if (roll < 0.98)
        log = `{"timestamp":"${formatWireTimestamp(at + 60_000)}","level":"info","service":"clock","message":"ahead"}`;
      else if (roll < 0.99) log = `{"message":"${'x'.repeat(rng.int(100, 3_000))}"}`;
      else log = generator.nextJson(at - 700, stamp);
      batch.push(rng.chance(0.5) ? Buffer.from(log) : log);
    }
    yield batch;
  }
}

describe('startAnalyzerThreads', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  for (const threads of [1, 2, 3]) {
    it(`publishes the windows one thread publishes, window for window, on ${threads} thread(s)`, async () => {
      const h = await pair(threads, { maxLineBytes: 2_000 });
      for (const batch of traffic(`threads-${threads}`, 14, h.clock)) {
        await h.publish(batch);
        await h.advance(100);
      }
      await h.advance(3_000);
      const ones = h.seen.one;
      assert.ok(ones.length >= 18, `${ones.length} windows`);
      assert.ok(ones.some((w) => w.window_seconds === 10 && w.total_count > 0));
      assert.ok(ones.some((w) => w.missed_count > 0 && w.late_count > 0 && w.latency_ms !== null));
      assert.deepEqual(h.seen.threads, ones);
      assert.deepEqual(h.threaded.counters(), h.one.counters());
      assert.ok(h.one.counters().truncated > 0 && h.one.counters().reordered > 0);
      await h.close();
    });
  }

  it('keeps the series when nothing arrives and when logs come after an idle spell', async () => {
    const h = await pair(2, { latenessMs: 2_500 });
    await h.advance(200);
    // Within the lateness, before the analyzers started: an earlier window opens.
    await h.publish([encodeLog({ time: T0 - 2_000, level: 'info', service: 'a', message: 'early' })]);
    await h.advance(5_000);
    await h.publish([encodeLog({ time: h.clock.t, level: 'error', service: 'b', message: 'back' })]);
    await h.advance(4_000);
    // The process was suspended for 200 s: one close makes up the newest 120 empty windows.
    h.clock.t += 200_000;
    await h.publish([encodeLog({ time: h.clock.t - 3_000, level: 'info', service: 'c', message: 'resumed' })]);
    await h.advance(4_000);
    const ones = h.seen.one.filter((w) => w.window_seconds === 1);
    assert.equal(ones[0]?.window_start, '2026-11-28T10:59:58.000Z');
    assert.ok(ones.length >= 130, `${ones.length} windows`);
    assert.equal(
      ones.reduce((n, w) => n + w.total_count, 0),
      3,
    );
    assert.deepEqual(h.seen.threads, h.seen.one);
    await h.close();
  });

  it('counts what it received before it was stopped, and stops its threads', async () => {
    const h = await pair(2);
    const payloads = [...traffic('stop', 1, h.clock)].flat();
    for (const p of payloads) h.bus.publish(LOGS, p);
    await turn();
    await turn();
    await h.threaded.stop();
    assert.equal(h.threaded.counters().received, payloads.length);
    assert.equal(h.threaded.counters().received, h.one.counters().received);
    await h.close();
  });
});
