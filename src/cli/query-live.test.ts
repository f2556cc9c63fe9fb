import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableUpdate } from './query-live.js';

const table = {
  columns: ['service', 'count'],
  rows: [
    ['api', 12],
    ['auth', 3],
  ],
  notes: [],
};

describe('a live table update', () => {
  it('is one JSON object per row, each starting with the update number', () => {
    const lines = tableUpdate(table, 7, 15, true).trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      [
        { _update: 7, service: 'api', count: 12 },
        { _update: 7, service: 'auth', count: 3 },
      ],
    );
    assert.ok(lines.every((l) => l.startsWith('{"_update":7,')));
  });

  it('is a marker line, the aligned table and a blank line as text', () => {
    const text = tableUpdate(table, 2, 1234, false).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, 'TIME');
    assert.equal(
      text,
      '-- update 2 · TIME · 1,234 logs matched --\nservice  count\napi         12\nauth         3\n\n',
    );
  });

  it('marks an update of a table without rows by its marker line and header as text, and by nothing as JSON', () => {
    assert.equal(tableUpdate({ ...table, rows: [] }, 1, 0, true), '');
    const text = tableUpdate({ ...table, rows: [] }, 1, 0, false).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, 'TIME');
    assert.equal(text, '-- update 1 · TIME · 0 logs matched --\nservice  count\n\n');
  });
});
