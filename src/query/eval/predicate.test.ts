import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEVEL_RANK, LEVELS, type Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Expr } from '../lang/ast.js';
import { printExpr } from '../lang/printer.js';
import { compileLogQuery } from '../log-query.js';
import { testLog } from '../test-logs.js';

const T0 = Date.UTC(2026, 11, 5, 10);

function matches(query: string, logs: LogRecord[]): string[] {
  const c = compileLogQuery(query);
  assert.ok(c.ok, `${query}: ${c.ok ? '' : c.error}`);
  return logs.filter(c.filter).map((l) => l.message);
}

const logs = [
  testLog('boom: connection reset', {
    level: 'error',
    service: 'api-gateway',
    latencyMs: 1500,
    time: T0,
    fields: { http: { status: 500 }, user: { id: 42 }, 'http.method': 'GET', tags: ['a', 'Edge'] },
  }),
  testLog('ok', {
    level: 'info',
    service: 'api-gateway',
    latencyMs: 12,
    time: T0 + 1000,
    fields: { http: { status: '200' }, user: { id: '7' } },
  }),
  testLog('slow query', {
    level: 'warn',
    service: 'db',
    latencyMs: 900,
    time: T0 + 60_000,
    fields: { http: { status: 404 }, ok: true, note: null },
  }),
];

