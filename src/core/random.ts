/**
 * A small seeded PRNG (sfc32: 128-bit state, period ≥ 2^32, passes PractRand) and the sampling
 * helpers the generators need. Everything random in LogStream goes through one of these so that
 * a seed reproduces a run exactly; nothing here reads `Math.random` or the clock.
 */

/** An item with a relative (non-negative) weight. */
export interface Weighted<T> {
  value: T;
  weight: number;
}

/** A seeded source of randomness. Draws are deterministic given the seed and call sequence. */
export interface Random {
  /** Uniform in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** An element chosen in proportion to its weight; throws when no weight is positive. */
  weighted<T>(items: readonly Weighted<T>[]): T;
  /** Normally distributed (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** exp(normal(mu, sigma)): median e^mu, a long right tail that grows with sigma. */
  logNormal(mu: number, sigma: number): number;
  /** Exponentially distributed with the given mean (waiting times between random events). */
  exponential(mean: number): number;
}

/**
 * A 32-bit seed from a number or a string (FNV-1a then a murmur3 finaliser for strings). A string
 * of decimal digits means its number, so `--seed 42` on a command line equals `seed: 42`.
 */
export function seedFrom(seed: string | number): number {
  if (typeof seed === 'string' && /^-?\d{1,15}$/.test(seed)) seed = Number(seed);
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    // Fold the high bits in so that seeds ≥ 2^32 do not collide with their low word.
    return ((seed >>> 0) ^ Math.floor(Math.abs(seed) / 0x1_0000_0000)) >>> 0;
  }
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seed for one independent part of a seeded whole, e.g. `deriveSeed(seed, 'bursts')`: the same
 * `seed` and `label` always give the same seed, different labels give unrelated ones, and none
 * of them replays the draws of `createRandom(seed)` itself.
 */
export function deriveSeed(seed: string | number, label: string): number {
  return seedFrom(`${seedFrom(seed)}/${label}`);
}

const TWO_POW_32 = 0x1_0000_0000;

/** A PRNG seeded from `seed` (see `seedFrom`). */
export function createRandom(seed: string | number = 0): Random {
  // splitmix32 spreads a 32-bit seed over the 128-bit state, so nearby seeds diverge at once.
  let s = seedFrom(seed);
  const split = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = 1; // sfc32's counter; starting it at 1 is the reference seeding.

  const uint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The reference implementation discards the first outputs to mix the state.
  for (let i = 0; i < 12; i++) uint32();

  const next = (): number => uint32() / TWO_POW_32;
  // Box–Muller yields two normals per draw; the spare is kept so each call costs half as much.
  let spare: number | undefined;
  const standardNormal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  return {
    next,
    uint32,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly Weighted<T>[]): T {
      let total = 0;
      for (const item of items) total += item.weight > 0 ? item.weight : 0;
      if (!(total > 0)) throw new RangeError('weighted pick needs a positive weight');
      let x = next() * total;
      let last: Weighted<T> | undefined;
      for (const item of items) {
        if (!(item.weight > 0)) continue;
        last = item;
        x -= item.weight;
        if (x < 0) return item.value;
      }
      // Rounding can leave x a hair above 0 after the last positive item.
      return (last as Weighted<T>).value;
    },
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    logNormal: (mu, sigma) => Math.exp(mu + sigma * standardNormal()),
    exponential: (mean) => -mean * Math.log(1 - next()),
  };
}

/**
 * A weighted picker with its cumulative table built once: O(log n) per pick and no allocation,
 * for hot loops that pick from the same items millions of times.
 */
export function weightedPicker<T>(items: readonly Weighted<T>[]): (rng: Random) => T {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const item of items) {
    if (!(item.weight > 0)) continue;
    total += item.weight;
    values.push(item.value);
    cumulative.push(total);
  }
  if (values.length === 0) throw new RangeError('weighted pick needs a positive weight');
  const lastIndex = values.length - 1;
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = lastIndex;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo] as T;
  };
}
