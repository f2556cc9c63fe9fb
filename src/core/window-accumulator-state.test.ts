import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Level } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import { createRandom } from './random.js';
import { OTHER_BUCKET, WindowAccumulator, type AccumulatorLimits } from './window-accumulator.js';

const OPTS = { topServices: 1_000, topErrors: 1_000 };
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const WORDS = ['auth', 'billing', 'cart', 'db', 'edge', 'feed', 'gateway'];
const LEVELS: Level[] = ['trace', 'debug', 'info', 'info', 'warn', 'error', 'error', 'fatal'];

function log(level: Level, service: string, message: string, latencyMs?: number, plain = false): LogRecord {
  return {
    time: T0,
    timeFromEvent: true,
    level,
    service,
    message,
    latencyMs,
    fields: undefined,
    plain,
    raw: '',
  };
}

function randomLogs(seed: string, n: number): LogRecord[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () =>
    log(
      rng.pick(LEVELS),
      `svc-${rng.int(0, 30)}`,
      `${rng.pick(['timeout', 'refused', 'reset'])} on shard ${rng.int(0, 40)} after ${rng.int(1, 900)}ms`,
      rng.chance(0.7) ? rng.pick([0, rng.next(), rng.logNormal(3, 1.5), 1e15]) : undefined,
      rng.chance(0.05),
    ),
  );
}

function filled(logs: readonly LogRecord[], limits: AccumulatorLimits = {}): WindowAccumulator {
  const acc = new WindowAccumulator(limits);
  for (const [i, l] of logs.entries()) acc.add(l, i % 7 === 0);
  return acc;
}

const stats = (acc: WindowAccumulator): WindowStats => acc.toStats(T0, T0 + 1_000, OPTS);

/** Through a structured clone, as a worker thread posts it. */
const posted = (acc: WindowAccumulator, limits: AccumulatorLimits = {}): WindowAccumulator =>
  WindowAccumulator.fromState(structuredClone(acc.toState()), limits);

describe('accumulator data', () => {
  it('describes the same window after a trip through a structured clone', () => {
    for (const limits of [{}, { maxServices: 5, maxPatterns: 2 }]) {
      const acc = filled(randomLogs('round-trip', 3_000), limits);
      acc.addMissed(17);
      const copy = posted(acc, limits);
      assert.ok(stats(acc).latency_ms !== null && stats(acc).top_errors.length >= 3);
      assert.deepEqual(stats(copy), stats(acc));
      assert.deepEqual(copy.toState(), acc.toState());
    }
    assert.deepEqual(stats(posted(new WindowAccumulator())), stats(new WindowAccumulator()));
  });

  it('shares nothing with the accumulator it was taken from', () => {
    const acc = filled(randomLogs('copy', 200));
    const before = stats(acc);
    const copy = posted(acc);
    copy.merge(filled(randomLogs('more', 200)));
    assert.deepEqual(stats(acc), before);
  });

  it('merges as the accumulator it describes, bins of the sketch included', () => {
    const a = filled(randomLogs('merge-a', 1_500));
    const b = filled(randomLogs('merge-b', 1_500));
    const direct = new WindowAccumulator();
    direct.merge(a);
    direct.merge(b);
    const viaData = posted(new WindowAccumulator());
    viaData.merge(posted(a));
    viaData.merge(posted(b));
    assert.deepEqual(stats(viaData), stats(direct));
  });

  it('gives the counts of one accumulator when unbounded batches are merged in order into a bounded one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            level: fc.constantFrom(...LEVELS),
            service: fc.integer({ min: 0, max: 6 }),
            pattern: fc.integer({ min: 0, max: 6 }),
            latency: fc.option(fc.double({ min: 0, max: 1e7, noNaN: true }), { nil: undefined }),
          }),
          { maxLength: 120 },
        ),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, cuts, bound) => {
          const logs = specs.map((s) => log(s.level, `svc-${s.service}`, `failure in ${WORDS[s.pattern]}`, s.latency));
          const limits = { maxServices: bound, maxPatterns: bound };
          const one = filled(logs, limits);
          const merged = new WindowAccumulator(limits);
          let at = 0;
          for (let i = 0; at < logs.length; i++) {
            const size = cuts[i % cuts.length] as number;
            const batch = new WindowAccumulator({ maxServices: Infinity, maxPatterns: Infinity });
            for (let j = at; j < Math.min(at + size, logs.length); j++) batch.add(logs[j] as LogRecord, j % 7 === 0);
            at += size;
            merged.merge(posted(batch));
          }
          // The one field that may differ: the service of the overflow bucket of error patterns is
          // the last one merged, not the last one seen (docs/scaling.md).
          const withoutOtherService = (w: WindowStats): WindowStats => ({
            ...w,
            top_errors: w.top_errors.map((p) => (p.pattern === OTHER_BUCKET ? { ...p, service: '' } : p)),
          });
          assert.deepEqual(withoutOtherService(stats(merged)), withoutOtherService(stats(one)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
