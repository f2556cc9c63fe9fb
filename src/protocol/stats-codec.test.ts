import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FULL_STATS,
  FULL_WINDOW,
  ORIGINAL_STATS,
  ORIGINAL_STATS_EPOCH_MS,
  ORIGINAL_STATS_EPOCH_US,
  ORIGINAL_STATS_NAIVE,
} from './fixtures/stats-messages.js';
import { LEVELS } from './level.js';
import {
  decodeStats,
  encodeStats,
  MAX_LATENCY_MS,
  MAX_WINDOW_COUNT,
  readStats,
  StatsDecodeError,
  WINDOW_SECONDS_RANGE,
} from './stats-codec.js';
import type { WindowStats } from './stats.js';

const ZERO = { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };

describe('decodeStats', () => {
  it("fills the five fields of RustLogStream's analyzer out with neutral defaults", () => {
    assert.deepEqual(decodeStats(ORIGINAL_STATS), [
      {
        window_start: '2026-11-28T11:00:00.000Z',
        window_end: '2026-11-28T11:00:01.000Z',
        total_count: 42,
        error_count: 7,
        top_service: 'auth-service',
        window_seconds: 1,
        levels: { ...ZERO, error: 7 },
        error_rate: 7 / 42,
        services: [{ name: 'auth-service', count: 0, errors: 0 }],
        top_errors: [],
        latency_ms: null,
        late_count: 0,
        plain_count: 0,
        missed_count: 0,
      },
    ]);
  });

  it('reads Polars naive datetimes as UTC and a null top service as no services', () => {
    const [quiet, busy] = decodeStats(ORIGINAL_STATS_NAIVE);
    assert.equal(quiet?.window_start, '2026-11-28T11:00:00.000Z');
    assert.equal(quiet?.top_service, null);
    assert.deepEqual(quiet?.services, []);
    assert.equal(quiet?.error_rate, 0);
    assert.equal(busy?.window_end, '2026-11-28T11:00:02.000Z');
    assert.equal(busy?.error_rate, 1 / 3);
  });

  it('reads epoch numbers in milliseconds or microseconds and computes the window length', () => {
    const [ms] = decodeStats(ORIGINAL_STATS_EPOCH_MS);
    assert.equal(ms?.window_start, '2026-11-28T11:00:00.000Z');
    assert.equal(ms?.window_seconds, 1);
    const [us] = decodeStats(ORIGINAL_STATS_EPOCH_US);
    assert.equal(us?.window_end, '2026-11-28T11:00:02.000Z');
    assert.equal(us?.window_seconds, 2);
  });

  it('reads a full window back unchanged, from text or bytes', () => {
    assert.deepEqual(decodeStats(FULL_STATS), [FULL_WINDOW]);
    assert.deepEqual(decodeStats(Buffer.from(FULL_STATS)), [FULL_WINDOW]);
  });

  it('accepts an empty array', () => {
    assert.deepEqual(decodeStats('[]'), []);
  });

  it('fills missing parts of a window with neutral defaults and skips list entries that are no entries', () => {
    const [w] = decodeStats(
      JSON.stringify([
        {
          window_start: 'soon',
          window_end: null,
          top_service: 42,
          levels: { warn: 2 },
          services: [{ name: 'a', count: 1 }, { count: 2 }, null],
          top_errors: 'none',
          latency_ms: { p50: 1, p99: 3 },
          late_count: null,
        },
      ]),
    );
    assert.deepEqual(w, {
      window_start: 'soon',
      window_end: '',
      total_count: 0,
      error_count: 0,
      top_service: null,
      window_seconds: 1,
      levels: { ...ZERO, warn: 2 },
      error_rate: 0,
      services: [{ name: 'a', count: 1, errors: 0 }],
      top_errors: [],
      latency_ms: null,
      late_count: 0,
      plain_count: 0,
      missed_count: 0,
    });
  });

  it('refuses a window whose numbers make no sense, saying which and why, and keeps the others', () => {
    const good = {
      window_start: '2026-11-28T11:00:00Z',
      window_end: '2026-11-28T11:00:01Z',
      total_count: 3,
      error_count: 1,
    };
    const cases: [Record<string, unknown> | string, RegExp][] = [
      [{ window_seconds: 1e-300 }, /window_seconds: expected 0\.001 to 86400, got 1e-300/],
      [{ window_seconds: 0 }, /window_seconds/],
      [{ window_seconds: 1e9 }, /window_seconds/],
      [{ window_seconds: '1' }, /window_seconds: expected 0\.001 to 86400, got "1"/],
      [{ window_start: 0, window_end: 1795863600000 }, /window_start to window_end is 1795863600 s/],
      [{ total_count: -3 }, /total_count: expected a whole number from 0 to 1000000000000, got -3/],
      [{ total_count: 2.5 }, /total_count/],
      [{ total_count: 1e300 }, /total_count/],
      ['{"total_count": 1e400}', /total_count: .*got Infinity/],
      [{ error_count: 4 }, /error_count 4 is above total_count 3/],
      [{ error_rate: 2 }, /error_rate: expected 0 to 1, got 2/],
      [{ levels: { info: -1 } }, /levels\.info/],
      [{ missed_count: -4 }, /missed_count/],
      [{ services: [{ name: 'a', count: 1, errors: 2 }] }, /services\.0: errors 2 is above count 1/],
      [{ top_errors: [{ pattern: 'x', count: -1 }] }, /top_errors\.0\.count/],
      [{ latency_ms: { p50: 5, p95: 1, p99: 9 } }, /latency_ms\.p95: expected 5 to/],
      [{ latency_ms: { p50: 1, p95: 2, p99: 1e300 } }, /latency_ms\.p99/],
    ];
    for (const [change, reason] of cases) {
      const bad = typeof change === 'string' ? change : JSON.stringify({ ...good, ...change });
      const decoded = readStats(`[${JSON.stringify(good)}, ${bad}]`);
      assert.equal(decoded.windows.length, 1, bad);
      assert.equal(decoded.rejected.length, 1, bad);
      assert.equal(decoded.rejected[0]?.index, 1);
      assert.match(decoded.rejected[0]?.reason ?? '', /^stats window 1 refused: /);
      assert.match(decoded.rejected[0]?.reason ?? '', reason, bad);
      assert.throws(
        () => decodeStats(`[${bad}]`),
        (err: unknown) => err instanceof StatsDecodeError && reason.test(err.message),
        bad,
      );
    }
  });

  it('never lets a window through that breaks the invariants, whatever the message holds', () => {
    const hostile = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(0, -0, 1e-300, 1e300, -1, 0.5, 1e12, 1e12 + 1, 86_400, 86_401, 0.001, 0.0009),
      fc.string({ maxLength: 5 }),
      fc.constant(null),
      fc.boolean(),
    );
    const maybe = fc.option(hostile, { nil: undefined });
    const window = fc.record({
      window_start: fc.oneof(maybe, fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) })),
      window_end: fc.oneof(maybe, fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) })),
      total_count: maybe,
      error_count: maybe,
      window_seconds: maybe,
      error_rate: maybe,
      late_count: maybe,
      plain_count: maybe,
      missed_count: maybe,
      levels: fc.option(fc.dictionary(fc.constantFrom(...LEVELS), hostile), { nil: undefined }),
      services: fc.option(
        fc.array(fc.record({ name: fc.string({ maxLength: 3 }), count: maybe, errors: maybe }), { maxLength: 3 }),
        { nil: undefined },
      ),
      top_errors: fc.option(
        fc.array(fc.record({ pattern: fc.string({ maxLength: 3 }), count: maybe }), { maxLength: 3 }),
        { nil: undefined },
      ),
      latency_ms: fc.option(fc.record({ p50: hostile, p95: hostile, p99: hostile, count: maybe }), { nil: undefined }),
    });
    const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_WINDOW_COUNT;
    fc.assert(
      fc.property(fc.array(window, { maxLength: 4 }), (windows) => {
        const { windows: kept, rejected } = readStats(JSON.stringify(windows));
        assert.equal(kept.length + rejected.length, windows.length);
        for (const w of kept) {
          assert.ok(
            Number.isFinite(w.window_seconds) &&
              w.window_seconds >= WINDOW_SECONDS_RANGE.min &&
              w.window_seconds <= WINDOW_SECONDS_RANGE.max,
            `window_seconds ${w.window_seconds}`,
          );
          for (const n of [
            w.total_count,
            w.error_count,
            w.late_count,
            w.plain_count,
            w.missed_count,
            ...Object.values(w.levels),
          ])
            assert.ok(isCount(n), `count ${n}`);
          assert.ok(w.error_count <= w.total_count);
          assert.ok(w.error_rate >= 0 && w.error_rate <= 1, `error_rate ${w.error_rate}`);
          for (const s of w.services) assert.ok(isCount(s.count) && isCount(s.errors) && s.errors <= s.count);
          for (const e of w.top_errors) assert.ok(isCount(e.count));
          const l = w.latency_ms;
          if (l !== null)
            assert.ok(l.p50 >= 0 && l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= MAX_LATENCY_MS && isCount(l.count));
        }
        for (const r of rejected) assert.match(r.reason, /^stats window \d+ refused: \S/);
      }),
      { numRuns: 500 },
    );
  });

  it('throws a StatsDecodeError with the parse error as cause for text that is not JSON', () => {
    for (const payload of ['', 'oops', '[{"total_count": 1', Buffer.from([0xff, 0x00])]) {
      assert.throws(
        () => decodeStats(payload),
        (err: unknown) =>
          err instanceof StatsDecodeError && err.name === 'StatsDecodeError' && err.cause instanceof SyntaxError,
      );
    }
  });

  it('throws a StatsDecodeError for JSON that is not an array of objects', () => {
    for (const payload of ['{"window_start":"x"}', '42', '"[]"', 'null', '[1]', '[null]', '[[]]', '[{}, "x"]']) {
      assert.throws(() => decodeStats(payload), StatsDecodeError, payload);
    }
  });

  it('keeps error messages short for huge payloads', () => {
    try {
      decodeStats('x'.repeat(1 << 20));
      assert.fail('expected a throw');
    } catch (err) {
      assert.ok(err instanceof StatsDecodeError);
      assert.ok(err.message.length < 200);
    }
  });
});

