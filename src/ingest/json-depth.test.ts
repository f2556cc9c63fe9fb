import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nestsDeeperThan } from './json-depth.js';

/** Nesting of a parsed value, walked: the reference the text scan must agree with. */
function depthOf(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  const children = Array.isArray(v) ? v : Object.values(v);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe('nestsDeeperThan', () => {
  it('agrees with the depth of the parsed value, strings with brackets and escapes included', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', '\\\\', '[{"');
    const text = fc.oneof(
      fc.string(),
      fc.array(tricky).map((parts) => parts.join('')),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), fc.boolean(), (v, limit, pretty) => {
        const json = JSON.stringify(v, null, pretty ? 2 : 0);
        assert.equal(nestsDeeperThan(json, limit), depthOf(v) > limit);
      }),
      { numRuns: 2_000 },
    );
  });

  it('scans only the range it is given', () => {
    const text = '[[[1]]]\n[2]';
    assert.equal(nestsDeeperThan(text, 1, 8), false);
    assert.equal(nestsDeeperThan(text, 2, 0, 7), true);
  });

  it('handles a hundred thousand levels without recursion', () => {
    assert.equal(nestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000), 64), true);
  });
});
