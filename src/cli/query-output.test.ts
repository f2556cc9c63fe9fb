import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testLog } from '../query/test-logs.js';
import { logJson, logLine, tableJson, tableText } from './query-output.js';

describe('query output', () => {
  it('prints a log as one readable line, control characters escaped', () => {
    const log = testLog('bad \x1b[31mred\x07', { level: 'error', service: 'api', time: Date.UTC(2026, 11, 5, 10) });
    assert.equal(logLine(log), '2026-12-05T10:00:00.000Z ERROR api bad \\x1b[31mred\\x07');
  });

  it('prints a log as JSON with its fields, a __proto__ key kept as an ordinary key', () => {
    const fields = JSON.parse('{"__proto__": {"x": 1}, "user": {"id": 42}, "time": "shadowed"}') as Record<
      string,
      unknown
    >;
    const out = logJson(testLog('m', { time: 0, latencyMs: 5, fields }));
    assert.equal(
      out,
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","service":"auth-service","message":"m","latency_ms":5,"__proto__":{"x":1},"user":{"id":42}}',
    );
    assert.deepEqual(Object.keys(JSON.parse(out) as object), [
      'time',
      'level',
      'service',
      'message',
      'latency_ms',
      '__proto__',
      'user',
    ]);
  });

  it('prints tables aligned, numbers on the right, or as JSON rows', () => {
    const table = {
      columns: ['service', 'count', 'p99(latency_ms)'],
      rows: [
        ['api-gateway', 12, 907.0313],
        ['db', 3, null],
      ],
      notes: [],
    };
    assert.deepEqual(tableText(table), [
      'service      count  p99(latency_ms)',
      'api-gateway     12          907.031',
      'db               3',
    ]);
    assert.deepEqual(tableJson(table), [
      '{"service":"api-gateway","count":12,"p99(latency_ms)":907.0313}',
      '{"service":"db","count":3,"p99(latency_ms)":null}',
    ]);
  });
});
