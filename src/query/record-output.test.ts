import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testLog } from './test-logs.js';
import { csvField, formatForFile, logAs, logCsv, tableAs, tableCsv } from './record-output.js';

describe('record output formats', () => {
  it('picks the format from the file name: JSON lines, CSV, else text', () => {
    assert.deepEqual(
      ['a.jsonl', 'a.JSON', '/x/y.ndjson', 'b.csv', 'c.log', 'c.txt', 'noext', 'dir.csv/file', '.csv'].map(
        formatForFile,
      ),
      ['jsonl', 'jsonl', 'jsonl', 'csv', 'text', 'text', 'text', 'text', 'csv'],
    );
  });

  it('writes a log as a CSV row with its other fields as one JSON cell, quoting what needs it', () => {
    const log = testLog('said "hi", then\nleft', {
      level: 'warn',
      service: 'api',
      time: Date.UTC(2026, 11, 5, 10),
      latencyMs: 12,
      fields: { user: { id: 7 } },
    });
    assert.equal(
      logCsv(log),
      '2026-12-05T10:00:00.000Z,warn,api,"said ""hi"", then\nleft","{""latency_ms"":12,""user"":{""id"":7}}"',
    );
    assert.equal(logCsv(testLog('plain', { time: 0 })), '1970-01-01T00:00:00.000Z,info,auth-service,plain,');
  });

  it('writes one line per log in each format', () => {
    const log = testLog('a\nb', { time: 0 });
    for (const format of ['jsonl', 'text'] as const) assert.doesNotMatch(logAs(format, log), /\n/);
    assert.equal((JSON.parse(logAs('jsonl', log)) as { message: string }).message, 'a\nb');
  });

  it('writes a table as CSV with a header, empty cells empty', () => {
    const table = {
      columns: ['service', 'count'],
      rows: [
        ['a,b', 2],
        ['c', null],
      ],
      notes: [],
    };
    assert.deepEqual(tableCsv(table), ['service,count', '"a,b",2', 'c,']);
    assert.deepEqual(tableAs('jsonl', table), ['{"service":"a,b","count":2}', '{"service":"c","count":null}']);
    assert.equal(tableAs('text', table)[0], 'service  count');
  });

  it('writes CSV text a spreadsheet would run as a formula with a leading quote', () => {
    assert.equal(csvField('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('-2+3'), "'-2+3");
    assert.equal(csvField('plain text'), 'plain text');
  });
});