describe('field terms', () => {
  it('compare nested fields by dot path, numbers as numbers, strings without case', () => {
    assert.deepEqual(matches('user.id:42', logs), ['boom: connection reset']);
    assert.deepEqual(matches('user.id:7', logs), ['ok']);
    assert.deepEqual(matches('http.status>=404', logs), ['boom: connection reset', 'slow query']);
    assert.deepEqual(matches('http.status:[200 TO 404}', logs), ['ok']);
    assert.deepEqual(matches('http.method:get', logs), ['boom: connection reset']);
    assert.deepEqual(matches('tags:edge ok:true note:null', logs), []);
    assert.deepEqual(matches('tags:edge', logs), ['boom: connection reset']);
    assert.deepEqual(matches('ok:true note:null', logs), ['slow query']);
  });

  it('match globs, existence, times and latencies', () => {
    assert.deepEqual(matches('service:api-* http.status:5??', logs), ['boom: connection reset']);
    assert.deepEqual(matches('user.id:*', logs), ['boom: connection reset', 'ok']);
    assert.deepEqual(matches('time>=2026-12-05T10:00:01Z', logs), ['ok', 'slow query']);
    assert.deepEqual(matches('latency_ms>1000 OR latency:12', logs), ['boom: connection reset', 'ok']);
    assert.deepEqual(matches('msg:OK', logs), ['ok']);
  });

  it('keep service: as "contains" and level:X+ as "X and above"', () => {
    assert.deepEqual(matches('service:GATE', logs), ['boom: connection reset', 'ok']);
    assert.deepEqual(matches('level:warn+', logs), ['boom: connection reset', 'slow query']);
    assert.deepEqual(matches('level>=warn level<error', logs), ['slow query']);
    assert.deepEqual(matches('service:db service:gate', logs), ['boom: connection reset', 'ok', 'slow query']);
  });

  it('find phrases and regexes in LEVEL service message with smart case', () => {
    assert.deepEqual(matches('"connection reset"', logs), ['boom: connection reset']);
    assert.deepEqual(matches('"Connection reset"', logs), []);
    assert.deepEqual(matches('/^WARN\\sdb/', logs), ['slow query']);
    assert.deepEqual(matches('-"connection" NOT slow', logs), ['ok']);
  });

  it('treat unknown fields as absent, and hostile values as no match', () => {
    const hostile = [
      testLog('proto', {
        fields: JSON.parse('{"__proto__": {"x": 1}, "n": NaN}'.replace('NaN', '"NaN"')) as Record<string, unknown>,
      }),
      testLog('deep', { fields: { a: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`) as unknown } }),
      testLog('huge', { fields: { n: 1e308 * 10, s: 'x'.repeat(1_000_000) } }),
    ];
    for (const q of [
      'nope:1',
      'constructor:*',
      'toString:*',
      'x:1',
      'n>1',
      'n:NaN',
      `a${'.a'.repeat(600)}:1`,
      's:x*y',
      'hasOwnProperty:*',
    ]) {
      const c = compileLogQuery(q);
      assert.ok(c.ok, q);
      for (const l of hostile) c.filter(l);
    }
    assert.deepEqual(matches('__proto__.x:1', hostile), ['proto']);
    assert.deepEqual(matches('n>1e300', hostile), ['huge']);
    assert.deepEqual(matches('constructor:* OR toString:*', hostile), []);
    assert.deepEqual(matches('s:x*', hostile), ['huge']);
  });

  it('refuses a bad level or a bound that is neither number nor time, naming the column', () => {
    const c = compileLogQuery('service:x level:loud+');
    assert.ok(!c.ok && c.column === 11 && c.error.startsWith('col 11: expected a level'));
    const d = compileLogQuery('status>abc');
    assert.ok(!d.ok && d.column === 1);
  });
});

describe('compileLogQuery', () => {
  it('says whether a query reads more than level, service and message', () => {
    const needs = (q: string): boolean => {
      const c = compileLogQuery(q);
      assert.ok(c.ok, q);
      return c.needsFields;
    };
    assert.equal(needs('level:error service:api "reset" -x | top 3 service'), false);
    for (const q of [
      'user.id:1',
      'latency_ms>5',
      'NOT time<2026-01-01',
      '| stats count by host',
      '| timechart count',
      '| stats p99(latency)',
    ])
      assert.equal(needs(q), true, q);
  });
});

/** A plain reading of the language, for the random comparison below. */
function reference(e: Expr, log: LogRecord): boolean {
  const subject = `${log.level.toUpperCase()} ${log.service} ${log.message}`;
  const smart = (s: string): boolean =>
    s === s.toLowerCase() ? subject.toLowerCase().includes(s) : subject.includes(s);
  const value = (field: string): unknown => {
    if (field === 'level' || field === 'service' || field === 'message') return log[field];
    if (field === 'latency_ms') return log.latencyMs;
    if (field === 'time') return log.time;
    let v: unknown = log.fields;
    for (const part of field.split('.'))
      v =
        v !== null && typeof v === 'object' && Object.hasOwn(v, part)
          ? (v as Record<string, unknown>)[part]
          : undefined;
    return v;
  };
  const num = (v: unknown): number | undefined =>
    typeof v === 'number'
      ? v
      : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))
        ? Number(v)
        : undefined;
  switch (e.kind) {
    case 'all':
      return true;
    case 'or':
      return e.terms.some((t) => reference(t, log));
    case 'and': {
      const words = e.terms.flatMap((t) => (t.kind === 'word' ? [t.text] : []));
      const isField = (t: Expr, f: string): boolean => t.kind === 'match' && t.field === f;
      const anyOf = (f: string): boolean =>
        !e.terms.some((t) => isField(t, f)) || e.terms.some((t) => isField(t, f) && reference(t, log));
      return (
        (words.length === 0 || smart(words.join(' '))) &&
        anyOf('service') &&
        anyOf('level') &&
        e.terms.every((t) => t.kind === 'word' || isField(t, 'service') || isField(t, 'level') || reference(t, log))
      );
    }
    case 'not':
      return e.term.kind === 'word'
        ? !subject.toLowerCase().includes(e.term.text.toLowerCase())
        : !reference(e.term, log);
    case 'word':
    case 'phrase':
      return smart(e.kind === 'word' ? e.text : e.text);
    case 'match': {
      if (e.field === 'level')
        return e.value.endsWith('+')
          ? LEVEL_RANK[log.level] >= LEVEL_RANK[e.value.slice(0, -1) as Level]
          : log.level === e.value;
      if (e.field === 'service') return log.service.toLowerCase().includes(e.value.toLowerCase());
      const v = value(e.field);
      if (e.value === '*') return v !== undefined;
      if (e.value.endsWith('*'))
        return (
          v !== undefined &&
          (typeof v === 'string' || typeof v === 'number' ? String(v) : '')
            .toLowerCase()
            .startsWith(e.value.slice(0, -1).toLowerCase())
        );
      return num(v) !== undefined && num(e.value) !== undefined
        ? num(v) === num(e.value)
        : typeof v === 'string' && v.toLowerCase() === e.value.toLowerCase();
    }
    case 'compare': {
      const v = num(value(e.field));
      const b = Number(e.value);
      return v !== undefined && (e.op === '>' ? v > b : e.op === '>=' ? v >= b : e.op === '<' ? v < b : v <= b);
    }
    case 'range': {
      const v = num(value(e.field));
      return (
        v !== undefined &&
        (e.lowInclusive ? v >= Number(e.low) : v > Number(e.low)) &&
        (e.highInclusive ? v <= Number(e.high) : v < Number(e.high))
      );
    }
    default:
      return false;
  }
}

const randomLog: fc.Arbitrary<LogRecord> = fc
  .record({
    level: fc.constantFrom(...LEVELS),
    service: fc.constantFrom('api', 'auth-service', 'Pay'),
    message: fc.constantFrom('boom', 'ok done', 'Connection reset', 'slow db query', 'boom slow'),
    latency: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    dt: fc.integer({ min: 0, max: 100_000 }),
    status: fc.constantFrom(200, 404, 500, '500', '503', 'n/a', undefined),
    user: fc.option(fc.record({ id: fc.constantFrom(1, 2, '3') }), { nil: undefined }),
    tag: fc.constantFrom('a', 'B', 'b', undefined),
  })
  .map((r) =>
    testLog(r.message, {
      level: r.level,
      service: r.service,
      latencyMs: r.latency,
      time: T0 + r.dt,
      fields: { status: r.status, user: r.user, tag: r.tag },
    }),
  );

const at = 0;
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc
    .constantFrom(...LEVELS)
    .chain((l) =>
      fc.constantFrom<Expr>(
        { kind: 'match', field: 'level', value: l, quoted: false, at },
        { kind: 'match', field: 'level', value: `${l}+`, quoted: false, at },
      ),
    ),
  fc
    .constantFrom('api', 'AUTH', 'pay')
    .map((value): Expr => ({ kind: 'match', field: 'service', value, quoted: false, at })),
  fc
    .constantFrom('500', '5*', '*', 'N/A')
    .map((value): Expr => ({ kind: 'match', field: 'status', value, quoted: false, at })),
  fc.constantFrom('1', '3', '*').map((value): Expr => ({ kind: 'match', field: 'user.id', value, quoted: false, at })),
  fc.constantFrom('b', 'A').map((value): Expr => ({ kind: 'match', field: 'tag', value, quoted: false, at })),
  fc
    .record({
      field: fc.constantFrom('status', 'latency_ms', 'time'),
      op: fc.constantFrom('>', '>=', '<', '<=' as const),
      value: fc.constantFrom('404', '500', '1000', String(T0 + 50_000)),
    })
    .map((r): Expr => ({ kind: 'compare', ...r, at })),
  fc
    .record({
      low: fc.constantFrom('200', '404'),
      high: fc.constantFrom('500', '503'),
      lowInclusive: fc.boolean(),
      highInclusive: fc.boolean(),
    })
    .map((r): Expr => ({ kind: 'range', field: 'status', ...r, at })),
  fc.constantFrom('boom', 'slow', 'Connection', 'db').map((text): Expr => ({ kind: 'word', text, at })),
  fc.constantFrom('connection reset', 'ERROR', 'ok').map((text): Expr => ({ kind: 'phrase', text })),
);
const randomExpr = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ term: tie('e'), dash: fc.boolean() }).map((r): Expr => ({ kind: 'not', ...r })),
    fc.array(tie('e'), { minLength: 2, maxLength: 4 }).map((terms): Expr => ({ kind: 'and', terms })),
    fc.array(tie('e'), { minLength: 2, maxLength: 3 }).map((terms): Expr => ({ kind: 'or', terms })),
  ),
})).e;

describe('the compiled filter', () => {
  it('agrees with a plain reference reading on random logs and queries', () => {
    fc.assert(
      fc.property(randomExpr, fc.array(randomLog, { maxLength: 30 }), (expr, sample) => {
        const text = printExpr(expr);
        const c = compileLogQuery(text);
        assert.ok(c.ok, `${text}: ${c.ok ? '' : c.error}`);
        for (const log of sample)
          assert.equal(c.filter(log), reference(expr, log), `${text} on ${JSON.stringify(log)}`);
      }),
      { numRuns: 700 },
    );
  });
});
