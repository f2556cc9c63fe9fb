import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Expr, Query } from './ast.js';
import { parseLogQuery } from './parser.js';
import { printQuery } from './printer.js';

function parsed(text: string): Query {
  const r = parseLogQuery(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
  return strip(r.query) as Query;
}

function errorOf(text: string): string {
  const r = parseLogQuery(text);
  assert.ok(!r.ok, text);
  return r.error;
}

/** The tree without source positions. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== 'at')
      .map(([k, x]) => [k, strip(x)]),
  );
}

describe('the query parser', () => {
  it('reads field terms, comparisons, ranges, phrases and negations', () => {
    assert.deepEqual(parsed('user.id:42 status>=500 code:[400 TO 499} "connection reset" -level:debug NOT x').filter, {
      kind: 'and',
      terms: [
        { kind: 'match', field: 'user.id', value: '42', quoted: false },
        { kind: 'compare', field: 'status', op: '>=', value: '500' },
        { kind: 'range', field: 'code', low: '400', high: '499', lowInclusive: true, highInclusive: false },
        { kind: 'phrase', text: 'connection reset' },
        { kind: 'not', dash: true, term: { kind: 'match', field: 'level', value: 'debug', quoted: false } },
        { kind: 'not', dash: false, term: { kind: 'word', text: 'x' } },
      ],
    });
  });

  it('binds AND tighter than OR, and groups with parentheses', () => {
    assert.deepEqual(parsed('a b OR (c OR d) e').filter, {
      kind: 'or',
      terms: [
        {
          kind: 'and',
          terms: [
            { kind: 'word', text: 'a' },
            { kind: 'word', text: 'b' },
          ],
        },
        {
          kind: 'and',
          terms: [
            {
              kind: 'or',
              terms: [
                { kind: 'word', text: 'c' },
                { kind: 'word', text: 'd' },
              ],
            },
            { kind: 'word', text: 'e' },
          ],
        },
      ],
    });
  });

  it('keeps regexes of the older language as bare words', () => {
    for (const w of ['(a+)+$', 'timeout|refused', '/api/users', 'ERROR:', 'fail(ed|ure)', 'status=5[0-9]{2}', '-']) {
      assert.deepEqual(parsed(w).filter, { kind: 'word', text: w }, w);
    }
    assert.deepEqual(parsed('/time(out)?/').filter, { kind: 'regex', source: 'time(out)?' });
  });

  it('starts the pipeline at a lone |, not at a | inside a regex', () => {
    assert.deepEqual(parsed('a|b').stages, []);
    const q = parsed('level:error | stats count, p99(latency_ms) as slow by service, host | sort -count | head 5');
    assert.deepEqual(q.stages, [
      {
        kind: 'stats',
        aggs: [
          { fn: 'count', field: undefined, name: 'count' },
          { fn: 'quantile', field: 'latency_ms', q: 0.99, name: 'slow' },
        ],
        by: ['service', 'host'],
      },
      { kind: 'sort', keys: [{ column: 'count', desc: true }] },
      { kind: 'head', n: 5 },
    ]);
    assert.deepEqual(parsed('| top 3 service').stages, [{ kind: 'top', n: 3, field: 'service' }]);
    assert.deepEqual(parsed('|timechart span=10s count() by level').stages, [
      {
        kind: 'timechart',
        span: '10s',
        spanMs: 10_000,
        aggs: [{ fn: 'count', field: undefined, name: 'count' }],
        by: ['level'],
      },
    ]);
    assert.deepEqual(parsed('| patterns').stages, [{ kind: 'patterns' }]);
  });

  it('names the column and what it expected on an error', () => {
    assert.equal(errorOf('level:error | stats count by'), 'col 29: expected a field name after "by"');
    assert.equal(errorOf('"connection reset'), 'col 1: expected a closing quote (")');
    assert.equal(errorOf('a OR'), 'col 3: expected a term after OR');
    assert.equal(errorOf('code:[400 499]'), 'col 11: expected "low TO high" in the range of code');
    assert.equal(
      errorOf('x | stats p99'),
      'col 14: expected a field in parentheses after "p99", as in p99(latency_ms)',
    );
    assert.equal(errorOf('x | stats count | sort -total'), 'col 24: expected a column to sort by (count), not "total"');
    assert.equal(
      errorOf('x | sort count'),
      'col 5: expected stats, top, timechart or patterns before sort (sort orders their table)',
    );
    assert.equal(
      errorOf('x | frobnicate'),
      'col 5: expected a stage after "|" (stats, top, sort, head, timechart, patterns)',
    );
  });

  it('never throws: any text parses, or fails at a column inside it', () => {
    const alphabet = fc.constantFrom(
      ...'ab:*?"()[]{}|-/\\ <>=,.TOORNOTstatsbycount'.split(''),
      ' OR ',
      ' NOT ',
      ' | stats ',
      ' by ',
      ' TO ',
      'p99(',
      ')',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
        ),
        (text) => {
          const r = parseLogQuery(text);
          if (!r.ok) {
            assert.ok(r.column >= 1 && r.column <= text.length + 1, `${JSON.stringify(text)}: ${r.error}`);
            assert.ok(r.error.startsWith(`col ${r.column}: expected`) && !r.error.includes('\n'), r.error);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses nesting deep enough to exhaust the stack, without throwing', () => {
    assert.match(errorOf(`${'('.repeat(5000)}a${')'.repeat(5000)}`), /levels of nesting/);
    assert.match(errorOf(`${'-'.repeat(5000)}a`), /levels of nesting/);
  });

  it('prints a tree that parses back to the same tree', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_.]{0,6}$/);
    const value = fc.stringMatching(/^[a-z0-9*?._]{1,6}$/);
    const leaf: fc.Arbitrary<Expr> = fc.oneof(
      fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/).map((text): Expr => ({ kind: 'word', text, at: 0 })),
      fc.stringMatching(/^[a-z.+]{1,5}$/).map((source): Expr => ({ kind: 'regex', source, at: 0 })),
      fc.string({ maxLength: 8 }).map((text): Expr => ({ kind: 'phrase', text })),
      fc
        .record({ field: name, value, quoted: fc.boolean() })
        .map(({ field, value, quoted }): Expr => ({ kind: 'match', field, value, quoted, at: 0 })),
      fc
        .record({ field: name, op: fc.constantFrom('>', '>=', '<', '<=' as const), value })
        .map((r): Expr => ({ kind: 'compare', ...r, at: 0 })),
      fc
        .record({ field: name, low: value, high: value, lowInclusive: fc.boolean(), highInclusive: fc.boolean() })
        .map((r): Expr => ({ kind: 'range', ...r, at: 0 })),
    );
    const expr = fc.letrec<{ e: Expr }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ term: tie('e'), dash: fc.boolean() }).map((r): Expr => ({ kind: 'not', ...r })),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: 'and', terms })),
        fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: 'or', terms })),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (filter) => {
        const text = printQuery({ filter, stages: [] });
        assert.deepEqual(parsed(text).filter, strip(filter), text);
      }),
      { numRuns: 1000 },
    );
    const field = fc.constantFrom('service', 'level', 'user.id', 'latency_ms', 'http.status');
    const agg = fc.record({
      fn: fc.constantFrom('count', 'sum', 'avg', 'min', 'max', 'distinct', 'p50', 'p99.9'),
      field,
      alias: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
    });
    const tableStage = fc.oneof(
      fc.record({
        kind: fc.constant('stats'),
        aggs: fc.array(agg, { minLength: 1, maxLength: 3 }),
        by: fc.uniqueArray(field, { maxLength: 2 }),
      }),
      fc.record({
        kind: fc.constant('timechart'),
        span: fc.constantFrom('10s', '1m', '500ms'),
        aggs: fc.array(agg, { minLength: 1, maxLength: 2 }),
        by: fc.uniqueArray(field, { maxLength: 1 }),
      }),
      fc.record({ kind: fc.constant('top'), n: fc.integer({ min: 1, max: 50 }), field }),
    );
    fc.assert(
      fc.property(
        tableStage,
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        (stage, sortIt, head) => {
          let text: string;
          if (stage.kind === 'top') text = `| top ${stage.n} ${stage.field}`;
          else {
            const aggs = stage.aggs
              .map((a) => `${a.fn}(${a.fn === 'count' ? '' : a.field})${a.alias === undefined ? '' : ` as ${a.alias}`}`)
              .join(', ');
            text = `| ${stage.kind}${stage.kind === 'timechart' ? ` span=${stage.span}` : ''} ${aggs}${stage.by.length > 0 ? ` by ${stage.by.join(', ')}` : ''}`;
          }
          if (sortIt)
            text += ` | sort -${stage.kind === 'top' ? 'count' : stage.kind === 'timechart' ? 'time' : (stage.by[0] ?? 'x')}`;
          if (head !== undefined) text += ` | head ${head}`;
          const r = parseLogQuery(text);
          // Duplicate column names and sorting by a missing column are refused; everything else round-trips.
          if (!r.ok) {
            assert.match(r.error, /distinct column names|column to sort by/, `${text}: ${r.error}`);
            return;
          }
          assert.deepEqual(parsed(printQuery(r.query)), strip(r.query), text);
        },
      ),
      { numRuns: 500 },
    );
    for (const text of [
      'x | stats count, p99.9(latency_ms) as slow by service | sort -slow, service | head 3',
      '| timechart span=5m avg(latency_ms) by level',
      '| top 7 user.id',
    ]) {
      assert.equal(printQuery(parsed(text)), text.startsWith('|') ? text : text);
    }
  });
});
