import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LATENCY_RELATIVE_ACCURACY } from '../../core/window-accumulator.js';
import { LEVELS } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import { compileLogQuery } from '../log-query.js';
import { testLog } from '../test-logs.js';
import { DISTINCT_CAP } from './aggregators.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import type { Table } from './table.js';

const T0 = Date.UTC(2026, 11, 5, 10);

function start(query: string): { filter: (l: LogRecord) => boolean; pipeline: Pipeline } {
  const c = compileLogQuery(query);
  assert.ok(c.ok, `${query}: ${c.ok ? '' : c.error}`);
  const p = createPipeline(c.stages);
  assert.ok(p.ok);
  return { filter: c.filter, pipeline: p.pipeline };
}

function run(query: string, logs: LogRecord[]): Table {
  const { filter, pipeline } = start(query);
  for (const l of logs) if (filter(l)) pipeline.add(l);
  return pipeline.table();
}

const randomLog: fc.Arbitrary<LogRecord> = fc
  .record({
    level: fc.constantFrom(...LEVELS),
    service: fc.constantFrom('api', 'auth', 'db'),
    latency: fc.option(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0.001, max: 1e6, noNaN: true })), {
      nil: undefined,
    }),
    dt: fc.integer({ min: 0, max: 300_000 }),
    user: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'u4'), { nil: undefined }),
  })
  .map((r) =>
    testLog('m', {
      level: r.level,
      service: r.service,
      latencyMs: r.latency,
      time: T0 + r.dt,
      fields: r.user === undefined ? undefined : { user: r.user },
    }),
  );

