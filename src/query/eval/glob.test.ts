import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileGlob, hasWildcard } from './glob.js';

describe('globs', () => {
  it('match * as any run and ? as one character, ignoring case', () => {
    const g = compileGlob('api-*-v?');
    assert.equal(g('API-gateway-V2'), true);
    assert.equal(g('api--v1'), true);
    assert.equal(g('api-gateway-v10'), false);
    assert.equal(compileGlob('*timeout*')('read TIMEOUT after 30s'), true);
    assert.equal(compileGlob('a*b*c')('axxbyyc'), true);
    assert.equal(compileGlob('a*b*c')('axxcyyb'), false);
  });

  it('take \\* and \\? literally', () => {
    assert.equal(hasWildcard('a\\*b'), false);
    assert.equal(compileGlob('a\\*b')('a*b'), true);
    assert.equal(compileGlob('a\\*b')('axb'), false);
  });

  it('agree with an anchored regex on random patterns and values', () => {
    const chars = fc.constantFrom('a', 'b', 'A', '*', '?');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 8 }).map((c) => c.join('')),
        fc.array(fc.constantFrom('a', 'b', 'B', 'c'), { maxLength: 10 }).map((c) => c.join('')),
        (pattern, value) => {
          const re = new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
          assert.equal(compileGlob(pattern)(value), re.test(value), `${pattern} on ${value}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers a pattern of many stars over a long value (a backtracking matcher would not finish)', () => {
    assert.equal(compileGlob(`${'*a'.repeat(100)}*b`)('a'.repeat(100_000)), false);
  });
});
