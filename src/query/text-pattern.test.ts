import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTextPattern, nativePattern, type TextPattern } from './text-pattern.js';

function compiled(source: string): TextPattern {
  const c = compileTextPattern(source);
  assert.ok(c.ok, c.ok ? '' : c.error);
  return c.pattern;
}

const subject = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', ' ', '\t', '1', '😀', 'é'), maxLength: 40 });

// Both engines answer the same questions the same way (leftmost-first matches, no overlaps).
describe('a text pattern on either engine', () => {
  for (const source of ['a+b', '\\s+$', 'x*', '(ab|a)c', '[a-c]+\\d*', '.*x', 'b', '😀+']) {
    it(`finds the same matches for /${source}/ as the native engine`, () => {
      const pattern = compiled(source);
      const native = nativePattern(new RegExp(source, 'u'));
      fc.assert(
        fc.property(subject, (text) => {
          assert.deepEqual(pattern.ranges(text, 50), native.ranges(text, 50));
          assert.equal(pattern.test(text), native.test(text));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('stops after `limit` matches and never returns an empty one', () => {
    for (const pattern of [compiled('a+b'), nativePattern(/b/u)])
      assert.equal(pattern.ranges('ab ab ab ab', 2).length, 2, pattern.engine);
    for (const pattern of [compiled('x*'), nativePattern(/x*/u)]) {
      assert.deepEqual(pattern.ranges('ab xx ab', 50), [[3, 5]], pattern.engine);
    }
  });

  it('indexes matches in UTF-16 units, after astral characters too', () => {
    assert.deepEqual(compiled('a+b').ranges('😀aab', 5), [[2, 5]]);
    assert.deepEqual(nativePattern(/x*/u).ranges('😀x', 5), [[2, 3]]);
  });
});

describe('compileTextPattern', () => {
  it('runs patterns that could backtrack on the linear-time engine instead of refusing them', () => {
    assert.equal(compiled('a+b').engine, 're2');
    assert.equal(compiled('\\s+$').engine, 're2');
    assert.equal(compiled('(a+)+$').engine, 're2');
    assert.equal(compiled('timeout').engine, 'native');
  });

  it('refuses what only a backtracking engine can run, saying what it is', () => {
    const backref = compileTextPattern('(a+)\\1');
    assert.ok(!backref.ok && /backreference \\1/.test(backref.error), JSON.stringify(backref));
    const look = compileTextPattern('(?<=id=)\\d+x');
    assert.ok(!look.ok && /lookbehind/.test(look.error), JSON.stringify(look));
    const bad = compileTextPattern('(');
    assert.ok(!bad.ok && !bad.error.startsWith('Invalid regular expression'), JSON.stringify(bad));
  });
});
