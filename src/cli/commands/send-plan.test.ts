import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planThreads, producersLine, summaryLine } from './send-plan.js';

describe('planThreads', () => {
  it('splits the count exactly, the remainder to the first threads', () => {
    assert.deepEqual(planThreads(3, 300, 10), [
      { rate: 100, count: 4 },
      { rate: 100, count: 3 },
      { rate: 100, count: 3 },
    ]);
    assert.deepEqual(planThreads(2, 100_000, 5_000), [
      { rate: 50_000, count: 2_500 },
      { rate: 50_000, count: 2_500 },
    ]);
    for (const [threads, count] of [
      [7, 1_000_003],
      [64, 65],
      [5, 5],
    ] as const) {
      const plan = planThreads(threads, 1_000, count);
      assert.equal(
        plan.reduce((n, t) => n + (t.count ?? 0), 0),
        count,
      );
      assert.ok(Math.max(...plan.map((t) => t.count ?? 0)) - Math.min(...plan.map((t) => t.count ?? 0)) <= 1);
    }
  });

  it('starts no thread that would send nothing, and splits the rate over those that run', () => {
    assert.deepEqual(planThreads(4, 100, 2), [
      { rate: 50, count: 1 },
      { rate: 50, count: 1 },
    ]);
    assert.deepEqual(planThreads(2, 0.5, 1), [{ rate: 0.5, count: 1 }]);
  });

  it('runs every thread at its share of the rate when there is no count', () => {
    assert.deepEqual(
      planThreads(4, 300_000),
      Array.from({ length: 4 }, () => ({ rate: 75_000 })),
    );
  });

  it('refuses a thread count that is not a positive integer', () => {
    assert.throws(() => planThreads(0, 100), RangeError);
    assert.throws(() => planThreads(1.5, 100), RangeError);
  });
});

describe('send report lines', () => {
  it('name every producer at the start and its range of sequence numbers at the end', () => {
    assert.equal(
      producersLine(['send-a', 'send-b']),
      'stamping logs as producers send-a, send-b, sequence numbers from 1',
    );
    assert.equal(producersLine(['send-a']), 'stamping logs as producer send-a, sequence numbers from 1');
    assert.equal(
      summaryLine([
        { producerId: 'send-abc', counts: { sent: 300_000, skipped: 2, lost: 0 } },
        { producerId: 'send-def', counts: { sent: 299_999, skipped: 1, lost: 5 } },
      ]),
      'sent 599999 logs (seq 1..300000 of send-abc, seq 1..299999 of send-def), 3 skipped behind schedule, 5 dropped while Redis was unreachable',
    );
  });
});
