import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatClock, formatCount, formatIsoTime, formatMs, formatPercent, formatRate } from './format.js';

describe('formatCount', () => {
  it('gives what toLocaleString("en-US") of the rounded number gives, and a dash for NaN', () => {
    const numbers = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.double(),
      fc.constantFrom(0, -0, -0.4, 999.5, 1e21, -1e21, Infinity, -Infinity, Number.NaN, 2 ** 53, -(2 ** 53) + 1),
    );
    fc.assert(
      fc.property(numbers, (n) => {
        assert.equal(formatCount(n), Number.isNaN(n) ? '—' : Math.round(n).toLocaleString('en-US'), String(n));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('number formats', () => {
  it('show NaN and the infinities as a dash and ∞, never as JavaScript spells them', () => {
    for (const f of [formatRate, formatPercent, formatMs]) {
      assert.doesNotMatch(f(Number.NaN), /NaN/);
      assert.doesNotMatch(f(Infinity) + f(-Infinity), /Infinity/);
    }
    assert.equal(formatRate(Number.NaN), '—');
    assert.equal(formatPercent(Infinity), '∞%');
    assert.equal(formatMs(-Infinity), '-∞');
  });

  it('shows a clock of dashes for a time no Date can hold', () => {
    for (const t of [Number.NaN, Infinity, -8.64e15 - 1]) assert.equal(formatClock(t), '--:--:--.---');
  });

  it('shows impossible times as the number instead of throwing', () => {
    assert.equal(formatIsoTime(0), '1970-01-01T00:00:00.000Z');
    for (const t of [Number.NaN, Infinity, 8.64e15 + 1]) assert.match(formatIsoTime(t), /^invalid time/);
  });
});
