import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from 100 ms and stops growing at 2 s without jitter', () => {
    const delays = [0, 1, 2, 3, 4, 5, 50, 5000].map((r) => backoffDelay(r, { jitter: 0 }));
    assert.deepEqual(delays, [100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('stays within ±20% of the capped delay for any retry count and random draw', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retries, draw) => {
        const base = Math.min(2000, 100 * 2 ** Math.min(retries, 30));
        const delay = backoffDelay(retries, { random: () => draw });
        return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
      }),
    );
  });

  it('spreads delays with the injected randomness', () => {
    assert.equal(backoffDelay(10, { random: () => 0 }), 1600);
    assert.equal(backoffDelay(10, { random: () => 0.5 }), 2000);
    assert.equal(backoffDelay(10, { random: () => 0.999999 }), 2400);
  });
});
