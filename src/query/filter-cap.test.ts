import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { compileFilter, FILTER_MESSAGE_CHARS, FILTER_SERVICE_CHARS } from './filter.js';
import type { FilterFields } from './log-view.js';
import { compileQuery } from './query.js';
import { toRe2Syntax } from './re2-syntax.js';
import { parseRegex } from './regex-syntax.js';
import { testLog } from './test-logs.js';

/** `LEVEL service message` whole: what a filter means, before any cap. */
const whole = (log: FilterFields): string => `${log.level.toUpperCase()} ${log.service} ${log.message}`;

/** Whether the pattern matches the whole text, on the engine the filter chose (both run it in linear time). */
function matchesWhole(
  pattern: string,
  engine: 'native' | 're2' | undefined,
  ignoreCase: boolean,
  log: FilterFields,
): boolean {
  if (engine === 're2')
    return RE2JS.compile(toRe2Syntax(parseRegex(pattern)), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0).test(whole(log));
  return new RegExp(pattern, ignoreCase ? 'iu' : 'u').test(whole(log));
}

describe('the cap on what a filter sees', () => {
  it('never takes the cut for the end of the message (the end anchor, word boundaries, lookaheads)', () => {
    const cases: [string, string][] = [
      ['(a+)+$', 'a'.repeat(30_000) + '!'],
      ['a$', 'a'.repeat(FILTER_MESSAGE_CHARS) + 'b'],
      ['a\\b', 'a'.repeat(FILTER_MESSAGE_CHARS + 10) + 'b'],
      ['!\\B', 'x'.repeat(FILTER_MESSAGE_CHARS - 1) + '!a'],
      ['x(?![xy])', 'x'.repeat(FILTER_MESSAGE_CHARS + 10) + 'y'],
      ['^[^]*a$', 'a'.repeat(FILTER_MESSAGE_CHARS + 1) + ' '],
    ];
    for (const [pattern, message] of cases) {
      const f = compileFilter(pattern);
      assert.ok(f.ok, pattern);
      assert.equal(f.predicate?.(testLog(message)), false, `${pattern} on ${message.length} characters`);
    }
  });

  it('never joins a cut service to the message', () => {
    const f = compileFilter(`^INFO s{${FILTER_SERVICE_CHARS}} m`);
    assert.ok(f.ok);
    assert.equal(f.predicate?.(testLog('m', { service: 's'.repeat(FILTER_SERVICE_CHARS + 10) })), false);
  });

  it('still finds matches at the start of long messages, with anchors and word boundaries too', () => {
    const long = 'error: timeout ' + 'x'.repeat(50_000) + ' end';
    for (const pattern of ['timeout', '\\btimeout\\b', '^INFO auth-service error', 'end$', '(t+)+imeout', 'x(?=x)']) {
      const f = compileFilter(pattern);
      assert.ok(f.ok && f.predicate?.(testLog(long)) === true, pattern);
    }
  });

  it('excludes a log whose -term comes after the cut', () => {
    const q = compileQuery('-secret', undefined);
    assert.ok(q.ok && q.predicate !== undefined);
    assert.equal(q.predicate(testLog('x'.repeat(FILTER_MESSAGE_CHARS + 5) + ' secret')), false);
    assert.equal(q.predicate(testLog('x'.repeat(FILTER_MESSAGE_CHARS + 5))), true);
  });

  it('lets a match through only when the whole text matches too (random patterns, messages longer than the cap)', () => {
    const atom = fc.constantFrom('a', 'b', '!', ' ', '.', '\\w', '\\W', '\\d', '[ab]', '[^a]', '[^]', '\\s', '😀', 'x');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?', '+?');
    const term = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(atom, quantifier).map(([a, q]) => a + q) },
      { weight: 3, arbitrary: fc.constantFrom('$', '^', '\\b', '\\B') },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.constantFrom('(?=', '(?!', '(?<=', '(?<!', '(', '(?:'),
            fc.array(
              fc.tuple(atom, quantifier).map(([a, q]) => a + q),
              { minLength: 1, maxLength: 3 },
            ),
            fc.constantFrom('', '+', '*', '?'),
          )
          .map(([open, body, q]) => `${open}${body.join('')})${open.startsWith('(?') && open !== '(?:' ? '' : q}`),
      },
    );
    const pattern = fc.oneof(
      fc.array(term, { minLength: 1, maxLength: 5 }).map((t) => t.join('')),
      fc
        .tuple(fc.array(term, { minLength: 1, maxLength: 3 }), fc.array(term, { minLength: 1, maxLength: 3 }))
        .map(([a, b]) => `${a.join('')}|${b.join('')}`),
    );
    const chunk = fc.string({ unit: fc.constantFrom('a', 'b', '!', ' ', 'x', '1', '😀', 'A'), maxLength: 12 });
    // A long message whose cut falls among random characters: filler, then a random tail.
    const message = fc
      .tuple(
        fc.constantFrom('a', 'b', 'x', ' ', '!'),
        fc.integer({ min: FILTER_MESSAGE_CHARS - 12, max: FILTER_MESSAGE_CHARS + 4 }),
        chunk,
      )
      .map(([fill, n, tail]) => fill.repeat(n) + tail);
    const service = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('auth-service', 'a b') },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('a', 's', '!'),
            fc.integer({ min: FILTER_SERVICE_CHARS - 3, max: FILTER_SERVICE_CHARS + 3 }),
            chunk,
          )
          .map(([c, n, tail]) => c.repeat(n) + tail),
      },
    );
    let checked = 0;
    fc.assert(
      fc.property(pattern, message, service, fc.boolean(), (p, m, s, ignoreCase) => {
        const f = compileFilter(p, { ignoreCase });
        if (!f.ok || f.predicate === undefined) return;
        const log = testLog(m, { service: s });
        if (f.predicate(log)) {
          checked++;
          assert.ok(
            matchesWhole(p, f.engine, ignoreCase, log),
            `${p} matched the capped text only (${m.length} characters, service ${s.length})`,
          );
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(checked > 100, `only ${checked} matches checked`);
  });
});
