import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatCount } from './format.js';

describe('formatCount', () => {
  it('gives what toLocaleString("en-US") of the rounded number gives', () => {
    const numbers = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double(), fc.constantFrom(0, -0, -0.4, 999.5, 1e21, -1e21, Infinity, -Infinity, Number.NaN, 2 ** 53, -(2 ** 53) + 1));
    fc.assert(fc.property(numbers, (n) => {
      assert.equal(formatCount(n), Math.round(n).toLocaleString('en-US'), String(n));
    }), { numRuns: 5000 });
  });
});
