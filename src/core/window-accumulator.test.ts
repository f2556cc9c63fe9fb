import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Level } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';
import { createRandom } from './random.js';
import type { Random } from './random.js';
import { MAX_EXAMPLE_LENGTH, OTHER_BUCKET, WindowAccumulator } from './window-accumulator.js';

const OPTS = { topServices: 10, topErrors: 5 };
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

function log(p: Partial<LogRecord> = {}): LogRecord {
  return {
    time: T0,
    timeFromEvent: true,
    level: 'info',
    service: 'api',
    message: 'ok',
    latencyMs: undefined,
    fields: undefined,
    plain: false,
    raw: '',
    ...p,
  };
}

function filled(logs: LogRecord[]): WindowAccumulator {
  const acc = new WindowAccumulator();
  for (const l of logs) acc.add(l);
  return acc;
}

const LEVEL_MIX: Level[] = ['trace', 'debug', 'info', 'info', 'info', 'warn', 'error', 'fatal'];

function randomLogs(rng: Random, n: number): LogRecord[] {
  return Array.from({ length: n }, () =>
    log({
      level: rng.pick(LEVEL_MIX),
      service: `svc-${rng.int(0, 11)}`,
      message: `timeout after ${rng.int(1, 900)}ms talking to ${rng.pick(['db', 'cache', 'queue'])}`,
      latencyMs: rng.chance(0.7) ? rng.pick([0, rng.next(), rng.logNormal(3, 1.5)]) : undefined,
      plain: rng.chance(0.05),
    }),
  );
}

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
}

