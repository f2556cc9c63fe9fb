import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkRegexSafety } from './regex-safety.js';

/** Patterns known to backtrack catastrophically (exponential or high-degree polynomial) in V8. */
const CATASTROPHIC = [
  '(a+)+$',
  '(a+)+b',
  '(a*)*b',
  '(a|aa)+$',
  '(a|a)*b',
  '(a|b|ab)*c',
  '(.*a){12}',
  '(\\w+\\s?)*$',
  '^(\\w+\\s?)*$',
  '(\\d+)*x',
  '([a-z]+)*=',
  '(x+x+)+y',
  '(a?){25}a{25}',
  'a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaa',
  '(?:a+){2,}b',
  '^(a+)+$',
  '(.*)*x',
  '(?:.+)+!',
  '([^,]*,)*x',
  '(\\s*\\S+\\s*)+$',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(a|ab)*c',
  'a*a*a*b',
  '\\d+\\d+$',
  '.*.*=.*',
  '\\s*\\s*x',
  '^.*a.*b.*c',
  '.*x',
  '\\d+$',
  '[a-z]+@',
  '(?=.*a)b',
  'x(?!.*y)',
  '(?<=.*a)b',
  '(a)\\1',
  '(a+)\\1+',
  '(?<w>\\w+)\\s\\k<w>',
  '\\d{5000,}',
  '(ab|a)+b',
  '(?:x|x)+y',
  '(?:(?:a)+)+b',
];

/** Everyday filters that the native engine runs in linear time. */
const EVERYDAY = [
  'ERROR',
  '^WARN auth',
  'timeout|refused',
  'user \\d+',
  '^ERROR.*timeout',
  'https?://',
  '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}',
  'status=5\\d\\d',
  '(?<!debug )timeout',
  'payment-service',
];

describe('checkRegexSafety', () => {
  it('never lets a classic catastrophic pattern run on the native engine', () => {
    for (const p of CATASTROPHIC) {
      assert.doesNotThrow(() => new RegExp(p, 'u'), p);
      const verdict = checkRegexSafety(p);
      assert.equal(verdict.nativeSafe, false, `${p} was judged safe`);
      assert.ok(verdict.reason.length > 0, p);
    }
  });

  it('lets everyday filters run on the native engine', () => {
    for (const p of EVERYDAY) {
      const { nativeSafe, reason } = checkRegexSafety(p);
      assert.deepEqual({ nativeSafe, reason }, { nativeSafe: true, reason: '' }, p);
    }
  });

  it('names the backtracking feature a pattern uses', () => {
    assert.equal(checkRegexSafety('(a)\\1').backtrackingFeature, 'backreference \\1');
    assert.equal(checkRegexSafety('a(?=b)').backtrackingFeature, 'lookahead (?=');
    assert.equal(checkRegexSafety('(?<!x)y').backtrackingFeature, 'negative lookbehind (?<!');
    assert.equal(checkRegexSafety('a+b').backtrackingFeature, undefined);
  });

  it('judges any nesting of a variable part inside a repeated group as unsafe', () => {
    const inner = fc.constantFrom('a+', 'a*', 'a?', 'a{1,3}', 'a|b', '(?:a|b)', '.+?');
    const outer = fc.constantFrom('+', '*', '{2}', '{2,}', '{1,5}', '+?');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('x', '\\d', '.'), maxLength: 3 }),
        inner,
        outer,
        fc.boolean(),
        (prefix, i, o, capture) => {
          const p = `${prefix}${capture ? '(' : '(?:'}${i})${o}`;
          assert.equal(checkRegexSafety(p).nativeSafe, false, p);
        },
      ),
    );
  });

  it('never throws, even on patterns that are not valid regexes', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (p) => void checkRegexSafety(p)));
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '(',
            ')',
            '[',
            ']',
            '\\',
            '{',
            '}',
            '?',
            '*',
            '+',
            '|',
            'a',
            '1',
            ',',
            '<',
            '=',
            'k',
            'u',
          ),
          maxLength: 40,
        }),
        (p) => void checkRegexSafety(p),
      ),
    );
  });
});
