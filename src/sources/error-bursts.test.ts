import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../core/random.js';
import { BurstSchedule, BurstTimeline, type Burst, type BurstTiming, type Bursts } from './error-bursts.js';

const TIMING: BurstTiming = { meanGapMs: 20_000, minGapMs: 5_000, minDurationMs: 3_000, maxDurationMs: 8_000 };
const DEPS = [
  ['b', 'c'],
  ['a', 'c'],
  ['a', 'b'],
];

/** The distinct bursts seen when asking every `stepMs` from 0 to `untilMs`. */
function bursts(seed: number, untilMs: number, stepMs = 100): Burst[] {
  return seenBursts(new BurstSchedule(createRandom(seed), DEPS, TIMING), untilMs, stepMs);
}

function seenBursts(schedule: Bursts, untilMs: number, stepMs: number): Burst[] {
  const seen: Burst[] = [];
  for (let t = 0; t <= untilMs; t += stepMs) {
    const burst = schedule.at(t);
    if (burst !== undefined && burst !== seen.at(-1)) seen.push(burst);
  }
  return seen;
}

describe('BurstSchedule', () => {
  it('starts bursts after a quiet gap and ends each within its duration bounds', () => {
    const seen = bursts(1, 1_000_000);
    assert.ok(seen.length >= 25 && seen.length <= 60, `${seen.length} bursts in 1000 s`);
    assert.ok(seen[0]!.start >= TIMING.minGapMs);
    for (const [i, b] of seen.entries()) {
      assert.ok(b.until - b.start >= TIMING.minDurationMs && b.until - b.start <= TIMING.maxDurationMs);
      assert.ok(b.service >= 0 && b.service < DEPS.length);
      if (i > 0) assert.ok(b.start - seen[i - 1]!.until >= TIMING.minGapMs - 100);
    }
    assert.equal(new Set(seen.map((b) => b.service)).size, DEPS.length);
    assert.equal(new Set(seen.map((b) => b.mode)).size, 3);
  });

  it('blames a dependency of the failing service, or a database', () => {
    for (const b of bursts(2, 500_000)) {
      if (b.mode === 'database') assert.match(b.dep, /postgres|mysql/);
      else assert.ok(DEPS[b.service]!.includes(b.dep), `${b.dep} for ${b.service}`);
    }
  });

  it('replays the same bursts for the same seed and times', () => {
    assert.deepEqual(bursts(3, 300_000), bursts(3, 300_000));
    assert.notDeepEqual(bursts(3, 300_000), bursts(4, 300_000));
  });

  it('starts one burst, not a backlog of missed ones, after a jump in time', () => {
    const schedule = new BurstSchedule(createRandom(5), DEPS, TIMING);
    assert.equal(schedule.at(0), undefined);
    const burst = schedule.at(10_000_000);
    assert.ok(burst !== undefined && burst.start === 10_000_000);
    assert.equal(schedule.at(burst.until), undefined);
    assert.equal(schedule.at(burst.until + TIMING.minGapMs - 1), undefined);
  });
});

describe('BurstTimeline', () => {
  const timeline = (seed: number, originMs?: number): BurstTimeline =>
    new BurstTimeline(createRandom(seed), DEPS, TIMING, originMs);

  it('starts each burst a quiet gap after the previous one ended, within the duration bounds', () => {
    const seen = seenBursts(timeline(1, 0), 1_000_000, 100);
    assert.ok(seen.length >= 25 && seen.length <= 60, `${seen.length} bursts in 1000 s`);
    assert.ok(seen[0]!.start >= TIMING.minGapMs);
    for (const [i, b] of seen.entries()) {
      assert.ok(b.until - b.start >= TIMING.minDurationMs && b.until - b.start <= TIMING.maxDurationMs);
      if (i > 0) assert.ok(b.start - seen[i - 1]!.until >= TIMING.minGapMs);
    }
    assert.equal(new Set(seen.map((b) => b.service)).size, DEPS.length);
  });

  it('gives the same bursts at the same times however often it is asked', () => {
    const often = timeline(7, 0);
    const seldom = timeline(7, 0);
    let active = 0;
    for (let t = 0; t <= 600_000; t += 1) {
      const a = often.at(t);
      if (t % 997 !== 0) continue;
      assert.deepEqual(seldom.at(t), a, `at ${t} ms`);
      if (a !== undefined) active++;
    }
    assert.ok(active > 20, `${active} samples in a burst`);
    // Bursts that fell between two questions are still drawn: the later ones stay the same.
    const sparse = seenBursts(timeline(7, 0), 600_000, 60_000);
    const dense = seenBursts(timeline(7, 0), 600_000, 10);
    for (const b of sparse) assert.ok(dense.some((d) => d.start === b.start && d.service === b.service));
  });

  it('schedules from its origin, or from the first time it is asked', () => {
    const first = seenBursts(timeline(3, 1_000), 200_000, 10)[0];
    const late = timeline(3, 1_000);
    assert.deepEqual(late.at(first!.start + 1), first);
    assert.deepEqual(
      seenBursts(timeline(3), 201_000, 10).map((b) => b.start),
      seenBursts(timeline(3, 0), 201_000, 10).map((b) => b.start),
    );
  });

  it('starts one burst, not a day of missed ones, after a long jump in time', () => {
    const t = timeline(5, 0);
    assert.equal(t.at(0), undefined);
    const burst = t.at(10 * 24 * 3_600_000);
    assert.ok(burst !== undefined && burst.start === 10 * 24 * 3_600_000);
    assert.equal(t.at(burst.until + TIMING.minGapMs - 1), undefined);
  });
});
