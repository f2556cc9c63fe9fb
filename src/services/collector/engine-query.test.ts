import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeLog } from '../../protocol/log-decode.js';
import { compileLogQuery } from '../../query/log-query.js';
import { createPipeline } from '../../query/pipeline/pipeline.js';
import type { Table } from '../../query/pipeline/table.js';
import { LogEngine } from './engine.js';

const BASE = Date.UTC(2026, 11, 5, 10);

interface Spec {
  level: string;
  service: string;
  host: string;
  status: number;
  latency: number;
  ms: number;
}

const payload = (s: Spec, message = `request to ${s.service}`): string =>
  JSON.stringify({
    timestamp: new Date(BASE + s.ms).toISOString(),
    level: s.level,
    service: s.service,
    message,
    latency_ms: s.latency,
    host: s.host,
    http: { status: s.status },
  });

const shown = (engine: LogEngine): string[] =>
  engine.snapshot({ anchor: undefined, height: 100, margin: 0 }).rows.map((r) => r.message);

describe('LogEngine with field terms', () => {
  it('filters the buffer by fields other than level, service and message, and the logs that arrive after', () => {
    const engine = new LogEngine(100, { now: () => BASE });
    engine.ingest(
      payload({ level: 'INFO', service: 'api', host: 'ip-10-0-1-20', status: 200, latency: 5, ms: 0 }, 'one'),
    );
    engine.ingest(
      payload({ level: 'INFO', service: 'api', host: 'ip-172-1-1-1', status: 503, latency: 900, ms: 1 }, 'two'),
    );
    engine.ingest('a plain line mentioning host:ip-10');
    assert.equal(engine.setFilter('host:ip-10-*'), undefined);
    assert.deepEqual(shown(engine), ['one']);
    engine.ingest(
      payload({ level: 'WARN', service: 'db', host: 'ip-10-0-2-7', status: 200, latency: 1, ms: 2 }, 'three'),
    );
    engine.ingest(
      payload({ level: 'WARN', service: 'db', host: 'ip-11-0-2-7', status: 200, latency: 1, ms: 3 }, 'four'),
    );
    assert.deepEqual(shown(engine), ['three', 'one']);
    assert.equal(engine.setFilter('http.status>=500 OR latency_ms:[800 TO *]'), undefined);
    assert.deepEqual(shown(engine), ['two']);
    assert.equal(engine.setFilter('-host:ip-10-*', 'warn'), undefined);
    assert.deepEqual(shown(engine), ['four']);
  });

  it('refuses a query it cannot read with its column, and keeps the one in force', () => {
    const engine = new LogEngine(100, { now: () => BASE });
    engine.ingest(
      payload({ level: 'INFO', service: 'api', host: 'ip-10-0-1-20', status: 200, latency: 5, ms: 0 }, 'one'),
    );
    assert.equal(engine.setFilter('host:ip-10-*'), undefined);
    assert.match(engine.setFilter('host:ip-10-* | stats count by') ?? '', /^col 30: /);
    assert.match(engine.setFilter('level:error | head 3') ?? '', /^col 15: expected stats, top, timechart or patterns/);
    assert.equal(engine.snapshot({ anchor: undefined, height: 1, margin: 0 }).filter, 'host:ip-10-*');
    assert.equal(engine.results(), undefined);
  });
});

const specArb: fc.Arbitrary<Spec> = fc.record({
  level: fc.constantFrom('INFO', 'WARN', 'ERROR', 'DEBUG'),
  service: fc.constantFrom('api', 'auth', 'billing'),
  host: fc.constantFrom('ip-10-0-1-1', 'ip-10-0-2-2', 'ip-172-0-0-1'),
  status: fc.constantFrom(200, 404, 500, 503),
  latency: fc.integer({ min: 0, max: 5000 }),
  ms: fc.integer({ min: 0, max: 120_000 }),
});

const QUERIES = [
  '| stats count by service',
  'level:error | stats count, avg(latency_ms), p99(latency_ms) by service',
  'http.status>=500 | top 2 service',
  'host:ip-10-* | stats count, max(time) by host, level | sort -count',
  '| timechart span=30s count by level',
  'service:a | head 5 | stats count, distinct(host)',
];

/** The same query run once over the logs that pass its filter, as `logstream query` does. */
function oneShot(query: string, payloads: string[]): Table {
  const compiled = compileLogQuery(query);
  assert.ok(compiled.ok);
  const made = createPipeline(compiled.stages);
  assert.ok(made.ok);
  for (const p of payloads) {
    const log = decodeLog(p, BASE);
    if (compiled.filter(log)) made.pipeline.add(log);
  }
  return made.pipeline.table();
}

describe('LogEngine results', () => {
  it('computes a pipeline over the buffer and the logs after it as one run over the same logs would', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...QUERIES),
        fc.array(specArb, { maxLength: 40 }),
        fc.array(specArb, { maxLength: 40 }),
        (query, before, after) => {
          const engine = new LogEngine(1000, { now: () => BASE });
          const payloads = [...before, ...after].map((s) => payload(s));
          for (const p of payloads.slice(0, before.length)) engine.ingest(p);
          engine.markGap({ missed: 3, downMs: undefined });
          assert.equal(engine.setFilter(query), undefined);
          for (const p of payloads.slice(before.length)) engine.ingest(p);
          const results = engine.results();
          assert.ok(results !== undefined);
          assert.equal(results.query, query);
          assert.deepEqual(results.table, oneShot(query, payloads));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('drops the results when a query without a pipeline is applied, and counts new logs in the version', () => {
    const engine = new LogEngine(100, { now: () => BASE });
    assert.equal(engine.setFilter('| stats count by service'), undefined);
    const v = engine.resultsVersion ?? -1;
    engine.ingest(payload({ level: 'INFO', service: 'api', host: 'h', status: 200, latency: 1, ms: 0 }));
    assert.ok((engine.resultsVersion ?? -1) > v);
    assert.deepEqual(engine.results()?.table.rows, [['api', 1]]);
    assert.equal(engine.setFilter('service:api'), undefined);
    assert.equal(engine.results(), undefined);
  });
});
