import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GapTracker } from './gap-tracker.js';

const T = Date.UTC(2026, 10, 28, 11, 0, 0);

describe('GapTracker', () => {
  it('reports no gap for the first log of a producer, whatever its sequence number', () => {
    const gaps = new GapTracker();
    assert.equal(gaps.observe('send-a', 5_000, T), 0);
    assert.deepEqual(gaps.counts(), { missed: 0, reordered: 0, restarts: 0, producers: 1, forgotten: 0 });
  });

  it('returns the number of sequence numbers skipped before each log and sums them', () => {
    const gaps = new GapTracker();
    const missed = [1, 2, 3, 7, 8, 20].map((seq) => gaps.observe('send-a', seq, T));
    assert.deepEqual(missed, [0, 0, 0, 3, 0, 11]);
    assert.equal(gaps.counts().missed, 14);
  });

  it('keeps producers apart', () => {
    const gaps = new GapTracker();
    gaps.observe('a', 1, T);
    gaps.observe('b', 100, T);
    assert.equal(gaps.observe('a', 3, T), 1);
    assert.equal(gaps.observe('b', 101, T), 0);
    assert.equal(gaps.counts().producers, 2);
  });

  it('counts duplicates and late arrivals as reordered, never as a negative gap', () => {
    const gaps = new GapTracker();
    gaps.observe('a', 10, T);
    assert.equal(gaps.observe('a', 10, T), 0);
    assert.equal(gaps.observe('a', 7, T), 0);
    assert.equal(gaps.observe('a', 11, T), 0);
    assert.deepEqual(gaps.counts(), { missed: 0, reordered: 2, restarts: 0, producers: 1, forgotten: 0 });
  });

  it('treats a drop back to the first sequence number as a restart, not a gap', () => {
    const gaps = new GapTracker();
    gaps.observe('a', 500, T);
    assert.equal(gaps.observe('a', 1, T), 0);
    assert.equal(gaps.observe('a', 2, T), 0);
    assert.deepEqual(gaps.counts(), { missed: 0, reordered: 0, restarts: 1, producers: 1, forgotten: 0 });
  });

  it('forgets the least recently seen producer beyond its capacity', () => {
    const gaps = new GapTracker({ maxProducers: 3 });
    gaps.observe('a', 1, T);
    gaps.observe('b', 1, T + 10);
    gaps.observe('c', 1, T + 20);
    gaps.observe('a', 2, T + 2_000); // a is young again
    gaps.observe('d', 1, T + 2_010); // b goes
    assert.deepEqual(gaps.counts(), { missed: 0, reordered: 0, restarts: 0, producers: 3, forgotten: 1 });
    // b is new again: its next log reveals no gap.
    assert.equal(gaps.observe('b', 50, T + 2_020), 0);
    assert.equal(gaps.observe('a', 4, T + 2_030), 1);
  });

  it('forgets producers idle for longer than idleMs', () => {
    const gaps = new GapTracker({ idleMs: 60_000 });
    gaps.observe('quiet', 1, T);
    gaps.observe('busy', 1, T);
    for (let t = T; t <= T + 120_000; t += 5_000) gaps.observe('busy', 2 + (t - T) / 5_000, t);
    assert.deepEqual(gaps.counts(), { missed: 0, reordered: 0, restarts: 0, producers: 1, forgotten: 1 });
    assert.equal(gaps.observe('quiet', 9, T + 125_000), 0);
  });

  it('counts exactly the sequence numbers that never arrived (property)', () => {
    // Sequences 1..n of a few producers, interleaved; some logs lost on the way.
    const run = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(run, (steps) => {
        const gaps = new GapTracker();
        const next = [1, 1, 1, 1];
        const seen: number[][] = [[], [], [], []];
        let returned = 0;
        for (const [p, lost] of steps) {
          const seq = next[p]!++;
          if (lost) continue;
          seen[p]!.push(seq);
          returned += gaps.observe(`p${p}`, seq, T);
        }
        // Truth: per producer, the numbers between its first and last arrival that did not arrive.
        const truth = seen.reduce((sum, s) => sum + (s.length === 0 ? 0 : s.at(-1)! - s[0]! + 1 - s.length), 0);
        assert.equal(returned, truth);
        assert.equal(gaps.counts().missed, truth);
      }),
      { numRuns: 300 },
    );
  });

  it('counts a run of consecutive numbers as the logs one by one would (property)', () => {
    // Runs of any producer, start and length, at times that move on, now and then far enough for
    // touches, sweeps and forgetting; restarts, repeats and numbers below zero included.
    const step = fc.record({
      p: fc.integer({ min: 0, max: 4 }),
      first: fc.integer({ min: -3, max: 60 }),
      count: fc.integer({ min: 1, max: 12 }),
      dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_500 }), fc.integer({ min: 50_000, max: 70_000 })),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), fc.integer({ min: 1, max: 4 }), (steps, maxProducers) => {
        const opts = { maxProducers, idleMs: 60_000 };
        const one = new GapTracker(opts);
        const runs = new GapTracker(opts);
        let t = T;
        for (const { p, first, count, dt } of steps) {
          t += dt;
          const missed = one.observe(`p${p}`, first, t);
          // Only the first of a run can follow a gap.
          for (let k = 1; k < count; k++) assert.equal(one.observe(`p${p}`, first + k, t), 0);
          assert.equal(runs.observeRun(`p${p}`, first, count, t), missed);
        }
        assert.deepEqual(runs.counts(), one.counts());
      }),
      { numRuns: 500 },
    );
  });

  it('refuses bounds it cannot honour', () => {
    assert.throws(() => new GapTracker({ maxProducers: 0 }), RangeError);
    assert.throws(() => new GapTracker({ idleMs: 0 }), RangeError);
  });
});
