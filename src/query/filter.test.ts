import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { compileFilter, FILTER_MESSAGE_CHARS, filterSubject, MAX_FILTER_CHARS } from './filter.js';
import { toRe2Syntax } from './re2-syntax.js';
import { parseRegex } from './regex-syntax.js';
import { testLog } from './test-logs.js';

describe('compileFilter', () => {
  it('matches against "LEVEL service message" as the original did', () => {
    const log = testLog('User login successful', { level: 'error', service: 'auth-service' });
    assert.equal(filterSubject(log), 'ERROR auth-service User login successful');
    const f = compileFilter('^ERROR auth');
    assert.ok(f.ok && f.predicate?.(log));
  });

  it('shows everything for an empty or blank pattern', () => {
    const f = compileFilter('  ');
    assert.ok(f.ok);
    assert.equal(f.predicate, undefined);
  });

  it('reports an invalid regex as a one-line error instead of throwing', () => {
    for (const p of ['(unclosed', 'a\n(b', '[z-a]']) {
      const f = compileFilter(p);
      assert.equal(f.ok, false);
      assert.ok(!f.ok && f.error.length > 0 && !/[\r\n]/.test(f.error), p);
    }
  });

  it('matches CJK and emoji text', () => {
    const f = compileFilter('通知');
    assert.ok(f.ok && f.predicate?.(testLog('通知を送信しました 📨')));
  });

  it('runs simple patterns on the native engine', () => {
    for (const p of ['ERROR', '^WARN auth', 'timeout|refused', 'user \\d+']) {
      const f = compileFilter(p);
      assert.equal(f.ok && f.engine, 'native', p);
    }
  });

  it('runs a catastrophic pattern on the linear engine, and it finishes on a long line', () => {
    const f = compileFilter('(a+)+$');
    assert.ok(f.ok);
    assert.equal(f.engine, 're2');
    assert.equal(f.predicate?.(testLog('a'.repeat(4000) + 'b')), false);
    assert.equal(f.predicate?.(testLog('xaaaa')), true);
  });

  it('ignores case on either engine when asked to (smart case)', () => {
    const native = compileFilter('timeout', { ignoreCase: true });
    const re2 = compileFilter('(time+)+out', { ignoreCase: true });
    assert.ok(native.ok && native.engine === 'native' && re2.ok && re2.engine === 're2');
    assert.ok(native.predicate?.(testLog('Read TIMEOUT')) && re2.predicate?.(testLog('Read TIMEOUT')));
    const exact = compileFilter('(time+)+out');
    assert.ok(exact.ok && exact.predicate?.(testLog('Read TIMEOUT')) === false);
  });

  it('refuses a backreference or lookahead the linear engine cannot run, in one line', () => {
    for (const [p, feature] of [
      ['(a+)+\\1', 'backreference \\1'],
      ['(\\w+) \\1', 'backreference \\1'],
      ['x(?=.*y)', 'lookahead (?='],
    ]) {
      const f = compileFilter(p ?? '');
      assert.ok(!f.ok, p);
      assert.match(f.error, /^pattern needs backtracking features that could freeze the view: /);
      assert.ok(f.error.includes(feature ?? ''), f.error);
    }
  });

  it('keeps a backreference or lookaround that is provably cheap on the native engine', () => {
    const f = compileFilter('(?<!debug )timeout');
    assert.ok(f.ok && f.engine === 'native');
    assert.equal(f.predicate?.(testLog('debug timeout')), false);
    assert.equal(f.predicate?.(testLog('read timeout')), true);
  });

  it('refuses patterns too long or too large to run on every log', () => {
    const long = compileFilter('x'.repeat(MAX_FILTER_CHARS + 1));
    assert.ok(!long.ok && long.error.startsWith('pattern too long'));
    const large = compileFilter('\\p{L}{1000}');
    assert.ok(!large.ok && large.error.startsWith('pattern too large'));
  });

  it('shows the regex at most the first 4 KiB of a message, never half a surrogate pair, and a cut service ends the text', () => {
    const log = testLog('a'.repeat(FILTER_MESSAGE_CHARS - 1) + '😀' + 'needle');
    const subject = filterSubject(log);
    assert.ok(subject.endsWith('a'), 'the cut drops the whole emoji');
    const f = compileFilter('needle');
    assert.ok(f.ok && f.predicate?.(log) === false);
    assert.equal(filterSubject(testLog('m', { service: 's'.repeat(10_000) })), 'INFO ' + 's'.repeat(256));
  });

  it('never throws, whatever is typed', () => {
    const syntax = fc.constantFrom(
      '(',
      ')',
      '(?:',
      '(?<n>',
      '(?=',
      '(?<!',
      '[',
      ']',
      '[^',
      '\\',
      '\\1',
      '\\k<n>',
      '\\p{L}',
      '\\u{',
      '{',
      '}',
      '{2,}',
      '?',
      '*',
      '+',
      '|',
      '^',
      '$',
      '.',
      'a',
      '1',
      ',',
      '-',
      '😀',
      '\ud800',
    );
    fc.assert(
      fc.property(fc.string({ unit: syntax, maxLength: 30 }), (p) => void compileFilter(p)),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (p) => void compileFilter(p)));
  });

  it('gives predicates that never throw, whatever the log holds', () => {
    const patterns = ['ERROR', '(a+)+$', '.*x', '\\s+\\S', '(?<=a)b', '^[^]*$', '\\p{L}+\\d'];
    const compiled = patterns.map((p) => compileFilter(p)).filter((f) => f.ok);
    assert.equal(compiled.length, patterns.length);
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (message, service) => {
          for (const f of compiled) void f.predicate?.(testLog(message, { service }));
        },
      ),
    );
  });
});

