import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import { createRandom } from './random.js';
import { WindowAccumulator } from './window-accumulator.js';
import { WindowAggregator } from './window-aggregator.js';
import { WindowRollup } from './window-rollup.js';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const OPTS = { topServices: 10, topErrors: 5 };

function log(time: number, latencyMs: number, service = 'api'): LogRecord {
  return {
    time,
    timeFromEvent: true,
    level: 'info',
    service,
    message: 'ok',
    latencyMs,
    fields: undefined,
    plain: false,
    raw: '',
  };
}

function oneSecond(startMs: number, logs: LogRecord[]): [number, WindowAccumulator] {
  const acc = new WindowAccumulator();
  for (const l of logs) acc.add(l);
  return [startMs, acc];
}

describe('WindowRollup', () => {
  it('emits an epoch-aligned 10 s window as soon as its last second arrives', () => {
    const rollup = new WindowRollup(10_000);
    for (let s = 3; s < 9; s++)
      assert.deepEqual(rollup.add(...oneSecond(T0 + s * 1_000, [log(T0 + s * 1_000, 1)])), []);
    const [w, ...rest] = rollup.add(...oneSecond(T0 + 9_000, [log(T0 + 9_000, 1)]));
    assert.equal(rest.length, 0);
    assert.equal(w?.window_start, new Date(T0).toISOString());
    assert.equal(w.window_end, new Date(T0 + 10_000).toISOString());
    assert.equal(w.window_seconds, 10);
    assert.equal(w.total_count, 7);
  });

  it('merges counts and latency sketches exactly as one accumulator would', () => {
    const rng = createRandom(3);
    const rollup = new WindowRollup(60_000);
    const all = new WindowAccumulator();
    const out: WindowStats[] = [];
    for (let s = 0; s < 60; s++) {
      const logs = Array.from({ length: rng.int(0, 50) }, () =>
        log(T0 + s * 1_000, rng.logNormal(3, 1), rng.pick(['a', 'b', 'c'])),
      );
      for (const l of logs) all.add(l);
      out.push(...rollup.add(...oneSecond(T0 + s * 1_000, logs)));
    }
    assert.equal(out.length, 1);
    assert.deepEqual(out[0], all.toStats(T0, T0 + 60_000, OPTS));
  });

  it('sums the missed logs of its seconds', () => {
    const rollup = new WindowRollup(10_000);
    const out: WindowStats[] = [];
    for (let s = 0; s < 10; s++) {
      const [start, acc] = oneSecond(T0 + s * 1_000, []);
      acc.addMissed(s);
      out.push(...rollup.add(start, acc));
    }
    assert.deepEqual(
      out.map((w) => w.missed_count),
      [45],
    );
  });

  it('closes a long window when a later one starts after a gap', () => {
    const rollup = new WindowRollup(10_000);
    assert.deepEqual(rollup.add(...oneSecond(T0 + 3_000, [log(T0 + 3_000, 1)])), []);
    const out = rollup.add(...oneSecond(T0 + 25_000, [log(T0 + 25_000, 1), log(T0 + 25_000, 2)]));
    assert.deepEqual(
      out.map((w) => [w.window_start, w.total_count]),
      [[new Date(T0).toISOString(), 1]],
    );
    const last = rollup.add(...oneSecond(T0 + 29_000, []));
    assert.deepEqual(
      last.map((w) => [w.window_start, w.total_count]),
      [[new Date(T0 + 20_000).toISOString(), 2]],
    );
  });

  it('builds from the windows an aggregator closes, counting every log once', () => {
    const agg = new WindowAggregator({ startMs: T0 + 2_500 });
    const rollup = new WindowRollup(10_000);
    const tens: WindowStats[] = [];
    for (let now = T0 + 2_500; now < T0 + 41_600; now += 100) {
      agg.add(log(now - 200, 5), now);
      for (const w of agg.closeDue(now)) tens.push(...rollup.add(w.startMs, w.acc));
    }
    assert.deepEqual(
      tens.map((w) => Date.parse(w.window_start) - T0),
      [0, 10_000, 20_000, 30_000],
    );
    assert.deepEqual(
      tens.map((w) => w.total_count),
      [77, 100, 100, 100],
    );
  });

  it('rejects a length that is not a multiple of the source windows', () => {
    assert.throws(() => new WindowRollup(1_500), RangeError);
    assert.throws(() => new WindowRollup(10_000, { sourceMs: 3_000 }), RangeError);
  });
});