describe('encodeStats', () => {
  it("writes a JSON array whose first element RustLogStream's collector can read", () => {
    const [first] = JSON.parse(encodeStats([FULL_WINDOW])) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first ?? {}).slice(0, 5), [
      'window_start',
      'window_end',
      'total_count',
      'error_count',
      'top_service',
    ]);
  });

  it('round-trips any valid window through decodeStats', () => {
    const count = fc.nat({ max: 1_000_000 });
    const num = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    const window: fc.Arbitrary<WindowStats> = fc
      .record({
        start: fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }),
        seconds: fc.integer({ min: 1, max: 3600 }),
        total: count,
        errorShare: fc.double({ min: 0, max: 1, noNaN: true }),
        top: fc.option(fc.string(), { nil: null }),
        levels: fc.tuple(...LEVELS.map(() => count)),
        rate: fc.double({ min: 0, max: 1, noNaN: true }).filter((n) => !Object.is(n, -0)),
        services: fc.array(
          fc
            .record({ name: fc.string(), count, errors: count })
            .map((x) => ({ ...x, errors: Math.min(x.errors, x.count) })),
          { maxLength: 4 },
        ),
        top_errors: fc.array(fc.record({ pattern: fc.string(), count, service: fc.string(), example: fc.string() }), {
          maxLength: 3,
        }),
        latency: fc.option(
          fc.tuple(num, num, num, count).map(([a, b, c, n]) => {
            const [p50, p95, p99] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
            return { p50, p95, p99, count: n };
          }),
          { nil: null },
        ),
        late: count,
        plain: count,
        missed: count,
      })
      .map((r) => ({
        window_start: new Date(r.start).toISOString(),
        window_end: new Date(r.start + r.seconds * 1000).toISOString(),
        total_count: r.total,
        error_count: Math.floor(r.total * r.errorShare),
        top_service: r.top,
        window_seconds: r.seconds,
        levels: Object.fromEntries(LEVELS.map((l, i) => [l, r.levels[i] ?? 0])) as WindowStats['levels'],
        // fc.record builds null-prototype objects; decoded ones are plain.
        error_rate: r.rate,
        services: r.services.map((x) => ({ ...x })),
        top_errors: r.top_errors.map((x) => ({ ...x })),
        latency_ms: r.latency === null ? null : { ...r.latency },
        late_count: r.late,
        plain_count: r.plain,
        missed_count: r.missed,
      }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 3 }), (windows) => {
        assert.deepEqual(decodeStats(encodeStats(windows)), windows);
      }),
      { numRuns: 200 },
    );
  });
});