describe('the linear engine', () => {
  const atoms = [
    'a',
    'b',
    'x',
    '.',
    '\\d',
    '\\w',
    '\\W',
    '\\s',
    '\\S',
    '[ab]',
    '[^a]',
    '[\\s\\d]',
    '[^\\S]',
    '[^]',
    '\\u{1F600}',
    '\\uD83D\\uDE00',
    'é',
    '\\t',
    '\\n',
    '\\x41',
    '\\u00e9',
    '\\cJ',
    '\\0',
    '\\.',
    '\\/',
    '[a\\-z]',
    '[\\b]',
    '\\p{Lu}',
    '\\p{Script=Greek}',
    '\\b',
    '^',
    '$',
  ];
  // Not ſ (U+017F) or K (U+212A) in subjects: case-insensitive JavaScript counts them as word
  // characters for `\w` and `\b`, RE2 does not. Documented in re2-syntax.ts.
  // Not `\B`: re2js also tests it between the two halves of a surrogate pair, where V8 (Unicode
  // mode) does not, so `\B` next to an emoji can differ. Documented in re2-syntax.ts.
  const quantifiers = ['', '', '*', '+', '?', '{1,2}', '{2}', '*?', '{0,}'];
  const term = fc
    .tuple(fc.constantFrom(...atoms), fc.constantFrom(...quantifiers))
    .map(([a, q]) => (a === '^' || a === '$' || a.startsWith('\\b') || a.startsWith('\\B') ? a : a + q));
  const seq = fc.array(term, { minLength: 1, maxLength: 4 }).map((t) => t.join(''));
  const pattern = fc.oneof(
    seq,
    fc.tuple(seq, seq).map(([a, b]) => `${a}|${b}`),
    fc
      .tuple(seq, seq, fc.constantFrom('(', '(?:', '(?<g>'), fc.constantFrom('', '+', '?', '*'))
      .map(([a, b, open, q]) => `${a}${open}${b})${q}`),
  );
  const subject = fc.string({
    unit: fc.constantFrom(
      'a',
      'b',
      'x',
      'A',
      'B',
      'σ',
      'ς',
      'é',
      'Σ',
      '1',
      '_',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      '😀',
      '.',
      '/',
      '-',
      '\b',
      '\0',
      '\ud800',
    ),
    maxLength: 12,
  });

  it('agrees with the native engine on what matches', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.array(subject, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (p, subjects, ignoreCase) => {
          let native: RegExp;
          try {
            native = new RegExp(p, ignoreCase ? 'iu' : 'u');
          } catch {
            return; // not a valid JavaScript pattern (e.g. `^*`): nothing to compare
          }
          const re2 = RE2JS.compile(toRe2Syntax(parseRegex(p)), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
          for (const s of subjects) assert.equal(re2.test(s), native.test(s), `${p} on ${JSON.stringify(s)}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
