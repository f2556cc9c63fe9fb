import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { createMemoryBus } from '../bus/memory-bus.js';
import { encodeLog } from '../protocol/log-encode.js';
import { createLogGenerator } from '../sources/generator.js';
import { decodeStats } from '../protocol/stats-codec.js';
import type { WindowStats } from '../protocol/stats.js';
import { startAnalyzer } from './analyzer.js';

const LOGS = 'logs.ingest';
const STATS = 'stats.update';
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

/** A stamped log as `logstream send` publishes it. */
function stamped(seq: number, time: number, producer = 'send-test0001'): string {
  return `${encodeLog({ time, level: 'info', service: 'api', message: `log ${seq}` }).slice(0, -1)},"_ls":{"p":"${producer}","s":${seq}}}`;
}

/** An analyzer on a memory bus, its clock and timers driven by the test. */
async function harness() {
  const clock = { t: T0 };
  const bus = createMemoryBus();
  const windows: WindowStats[] = [];
  await bus.subscribe(STATS, (payload) => windows.push(...decodeStats(payload)));
  const analyzer = await startAnalyzer(bus, { logsChannel: LOGS, statsChannel: STATS, now: () => clock.t });
  return {
    bus,
    analyzer,
    windows,
    /** Publishes logs and lets the bus deliver them, the clock standing still. */
    async publish(payloads: (string | Buffer)[]): Promise<void> {
      for (const p of payloads) bus.publish(LOGS, p);
      await turn();
      await turn();
    },
    /** Moves the clock and the analyzer's timer forward in 100 ms steps. */
    async advance(ms: number): Promise<void> {
      for (let done = 0; done < ms; done += 100) {
        clock.t += 100;
        mock.timers.tick(100);
        await turn();
      }
    },
    clock,
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('startAnalyzer', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('counts gaps in a producer sequence as missed_count in the window where they show', async () => {
    const h = await harness();
    await h.publish(range(1, 10).map((s) => stamped(s, T0 + 50)));
    await h.advance(1_000);
    // 11..14 never arrive; 15 reveals them at T0 + 1,100.
    await h.publish([stamped(15, h.clock.t), stamped(16, h.clock.t), 'plain text', stamped(3, h.clock.t)]);
    await h.advance(2_000);
    const counts = h.windows.map((w) => [w.total_count, w.missed_count]);
    assert.deepEqual(counts.slice(0, 2), [
      [10, 0],
      [4, 4],
    ]);
    assert.deepEqual(h.analyzer.counters(), {
      received: 14,
      plain: 1,
      truncated: 0,
      stamped: 13,
      missed: 4,
      reordered: 1,
      producers: 1,
      windows: h.windows.length,
      windowLogs: 14,
      windowMissed: 4,
    });
    await h.analyzer.stop();
    await h.bus.close();
  });

  it('keeps closing windows through an outage and counts each log once after it', async () => {
    const h = await harness();
    let seq = 0;
    const second = async (n: number): Promise<void> => {
      await h.publish(range(1, n).map(() => stamped(++seq, h.clock.t)));
      await h.advance(1_000);
    };
    await second(50);
    await second(50);
    // Outage: 4 s in which nothing arrives. The producer held 30 logs (sent late, with their
    // old times) and lost 20 more.
    const outageStart = h.clock.t;
    const held = range(1, 30).map((i) => stamped(++seq, outageStart + i * 10));
    seq += 20;
    await h.advance(4_000);
    assert.ok(h.windows.length >= 5, 'windows went on closing while nothing arrived');
    await h.publish(held);
    await second(50);
    await second(50);
    await h.advance(2_000);

    const starts = h.windows.map((w) => Date.parse(w.window_start));
    assert.deepEqual(
      starts,
      range(0, starts.length - 1).map((i) => T0 + i * 1_000),
      'one window per second, none twice',
    );
    assert.ok(starts.at(-1)! >= h.clock.t - 2_500, 'no window stuck open');
    const sum = (f: (w: WindowStats) => number): number => h.windows.reduce((n, w) => n + f(w), 0);
    assert.equal(
      sum((w) => w.total_count),
      230,
    );
    assert.equal(
      sum((w) => w.late_count),
      30,
    );
    assert.equal(
      sum((w) => w.missed_count),
      20,
    );
    // The gap shows in the window of the first log after it, with the late ones.
    const resumed = h.windows.find((w) => w.missed_count > 0);
    assert.equal(resumed?.late_count, 30);
    await h.analyzer.stop();
    await h.bus.close();
  });

  it('truncates oversized payloads at maxLineBytes and counts them', async () => {
    const clock = { t: T0 };
    const bus = createMemoryBus();
    const analyzer = await startAnalyzer(bus, {
      logsChannel: LOGS,
      statsChannel: STATS,
      now: () => clock.t,
      maxLineBytes: 200,
    });
    bus.publish(LOGS, 'x'.repeat(201));
    bus.publish(LOGS, stamped(1, T0));
    await turn();
    await turn();
    const c = analyzer.counters();
    assert.deepEqual([c.received, c.truncated, c.plain, c.stamped], [2, 1, 1, 1]);
    await analyzer.stop();
    await bus.close();
  });

  it('counts the same windows from the bytes a Redis subscriber delivers as from text', async () => {
    const generator = createLogGenerator({ seed: 'analyzer-bytes' });
    const logs: string[] = [];
    for (let i = 0; i < 3000; i++)
      logs.push(generator.nextJson(T0 + 200 + i * 0.5, i % 4 === 0 ? '' : `,"_ls":{"p":"send-bytes001","s":${i + 1}}`));
    logs.push(
      'plain text',
      '{"msg":"pino style","level":50,"time":1764327600300}',
      '{"timestamp":"2026-11-28T11:00:00.4","level":"loud","service":"a","message":"ERROR x"}',
    );
    const text = await harness();
    const bytes = await harness();
    await text.publish(logs);
    // As views into one block, the way the Redis bus hands them over.
    const block = Buffer.from(logs.join('\r\n'));
    let at = 0;
    await bytes.publish(
      logs.map((log) => {
        const n = Buffer.byteLength(log);
        const view = block.subarray(at, at + n);
        at += n + 2;
        return view;
      }),
    );
    await text.advance(3000);
    await bytes.advance(3000);
    assert.ok(text.windows.some((w) => w.total_count > 0 && w.error_count > 0 && w.latency_ms !== null));
    assert.deepEqual(bytes.windows, text.windows);
    assert.deepEqual(bytes.analyzer.counters(), text.analyzer.counters());
    for (const h of [text, bytes]) {
      await h.analyzer.stop();
      await h.bus.close();
    }
  });
  it("groups the top error messages by the pattern miner's templates, however their variable parts vary", async () => {
    const h = await harness();
    const err = (message: string, service = 'auth'): string =>
      encodeLog({ time: T0 + 100, level: 'error', service, message });
    await h.publish([
      err('user alice logged in from 10.0.0.1 without a token'),
      err('user bob logged in from 10.0.0.2 without a token'),
      err('user carol logged in from 10.0.0.3 without a token'),
      err('Payment 1042 failed: card declined\n  at charge (pay.js:1)', 'pay'),
      err('Payment 7 failed: card declined', 'pay'),
    ]);
    await h.advance(2_000);
    const second = h.windows.find((w) => w.total_count > 0);
    assert.deepEqual(
      second?.top_errors.map((p) => [p.pattern, p.count]),
      [
        ['user <*> logged in from <*> without a token', 3],
        ['Payment <*> failed: card declined', 2],
      ],
    );
    await h.analyzer.stop();
    await h.bus.close();
  });
});