/** The value at rank floor(q × (n − 1)) of the sorted values: the quantile DDSketch estimates. */
function lowerQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('stats', () => {
  it('agrees with a plain computation: exact counts, sums and extremes, quantiles within the sketch error', () => {
    fc.assert(
      fc.property(fc.array(randomLog, { maxLength: 200 }), (logs) => {
        const t = run(
          'level:info+ | stats count, sum(latency_ms), min(latency_ms), max(latency_ms), avg(latency), p50(latency_ms), p99(latency_ms), distinct(user) as users by service',
          logs,
        );
        assert.deepEqual(t.columns, [
          'service',
          'count',
          'sum(latency_ms)',
          'min(latency_ms)',
          'max(latency_ms)',
          'avg(latency)',
          'p50(latency_ms)',
          'p99(latency_ms)',
          'users',
        ]);
        const kept = logs.filter((l) => l.level !== 'trace' && l.level !== 'debug');
        const services = [...new Set(kept.map((l) => l.service))].sort();
        assert.deepEqual(
          t.rows.map((r) => r[0]),
          services,
        );
        for (const row of t.rows) {
          const mine = kept.filter((l) => l.service === row[0]);
          const lat = mine.flatMap((l) => (l.latencyMs === undefined ? [] : [l.latencyMs]));
          const sum = lat.reduce((a, b) => a + b, 0);
          assert.equal(row[1], mine.length);
          assert.equal(row[3], lat.length === 0 ? null : Math.min(...lat));
          assert.equal(row[4], lat.length === 0 ? null : Math.max(...lat));
          if (lat.length === 0) assert.deepEqual(row.slice(2), [null, null, null, null, null, null, row[8]]);
          else {
            assert.ok(Math.abs((row[2] as number) - sum) <= 1e-9 * sum);
            assert.ok(Math.abs((row[5] as number) - sum / lat.length) <= 1e-9 * sum);
            for (const [i, q] of [
              [6, 0.5],
              [7, 0.99],
            ] as const) {
              const want = lowerQuantile(lat, q);
              assert.ok(
                Math.abs((row[i] as number) - want) <= LATENCY_RELATIVE_ACCURACY * want + 1e-9,
                `p${q * 100} ${String(row[i])} vs ${want}`,
              );
            }
          }
          assert.equal(
            row[8],
            new Set(mine.flatMap((l) => (l.fields?.user === undefined ? [] : [l.fields.user]))).size,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same table when two halves are merged as when run over the whole', () => {
    fc.assert(
      fc.property(
        fc.array(randomLog, { maxLength: 100 }),
        fc.nat(100),
        fc.constantFrom(
          '| stats count, max(latency_ms), distinct(user) by level',
          '| top 3 user',
          '| timechart span=30s count() by service',
        ),
        (logs, cut, query) => {
          const whole = run(query, logs);
          const a = start(query);
          const b = start(query);
          logs.forEach((l, i) => (i < cut ? a : b).pipeline.add(l));
          assert.ok(a.pipeline.merge(b.pipeline));
          assert.deepEqual(a.pipeline.table(), whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts zero logs as one row of zero, and nothing by group as no rows', () => {
    assert.deepEqual(run('| stats count, avg(latency_ms)', []).rows, [[0, null]]);
    assert.deepEqual(run('| stats count by service', []).rows, []);
  });

  it('says when distinct reached its cap', () => {
    const { pipeline } = start('| stats distinct(user)');
    for (let i = 0; i <= DISTINCT_CAP; i++) pipeline.add(testLog('m', { fields: { user: i } }));
    assert.deepEqual(pipeline.table().rows, [[`>=${DISTINCT_CAP}`]]);
  });
});

describe('top, sort, head and timechart', () => {
  const logs = [
    testLog('a', { service: 'api', time: T0 }),
    testLog('b', { service: 'db', time: T0 + 1000 }),
    testLog('c', { service: 'api', time: T0 + 31_000 }),
    testLog('d', { service: 'web', time: T0 + 95_000 }),
    testLog('e', { service: 'api', time: T0 + 95_500 }),
  ];

  it('top counts values in descending order, ties by value', () => {
    assert.deepEqual(run('| top 2 service', logs), {
      columns: ['service', 'count'],
      rows: [
        ['api', 3],
        ['db', 1],
      ],
      notes: [],
    });
  });

  it('sort and head order and cut the table', () => {
    assert.deepEqual(run('| stats count by service | sort -count, service | head 2', logs).rows, [
      ['api', 3],
      ['db', 1],
    ]);
    assert.deepEqual(
      run('| stats count by service | sort service', logs).rows.map((r) => r[0]),
      ['api', 'db', 'web'],
    );
  });

  it('timechart buckets by span and shows empty buckets as zeros', () => {
    assert.deepEqual(run('| timechart span=30s count()', logs).rows, [
      ['2026-12-05T10:00:00.000Z', 2],
      ['2026-12-05T10:00:30.000Z', 1],
      ['2026-12-05T10:01:00.000Z', 0],
      ['2026-12-05T10:01:30.000Z', 2],
    ]);
    assert.deepEqual(run('| timechart span=1m count by service', logs).rows, [
      ['2026-12-05T10:00:00.000Z', 'api', 2],
      ['2026-12-05T10:00:00.000Z', 'db', 1],
      ['2026-12-05T10:01:00.000Z', 'api', 1],
      ['2026-12-05T10:01:00.000Z', 'web', 1],
    ]);
  });

  it('head before a table stage limits the logs it sees', () => {
    assert.deepEqual(run('| head 2 | stats count', logs).rows, [[2]]);
    const { pipeline } = start('level:info | head 3');
    assert.equal(pipeline.logLimit, 3);
    assert.equal(pipeline.makesTable, false);
  });

  it('never throws on hostile values', () => {
    const hostile = [
      testLog('x', {
        latencyMs: Infinity,
        fields: JSON.parse('{"__proto__": 5, "deep": {"a": {"b": [1, {"c": 2}]}}}') as Record<string, unknown>,
      }),
      testLog('y', { latencyMs: -1e308, time: NaN, fields: { big: 1e308, s: 'x'.repeat(100_000) } }),
      testLog('z', { latencyMs: undefined, fields: undefined }),
    ];
    for (const q of [
      '| stats count, sum(big), avg(__proto__), p99(latency_ms), distinct(deep), min(s) by deep, __proto__',
      '| timechart span=1s count by s',
      '| top 5 deep',
    ]) {
      const t = run(q, hostile);
      assert.ok(Array.isArray(t.rows), q);
      JSON.stringify(t);
    }
  });
});
