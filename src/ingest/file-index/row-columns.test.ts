import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ChunkedRows, CHUNK_ROWS, RowColumns, type ColumnChunk } from './row-columns.js';

function rowsOf(cols: RowColumns): number[][] {
  return Array.from({ length: cols.size }, (_, i) => [cols.start(i), cols.length(i), cols.time(i), cols.level(i)]);
}

describe('RowColumns', () => {
  it('holds the same rows whether they were pushed one by one or appended in chunks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CHUNK_ROWS + 100 }),
        fc.array(fc.integer({ min: 0, max: CHUNK_ROWS }), { maxLength: 4 }),
        (before, chunkSizes) => {
          const pushed = new RowColumns();
          const appended = new RowColumns();
          let n = 0;
          const row = (): [number, number, number, number] => [n * 10, n % 1000, n + 0.5, n++ % 6];
          for (let i = 0; i < before; i++) {
            const r = row();
            pushed.push(...r);
            appended.push(...r);
          }
          for (const size of chunkSizes) {
            const chunks: ColumnChunk[] = [];
            const sink = new ChunkedRows((c) => chunks.push(c));
            for (let i = 0; i < size; i++) {
              const r = row();
              pushed.push(...r);
              sink.push(...r);
            }
            sink.flush();
            for (const c of chunks) appended.append(c);
          }
          assert.equal(appended.size, pushed.size);
          assert.deepEqual(rowsOf(appended), rowsOf(pushed));
          pushed.push(1, 2, 3, 4);
          appended.push(1, 2, 3, 4);
          assert.deepEqual(rowsOf(appended).slice(-3), rowsOf(pushed).slice(-3));
        },
      ),
      { numRuns: 30 },
    );
  });
});