describe('WindowAccumulator', () => {
  it('describes an empty window with zero counts, no top service and no latency', () => {
    const stats = new WindowAccumulator().toStats(T0, T0 + 1000, OPTS);
    assert.deepEqual(stats, {
      window_start: '2026-11-28T11:00:00.000Z',
      window_end: '2026-11-28T11:00:01.000Z',
      total_count: 0,
      error_count: 0,
      top_service: null,
      window_seconds: 1,
      levels: { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 },
      error_rate: 0,
      services: [],
      top_errors: [],
      latency_ms: null,
      late_count: 0,
      plain_count: 0,
      missed_count: 0,
    });
  });

  it('counts every level and treats error and fatal as errors, rate rounded to 4 decimals', () => {
    const acc = filled([log({ level: 'info' }), log({ level: 'error' }), log({ level: 'fatal' })]);
    const stats = acc.toStats(T0, T0 + 1000, OPTS);
    assert.equal(stats.total_count, 3);
    assert.equal(stats.error_count, 2);
    assert.equal(stats.error_rate, 0.6667);
    assert.deepEqual(stats.levels, { trace: 0, debug: 0, info: 1, warn: 0, error: 1, fatal: 1 });
  });

  it('breaks a tie for the top service by name', () => {
    const acc = filled([
      log({ service: 'web' }),
      log({ service: 'auth' }),
      log({ service: 'web' }),
      log({ service: 'auth' }),
    ]);
    assert.equal(acc.toStats(T0, T0 + 1000, OPTS).top_service, 'auth');
  });

  it('ranks services by count, then name, keeps the top N and counts their errors', () => {
    const logs = [
      ...Array.from({ length: 3 }, () => log({ service: 'c', level: 'error' })),
      ...Array.from({ length: 5 }, () => log({ service: 'a' })),
      ...Array.from({ length: 3 }, () => log({ service: 'b' })),
      log({ service: 'd' }),
    ];
    const stats = filled(logs).toStats(T0, T0 + 1000, { topServices: 3, topErrors: 5 });
    assert.equal(stats.top_service, 'a');
    assert.deepEqual(stats.services, [
      { name: 'a', count: 5, errors: 0 },
      { name: 'b', count: 3, errors: 0 },
      { name: 'c', count: 3, errors: 3 },
    ]);
  });

  it('groups error variants under one masked pattern with the last service and the first example', () => {
    const acc = filled([
      log({ level: 'error', service: 'pay', message: 'card 4242 declined after 31ms' }),
      log({ level: 'warn', service: 'pay', message: 'card 1 declined after 1ms' }),
      log({ level: 'fatal', service: 'shop', message: 'card 1881 declined after 2s' }),
      log({ level: 'error', service: 'auth', message: 'token expired' }),
    ]);
    assert.deepEqual(acc.toStats(T0, T0 + 1000, OPTS).top_errors, [
      {
        pattern: 'card <num> declined after <num>',
        count: 2,
        service: 'shop',
        example: 'card 4242 declined after 31ms',
      },
      { pattern: 'token expired', count: 1, service: 'auth', example: 'token expired' },
    ]);
  });

  it('keeps only the top N error patterns', () => {
    const acc = filled(['a', 'b', 'b', 'c', 'c', 'c'].map((m) => log({ level: 'error', message: m })));
    assert.deepEqual(
      acc.toStats(T0, T0 + 1000, { topServices: 10, topErrors: 2 }).top_errors.map((p) => p.pattern),
      ['c', 'b'],
    );
  });

  it('bounds the pattern map and counts the overflow in an <other> bucket', () => {
    const acc = new WindowAccumulator({ maxPatterns: 3 });
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
    for (const w of words) acc.add(log({ level: 'error', service: w, message: `${w} failed` }));
    acc.add(log({ level: 'error', message: 'alpha failed' }));
    const errors = acc.toStats(T0, T0 + 1000, { topServices: 10, topErrors: 100 }).top_errors;
    assert.equal(errors.length, 4);
    assert.deepEqual(errors[0], { pattern: OTHER_BUCKET, count: 7, service: 'kappa', example: 'delta failed' });
    assert.deepEqual(
      errors.slice(1).map((p) => [p.pattern, p.count]),
      [
        ['alpha failed', 2],
        ['beta failed', 1],
        ['gamma failed', 1],
      ],
    );
  });

  it('bounds the service map the same way, and never calls the bucket the top service', () => {
    const acc = new WindowAccumulator({ maxServices: 2 });
    for (const s of ['a', 'b', 'c', 'd', 'e']) acc.add(log({ service: s, level: 'error' }));
    const stats = acc.toStats(T0, T0 + 1000, OPTS);
    assert.equal(stats.top_service, 'a');
    assert.deepEqual(stats.services[0], { name: OTHER_BUCKET, count: 3, errors: 3 });
    assert.equal(stats.services.length, 3);
  });

  it('cuts long examples', () => {
    const acc = filled([log({ level: 'error', message: 'x'.repeat(10_000) })]);
    assert.equal(acc.toStats(T0, T0 + 1000, OPTS).top_errors[0]?.example.length, MAX_EXAMPLE_LENGTH);
  });

  it('counts plain and late logs', () => {
    const acc = new WindowAccumulator();
    acc.add(log({ plain: true }));
    acc.add(log(), true);
    acc.add(log());
    const stats = acc.toStats(T0, T0 + 1000, OPTS);
    assert.equal(stats.plain_count, 1);
    assert.equal(stats.late_count, 1);
    assert.equal(acc.lateCount, 1);
    assert.equal(acc.totalCount, 3);
  });

  it('counts missed logs and merges them', () => {
    const a = new WindowAccumulator();
    a.addMissed(3);
    a.addMissed(4);
    const b = new WindowAccumulator();
    b.addMissed(5);
    a.merge(b);
    assert.equal(a.missedCount, 12);
    assert.equal(a.toStats(0, 1000, OPTS).missed_count, 12);
  });

  it('reports latency percentiles within 1% of the exact ones (plus 0.05 ms of rounding)', () => {
    const cases: [string, number[]][] = [
      ['1..10000 ms', Array.from({ length: 10_000 }, (_, i) => i + 1)],
      [
        'log-normal',
        Array.from(
          { length: 20_000 },
          (
            (rng) => () =>
              rng.logNormal(4, 1.2)
          )(createRandom(7)),
        ),
      ],
      ['sub-millisecond', Array.from({ length: 5_000 }, (_, i) => 0.2 + i / 10_000)],
    ];
    for (const [name, values] of cases) {
      const acc = filled(values.map((v) => log({ latencyMs: v })));
      const latency = acc.toStats(T0, T0 + 1000, OPTS).latency_ms;
      assert.ok(latency, name);
      assert.equal(latency.count, values.length);
      const sorted = [...values].sort((a, b) => a - b);
      for (const [q, got] of [
        [0.5, latency.p50],
        [0.95, latency.p95],
        [0.99, latency.p99],
      ] as const) {
        const exact = exactQuantile(sorted, q);
        assert.ok(Math.abs(got - exact) <= exact * 0.01 + 0.05, `${name} p${q * 100}: ${got} vs ${exact}`);
      }
    }
  });

  it('counts zero latencies, ignores negative ones and clamps absurd ones', () => {
    const zeros = filled([0, 0, 0].map((v) => log({ latencyMs: v })));
    assert.deepEqual(zeros.toStats(T0, T0 + 1000, OPTS).latency_ms, { p50: 0, p95: 0, p99: 0, count: 3 });
    const odd = filled([0, -5, Number.NaN, Number.POSITIVE_INFINITY, 5e12].map((v) => log({ latencyMs: v })));
    const latency = odd.toStats(T0, T0 + 1000, OPTS).latency_ms;
    assert.equal(latency?.count, 3);
    assert.ok(Math.abs(latency.p50 - 1e9) <= 1e7 && latency.p99 === latency.p50, `p50 ${latency.p50}`);
  });

  it('gives the same stats when windows are merged as when every log is added to one', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRandom(seed);
      const logs = randomLogs(rng, 2_000);
      const cuts = [0, rng.int(0, 2_000), rng.int(0, 2_000), rng.int(0, 2_000), 2_000].sort((a, b) => a - b);
      const merged = new WindowAccumulator();
      for (let k = 0; k + 1 < cuts.length; k++) merged.merge(filled(logs.slice(cuts[k], cuts[k + 1])));
      const opts = { topServices: 20, topErrors: 50 };
      assert.deepEqual(
        merged.toStats(T0, T0 + 10_000, opts),
        filled(logs).toStats(T0, T0 + 10_000, opts),
        `seed ${seed}`,
      );
    }
  });

  it('merges latency sketches whose ranges only partly overlap', () => {
    // Sketches-js loses counts when merging a store whose highest key is 0; see the clamp.
    const a = [0.9, 0.95];
    const b = [0.001, 0.002, 0.01, 0.5, 1.0];
    const merged = filled(a.map((v) => log({ latencyMs: v })));
    merged.merge(filled(b.map((v) => log({ latencyMs: v }))));
    const one = filled([...a, ...b].map((v) => log({ latencyMs: v })));
    assert.deepEqual(merged.toStats(T0, T0 + 1000, OPTS).latency_ms, one.toStats(T0, T0 + 1000, OPTS).latency_ms);
    assert.deepEqual(merged.toStats(T0, T0 + 1000, OPTS).latency_ms, { p50: 0.5, p95: 0.9, p99: 0.9, count: 7 });
  });

  it('is unchanged by merging an empty window, and merges overflow buckets', () => {
    const a = new WindowAccumulator({ maxPatterns: 1 });
    a.add(log({ level: 'error', message: 'one' }));
    const b = new WindowAccumulator({ maxPatterns: 1 });
    b.add(log({ level: 'error', message: 'two' }));
    b.add(log({ level: 'error', message: 'three', service: 'late-svc' }));
    const before = a.toStats(T0, T0 + 1000, OPTS);
    a.merge(new WindowAccumulator());
    assert.deepEqual(a.toStats(T0, T0 + 1000, OPTS), before);
    a.merge(b);
    const errors = a.toStats(T0, T0 + 1000, OPTS).top_errors;
    assert.deepEqual(
      errors.map((p) => [p.pattern, p.count, p.service]),
      [
        [OTHER_BUCKET, 2, 'late-svc'],
        ['one', 1, 'api'],
      ],
    );
  });
});
