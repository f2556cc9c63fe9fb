import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createRandom, deriveSeed, seedFrom, weightedPicker } from './random.js';

function draws(seed: string | number, n: number): number[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => rng.next());
}

describe('seedFrom', () => {
  it('maps the same input to the same 32-bit seed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true })), (seed) => {
        const s = seedFrom(seed);
        assert.equal(s, seedFrom(seed));
        assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32);
      }),
    );
  });

  it('treats a string of digits as the number it spells', () => {
    assert.equal(seedFrom('42'), seedFrom(42));
    assert.equal(seedFrom('-7'), seedFrom(-7));
    assert.notEqual(seedFrom('42a'), seedFrom(42));
  });

  it('keeps seeds apart that differ only above 32 bits', () => {
    assert.notEqual(seedFrom(1), seedFrom(2 ** 32 + 1));
  });
});

describe('deriveSeed', () => {
  it('gives the same seed for the same seed and label, and unrelated ones otherwise', () => {
    assert.equal(deriveSeed('storm', 'bursts'), deriveSeed('storm', 'bursts'));
    assert.equal(deriveSeed(42, 'stream 1'), deriveSeed('42', 'stream 1'));
    const seeds = new Set([0, 1, 2, 3].flatMap((s) => ['bursts', 'stream 0', 'stream 1'].map((l) => deriveSeed(s, l))));
    assert.equal(seeds.size, 12);
    for (const s of [0, 1, 'storm']) assert.notDeepEqual(draws(deriveSeed(s, 'stream 0'), 5), draws(s, 5));
  });
});

describe('createRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    assert.deepEqual(draws('demo', 100), draws('demo', 100));
    assert.deepEqual(draws(7, 100), draws('7', 100));
  });

  it('gives unrelated sequences for neighbouring seeds', () => {
    const a = draws(1, 50);
    const b = draws(2, 50);
    assert.equal(a.filter((x, i) => x === b[i]).length, 0);
  });

  it('draws next() uniformly in [0, 1)', () => {
    const rng = createRandom(123);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      assert.ok(x >= 0 && x < 1);
      buckets[Math.floor(x * 10)]! += 1;
    }
    for (const count of buckets) assert.ok(Math.abs(count - n / 10) < n / 100, `bucket ${count}`);
  });

  it('draws int(min, max) over the whole closed range and nothing outside it', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 20 }),
        (seed, min, span) => {
          const rng = createRandom(seed);
          const seen = new Set<number>();
          for (let i = 0; i < 400; i++) {
            const x = rng.int(min, min + span);
            assert.ok(Number.isInteger(x) && x >= min && x <= min + span);
            seen.add(x);
          }
          assert.equal(seen.size, span + 1);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('picks every element of an array and refuses an empty one', () => {
    const rng = createRandom(5);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(rng.pick(['a', 'b', 'c']));
    assert.deepEqual([...seen].sort(), ['a', 'b', 'c']);
    assert.throws(() => rng.pick([]), RangeError);
  });

  it('picks weighted items in proportion to their weights and never a zero weight', () => {
    const rng = createRandom(9);
    const items = [
      { value: 'a', weight: 1 },
      { value: 'never', weight: 0 },
      { value: 'b', weight: 3 },
    ];
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[rng.weighted(items) as keyof typeof counts] += 1;
    assert.equal(counts.never, 0);
    assert.ok(Math.abs(counts.b / counts.a - 3) < 0.2, `ratio ${counts.b / counts.a}`);
    assert.throws(() => rng.weighted([{ value: 1, weight: 0 }]), RangeError);
  });

  it('draws normals with the asked mean and spread', () => {
    const rng = createRandom(11);
    const n = 50_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(10, 2);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sq / n - mean * mean);
    assert.ok(Math.abs(mean - 10) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  });

  it('draws log-normals around the median e^mu with a long right tail', () => {
    const rng = createRandom(13);
    const xs = Array.from({ length: 20_001 }, () => rng.logNormal(Math.log(50), 1)).sort((a, b) => a - b);
    const median = xs[10_000]!;
    const p99 = xs[19_800]!;
    assert.ok(xs[0]! > 0);
    assert.ok(Math.abs(median - 50) < 3, `median ${median}`);
    // e^(2.326σ) ≈ 10.2 times the median for σ = 1.
    assert.ok(p99 / median > 8 && p99 / median < 13, `p99/median ${p99 / median}`);
  });

  it('draws exponential waits with the asked mean', () => {
    const rng = createRandom(17);
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += rng.exponential(30);
    assert.ok(Math.abs(sum / 50_000 - 30) < 0.6);
  });
});

describe('weightedPicker', () => {
  it('picks the same values as their weights say, from a table built once', () => {
    const pick = weightedPicker([
      { value: 'x', weight: 2 },
      { value: 'skip', weight: 0 },
      { value: 'y', weight: 6 },
      { value: 'z', weight: 2 },
    ]);
    const rng = createRandom(21);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const v = pick(rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    assert.equal(counts.get('skip'), undefined);
    assert.ok(Math.abs(counts.get('y')! / 50_000 - 0.6) < 0.02);
    assert.ok(Math.abs(counts.get('x')! / 50_000 - 0.2) < 0.02);
  });

  it('refuses a table without a positive weight', () => {
    assert.throws(() => weightedPicker([]), RangeError);
  });
});
