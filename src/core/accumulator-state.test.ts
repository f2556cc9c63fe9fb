import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LEVELS } from '../protocol/level.js';
import type { LogRecord } from '../protocol/log-record.js';
import { readAccumulatorState } from './accumulator-state.js';
import { WindowAccumulator } from './window-accumulator.js';
import { decodePartial, decodeRollup, encodePartial, encodeRollup } from './window-partial-codec.js';

const OPTS = { topServices: 1_000, topErrors: 1_000 };
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

const logArb: fc.Arbitrary<LogRecord> = fc.record({
  time: fc.constant(T0),
  timeFromEvent: fc.constant(true),
  level: fc.constantFrom(...LEVELS),
  service: fc.constantFrom('api', 'db', 'web', 'auth', 'queue'),
  message: fc.constantFrom('ok', 'timeout after 30 ms', 'user 42 not found', 'disk full on /dev/sda1'),
  latencyMs: fc.option(fc.double({ min: 0, max: 1e7, noNaN: true }), { nil: undefined }),
  fields: fc.constant(undefined),
  plain: fc.boolean(),
  raw: fc.constant(''),
});

function filled(logs: readonly LogRecord[], limits = {}): WindowAccumulator {
  const acc = new WindowAccumulator(limits);
  logs.forEach((l, i) => acc.add(l, i % 7 === 3));
  return acc;
}

/** Through JSON, as the state travels through Redis. */
const viaJson = (acc: WindowAccumulator, limits = {}): WindowAccumulator => {
  const state = readAccumulatorState(JSON.parse(JSON.stringify(acc.toState())));
  assert.ok(!(state instanceof Error));
  return WindowAccumulator.fromState(state, limits);
};

describe('AccumulatorState', () => {
  it('gives back an accumulator with the same statistics, latency percentiles included', () => {
    fc.assert(
      fc.property(fc.array(logArb, { maxLength: 200 }), (logs) => {
        const acc = filled(logs);
        acc.addMissed(logs.length % 5);
        assert.deepEqual(viaJson(acc).toStats(T0, T0 + 1_000, OPTS), acc.toStats(T0, T0 + 1_000, OPTS));
      }),
    );
  });

  it('merges partials read back from their state into what one accumulator of all the logs counts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(logArb, { maxLength: 60 }), { maxLength: 5 }), (parts) => {
        const merged = new WindowAccumulator();
        for (const part of parts) merged.merge(viaJson(filled(part)));
        const whole = new WindowAccumulator();
        for (const part of parts) whole.merge(filled(part));
        assert.deepEqual(merged.toStats(T0, T0 + 1_000, OPTS), whole.toStats(T0, T0 + 1_000, OPTS));
      }),
    );
  });

  it('keeps the overflow buckets of services and patterns beyond the limits', () => {
    const limits = { maxServices: 2, maxPatterns: 1 };
    const logs = ['a', 'b', 'c', 'd'].map((service): LogRecord => ({
      ...fc.sample(logArb, 1)[0]!,
      service,
      level: 'error',
      message: `boom ${service}x`,
    }));
    const acc = filled(logs, limits);
    assert.deepEqual(viaJson(acc, limits).toStats(T0, T0 + 1_000, OPTS), acc.toStats(T0, T0 + 1_000, OPTS));
  });

  it('refuses text that is not a window state, as a value', () => {
    assert.ok(decodePartial('not json') instanceof Error);
    assert.ok(decodePartial('{"s":{"total":1},"r":[]}') instanceof Error);
    assert.ok(decodePartial('{"s":{},"r":[["p",1]]}') instanceof Error);
    assert.ok(decodeRollup('{"start":"x","s":{}}') instanceof Error);
  });

  it('round-trips partials with their producer runs, and rollups with their start', () => {
    const acc = filled(fc.sample(logArb, 30));
    const runs = [{ producer: 'send-1', first: 3, last: 9, firstId: '1764936000000-4' }];
    const partial = decodePartial(encodePartial({ acc, runs }));
    assert.ok(!(partial instanceof Error));
    assert.deepEqual(partial.runs, runs);
    assert.deepEqual(partial.acc.toStats(T0, T0 + 1_000, OPTS), acc.toStats(T0, T0 + 1_000, OPTS));
    const rollup = decodeRollup(encodeRollup({ start: T0, acc }));
    assert.ok(!(rollup instanceof Error));
    assert.equal(rollup.start, T0);
    assert.deepEqual(rollup.acc.toStats(T0, T0 + 10_000, OPTS), acc.toStats(T0, T0 + 10_000, OPTS));
  });
});
