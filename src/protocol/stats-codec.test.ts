import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FULL_STATS, FULL_WINDOW, ORIGINAL_STATS, ORIGINAL_STATS_EPOCH_MS, ORIGINAL_STATS_EPOCH_US, ORIGINAL_STATS_NAIVE,
} from './fixtures/stats-messages.js';
import { LEVELS } from './level.js';
import { decodeStats, encodeStats, StatsDecodeError } from './stats-codec.js';
import type { WindowStats } from './stats.js';

const ZERO = { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 };

describe('decodeStats', () => {
  it("fills the original analyzer's five fields out with neutral defaults", () => {
    assert.deepEqual(decodeStats(ORIGINAL_STATS), [
      {
        window_start: '2026-11-28T11:00:00.000Z', window_end: '2026-11-28T11:00:01.000Z',
        total_count: 42, error_count: 7, top_service: 'auth-service', window_seconds: 1,
        levels: { ...ZERO, error: 7 }, error_rate: 7 / 42, services: [{ name: 'auth-service', count: 0, errors: 0 }],
        top_errors: [], latency_ms: null, late_count: 0, plain_count: 0, missed_count: 0,
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

  it('replaces unreadable parts of a window instead of failing the message', () => {
    const [w] = decodeStats(JSON.stringify([{
      window_start: 'soon', window_end: null, total_count: -3, error_count: '7', top_service: 42,
      window_seconds: 0, levels: { warn: 2, error: 'x' }, error_rate: 2, services: [{ name: 'a', count: 1 }, { count: 2 }, null],
      top_errors: 'none', latency_ms: { p50: 1, p95: 'x', p99: 3, count: 1 }, late_count: NaN, missed_count: -4,
    }]));
    assert.deepEqual(w, {
      window_start: 'soon', window_end: '', total_count: 0, error_count: 0, top_service: null, window_seconds: 1,
      levels: { ...ZERO, warn: 2 }, error_rate: 0, services: [{ name: 'a', count: 1, errors: 0 }], top_errors: [],
      latency_ms: null, late_count: 0, plain_count: 0, missed_count: 0,
    });
  });

  it('throws a StatsDecodeError with the parse error as cause for text that is not JSON', () => {
    for (const payload of ['', 'oops', '[{"total_count": 1', Buffer.from([0xff, 0x00])]) {
      assert.throws(
        () => decodeStats(payload),
        (err: unknown) => err instanceof StatsDecodeError && err.name === 'StatsDecodeError' && err.cause instanceof SyntaxError,
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
  it('writes a JSON array whose first element the original collector can read', () => {
    const [first] = JSON.parse(encodeStats([FULL_WINDOW])) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first ?? {}).slice(0, 5), ['window_start', 'window_end', 'total_count', 'error_count', 'top_service']);
  });

  it('round-trips any window through decodeStats', () => {
    const count = fc.nat({ max: 1_000_000 });
    const num = fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0));
    const window: fc.Arbitrary<WindowStats> = fc
      .record({
        start: fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }),
        seconds: fc.integer({ min: 1, max: 3600 }),
        total: count,
        errors: count,
        top: fc.option(fc.string(), { nil: null }),
        levels: fc.tuple(...LEVELS.map(() => count)),
        rate: fc.double({ min: 0, max: 1, noNaN: true }).filter((n) => !Object.is(n, -0)),
        services: fc.array(fc.record({ name: fc.string(), count, errors: count }), { maxLength: 4 }),
        top_errors: fc.array(fc.record({ pattern: fc.string(), count, service: fc.string(), example: fc.string() }), { maxLength: 3 }),
        latency: fc.option(fc.record({ p50: num, p95: num, p99: num, count }), { nil: null }),
        late: count,
        plain: count,
        missed: count,
      })
      .map((r) => ({
        window_start: new Date(r.start).toISOString(),
        window_end: new Date(r.start + r.seconds * 1000).toISOString(),
        total_count: r.total, error_count: r.errors, top_service: r.top, window_seconds: r.seconds,
        levels: Object.fromEntries(LEVELS.map((l, i) => [l, r.levels[i] ?? 0])) as WindowStats['levels'],
        // fc.record builds null-prototype objects; decoded ones are plain.
        error_rate: r.rate, services: r.services.map((x) => ({ ...x })), top_errors: r.top_errors.map((x) => ({ ...x })),
        latency_ms: r.latency === null ? null : { ...r.latency },
        late_count: r.late, plain_count: r.plain, missed_count: r.missed,
      }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 3 }), (windows) => {
        assert.deepEqual(decodeStats(encodeStats(windows)), windows);
      }),
      { numRuns: 200 },
    );
  });
});
