import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyOf } from '../fuzz-arbitraries.js';
import { TestApp } from '../test-app.js';
import { compileLiveQuery } from '../../query/live-query.js';
import { paneFor, rowFilter } from './results.js';

const BASE = Date.UTC(2026, 11, 5, 10);
const log = (service: string, level: string, host: string, message: string): string =>
  JSON.stringify({ timestamp: new Date(BASE).toISOString(), level, service, message, host });

function app(): TestApp {
  const a = new TestApp({ cols: 120, rows: 32, capacity: 100, now: () => BASE });
  a.ingest(log('api', 'INFO', 'ip-10-0-1-1', 'api one'));
  a.ingest(log('auth', 'ERROR', 'ip-10-0-1-2', 'auth one'));
  a.ingest(log('api', 'WARN', 'ip-172-0-0-1', 'api two'));
  a.refresh();
  return a;
}

function type(a: TestApp, ...keys: string[]): void {
  for (const k of keys) {
    if (k.length === 1 || ['return', 'escape', 'down', 'up'].includes(k)) a.key(keyOf(k));
    else for (const ch of k) a.key(keyOf(ch));
    a.refresh();
  }
}

const rows = (a: TestApp): unknown[] => a.model.results?.table?.rows ?? [];

describe('the results pane', () => {
  it('opens on a query with a pipeline and shows its table over the buffer, then new logs', () => {
    const a = app();
    type(a, 'i', '| stats count by service', 'return');
    assert.equal(a.model.mode, 'results');
    assert.deepEqual(rows(a), [
      ['api', 2],
      ['auth', 1],
    ]);
    a.ingest(log('billing', 'INFO', 'ip-10-0-9-9', 'billing one'));
    a.sendResults();
    assert.deepEqual(rows(a), [
      ['api', 2],
      ['auth', 1],
      ['billing', 1],
    ]);
  });

  it('moves the selection with j and k within the rows', () => {
    const a = app();
    type(a, 'i', '| stats count by service', 'return', 'j', 'j', 'j');
    assert.equal(a.model.results?.selected, 1);
    type(a, 'k', 'k');
    assert.equal(a.model.results?.selected, 0);
  });

  it("filters the list to the selected row's group on Enter and closes the pane", () => {
    const a = app();
    type(a, 'i', 'level:info+ | stats count by service, level', 'return', 'j', 'return');
    assert.equal(a.model.mode, 'normal');
    assert.equal(a.model.results, undefined);
    // Side by side, level: terms would mean any of them: the filter's own gives way to the row's.
    assert.equal(a.model.filter, 'service:"api" level:"warn"');
    assert.deepEqual(
      a.view.snapshot.rows.map((r) => r.message),
      ['api two'],
    );
  });

  it('goes back to the list with the filter part on Esc', () => {
    const a = app();
    type(a, 'i', 'host:ip-10-* | top 5 service', 'return');
    assert.deepEqual(rows(a), [
      ['api', 1],
      ['auth', 1],
    ]);
    type(a, 'escape');
    assert.equal(a.model.mode, 'normal');
    assert.equal(a.model.filter, 'host:ip-10-*');
    assert.deepEqual(
      a.view.snapshot.rows.map((r) => r.message),
      ['auth one', 'api one'],
    );
  });

  it('keeps the query in force and the pane when an edited query cannot be read, and returns to the pane on Esc', () => {
    const a = app();
    type(a, 'i', '| stats count by service', 'return', 'i', ' by', 'return');
    assert.equal(a.model.mode, 'editing');
    assert.match(a.model.inputError ?? '', /^col 26: /);
    assert.equal(a.model.filter, '| stats count by service');
    type(a, 'escape');
    assert.equal(a.model.mode, 'results');
  });

  it('drops a table sent for another query', () => {
    const a = app();
    type(a, 'i', '| stats count by service', 'return');
    const before = a.model;
    a.dispatch({
      type: 'resultsArrived',
      results: {
        query: '| stats count by level',
        version: 1,
        table: { columns: ['level', 'count'], rows: [['info', 1]], notes: [] },
        totalRows: 1,
      },
    });
    assert.equal(a.model, before);
  });

  it("groups an OR filter before adding terms, asks for a missing field where the cell is empty, and adds a time chart row's bucket", () => {
    const compiled = compileLiveQuery('a OR b | stats count by host', undefined);
    assert.ok(compiled.ok);
    const pane = paneFor('a OR b | stats count by host', compiled);
    assert.ok(pane !== undefined);
    assert.equal(rowFilter(pane, ['host', 'count'], [null, 3]), '(a OR b) -host:*');
    assert.equal(rowFilter(pane, ['host', 'count'], ['x "y"', 3]), '(a OR b) host:"x \\"y\\""');
    const chart = compileLiveQuery('level:error | timechart span=30s count by service', undefined);
    assert.ok(chart.ok);
    assert.equal(
      rowFilter(paneFor('q', chart)!, ['time', 'service', 'count'], ['2026-12-05T10:00:30.000Z', 'api', 4]),
      'level:error service:"api" time:[2026-12-05T10:00:30.000Z TO 2026-12-05T10:01:00.000Z}',
    );
    const byService = compileLiveQuery('service:auth service:pay timeout | top 3 service', undefined);
    assert.ok(byService.ok);
    assert.equal(
      rowFilter(paneFor('q', byService)!, ['service', 'count'], ['payment', 2]),
      'timeout service:"payment"',
    );
  });

  it('shows the patterns of the filtered logs, and a row filters the list by its template', () => {
    const compiled = compileLiveQuery('level:error | patterns', undefined);
    assert.ok(compiled.ok);
    const pane = paneFor('level:error | patterns', compiled);
    assert.ok(pane !== undefined);
    const text = rowFilter(
      pane,
      ['id', 'pattern', 'count', 'first_seen', 'last_seen'],
      ['0', 'user <*> logged in', 3, null, null],
    );
    assert.equal(text, 'level:error pattern:"user <*> logged in"');
    const back = compileLiveQuery(text, undefined);
    assert.ok(back.ok && back.test !== undefined);
    assert.equal(back.test({ level: 'error', service: 'a', message: 'user 9 logged in' }), true);
    assert.equal(back.test({ level: 'error', service: 'a', message: 'user 9 logged out' }), false);
  });
});
