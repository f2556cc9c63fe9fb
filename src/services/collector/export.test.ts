import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogEngine } from './engine.js';
import { exportChunks, exportList, exportTable } from './export.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const wire = (level: string, message: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000000', level, service: 'api', message, ...extra });

/** An engine holding "log 0" (oldest) … "log n-1", every third an error with an order id, and a gap marker after log 1. */
function engineWith(n: number, capacity = 1000): LogEngine {
  const engine = new LogEngine(capacity, { now: () => 0 });
  for (let i = 0; i < n; i++) {
    engine.ingest(i % 3 === 0 ? wire('ERROR', `log ${i}`, { order_id: i }) : wire('INFO', `log ${i}`));
    if (i === 1) engine.markGap({ missed: 3, downMs: undefined });
  }
  return engine;
}

const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').slice(0, -1);

describe('exporting the shown logs', () => {
  it('writes JSON lines, oldest first, the normalised record with its fields, without gap markers', async () => {
    const path = join(dir, 'all.jsonl');
    assert.deepEqual(await exportList(engineWith(4), path, false), { count: 4, error: undefined });
    const rows = lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rows.map((r) => r.message),
      ['log 0', 'log 1', 'log 2', 'log 3'],
    );
    assert.deepEqual(rows[0], {
      time: '2026-11-28T11:00:00.000Z',
      level: 'error',
      service: 'api',
      message: 'log 0',
      order_id: 0,
    });
  });

  it('writes what the filter shows only, as CSV with a header or as text lines', async () => {
    const engine = engineWith(7);
    engine.setFilter('level:error');
    const csv = join(dir, 'errors.csv');
    assert.deepEqual(await exportList(engine, csv, false), { count: 3, error: undefined });
    assert.deepEqual(lines(csv), [
      'time,level,service,message,fields',
      '2026-11-28T11:00:00.000Z,error,api,log 0,"{""order_id"":0}"',
      '2026-11-28T11:00:00.000Z,error,api,log 3,"{""order_id"":3}"',
      '2026-11-28T11:00:00.000Z,error,api,log 6,"{""order_id"":6}"',
    ]);
    const text = join(dir, 'errors.log');
    assert.deepEqual(await exportList(engine, text, false), { count: 3, error: undefined });
    assert.deepEqual(lines(text), [
      '2026-11-28T11:00:00.000Z ERROR api log 0',
      '2026-11-28T11:00:00.000Z ERROR api log 3',
      '2026-11-28T11:00:00.000Z ERROR api log 6',
    ]);
  });

  it('writes the list as it was when asked, in chunks, while logs keep arriving and rotating out', () => {
    const engine = engineWith(10, 12);
    const seen: string[] = [];
    let i = 10;
    for (const chunk of exportChunks(engine, 'text', 3)) {
      seen.push(
        ...chunk.text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.replace(/.* api /, '')),
      );
      engine.ingest(wire('INFO', `new ${i++}`));
    }
    // Each chunk is cut when its turn comes: by then the oldest logs have been rotated out.
    assert.deepEqual(seen, ['log 0', 'log 1', 'log 2', 'log 3', 'log 4', 'log 5', 'log 6', 'log 7', 'log 8', 'log 9']);
    const late = engineWith(10, 11);
    const got: string[] = [];
    for (const chunk of exportChunks(late, 'text', 2)) {
      got.push(
        ...chunk.text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.replace(/.* api /, '')),
      );
      for (let k = 0; k < 3; k++) late.ingest(wire('INFO', 'newer'));
    }
    assert.ok(!got.includes('newer'), 'logs that arrived after the export began are left out');
    assert.deepEqual(got.slice(0, 2), ['log 0', 'log 1']);
  });

  it('refuses to replace an existing file unless asked to, and then replaces it', async () => {
    const path = join(dir, 'exists.jsonl');
    writeFileSync(path, 'keep me\n');
    const refused = await exportList(engineWith(2), path, false);
    assert.equal(refused.count, 0);
    assert.equal(refused.error, `${path} exists (end the name with ! to overwrite it)`);
    assert.equal(readFileSync(path, 'utf8'), 'keep me\n');
    assert.deepEqual(await exportList(engineWith(2), path, true), { count: 2, error: undefined });
    assert.equal(lines(path).length, 2);
  });

  it('reports a file it cannot write as an error value naming the code and the path', async () => {
    const missing = join(dir, 'no-such-dir', 'x.jsonl');
    assert.deepEqual(await exportList(engineWith(2), missing, false), { count: 0, error: `ENOENT: ${missing}` });
    const aFile = join(dir, 'plain-file');
    writeFileSync(aFile, '');
    assert.deepEqual(await exportList(engineWith(2), join(aFile, 'x.csv'), false), {
      count: 0,
      error: `ENOTDIR: ${join(aFile, 'x.csv')}`,
    });
    mkdirSync(join(dir, 'a-dir.jsonl'));
    assert.deepEqual(await exportList(engineWith(2), join(dir, 'a-dir.jsonl'), true), {
      count: 0,
      error: `EISDIR: ${join(dir, 'a-dir.jsonl')}`,
    });
  });

  it('writes an empty list as an empty file (CSV: its header)', async () => {
    const engine = engineWith(3);
    engine.setFilter('nothing-matches-this');
    const path = join(dir, 'empty.csv');
    assert.deepEqual(await exportList(engine, path, false), { count: 0, error: undefined });
    assert.deepEqual(lines(path), ['time,level,service,message,fields']);
  });

  it('writes a result table in the format the name asks for', async () => {
    const table = {
      columns: ['service', 'count'],
      rows: [
        ['api', 3],
        ['db', 1],
      ],
      notes: [],
    };
    const path = join(dir, 'table.csv');
    assert.deepEqual(await exportTable(table, path, false), { count: 2, error: undefined });
    assert.deepEqual(lines(path), ['service,count', 'api,3', 'db,1']);
  });
});

describe('finding marks', () => {
  it('goes to the nearest marked log the filter shows, older or newer, skipping hidden and rotated-out ones', () => {
    const engine = engineWith(10, 8);
    // Held: log 2 … log 9 (seqs 3 … 10: the gap marker is seq 2); errors: log 3, 6, 9.
    const seq = (n: number): number => n + 1;
    const marks = [seq(0), seq(3), seq(4), seq(6), seq(9)];
    assert.equal(engine.findMark(marks, undefined, 'older'), seq(9));
    assert.equal(engine.findMark(marks, seq(9), 'older'), seq(6));
    assert.equal(engine.findMark(marks, seq(3), 'older'), undefined, 'log 0 left the buffer');
    assert.equal(engine.findMark(marks, undefined, 'newer'), seq(3));
    assert.equal(engine.findMark(marks, seq(5), 'newer'), seq(6));
    engine.setFilter('level:error');
    assert.equal(engine.findMark(marks, seq(6), 'newer'), seq(9));
    assert.equal(engine.findMark(marks, seq(6), 'older'), seq(3), 'log 4 is hidden');
    assert.equal(engine.findMark([], undefined, 'older'), undefined);
  });
});
