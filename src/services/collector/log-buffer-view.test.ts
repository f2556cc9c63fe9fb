import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testLog } from '../../query/test-logs.js';
import { RecordBuffer } from './test-records.js';

function seqs(store: RecordBuffer): number[] {
  const out: number[] = [];
  for (let i = 0; i < store.size; i++) out.push(store.seqAt(i)!);
  return out;
}

describe('LogBuffer as the list sees it', () => {
  it('lists logs newest first by sequence number', () => {
    const store = new RecordBuffer(10);
    for (const m of ['a', 'b', 'c']) store.add(testLog(m));
    assert.deepEqual(seqs(store), [2, 1, 0]);
    assert.equal(store.row(store.seqAt(0)!)?.message, 'c');
  });

  it('keeps only the last `capacity` logs and counts the rotated-out ones', () => {
    const store = new RecordBuffer(3);
    for (let i = 0; i < 5; i++) store.add(testLog(`m${i}`));
    assert.deepEqual(seqs(store), [4, 3, 2]);
    assert.equal(store.total, 3);
    assert.equal(store.evicted, 2);
    assert.equal(store.row(1), undefined);
  });

  it('applies a filter to the whole buffer and brings everything back when cleared', () => {
    const store = new RecordBuffer(100);
    for (let i = 0; i < 10; i++) store.add(testLog(i % 2 === 0 ? `even ${i}` : `odd ${i}`));
    store.setFilter((l) => l.message.startsWith('odd'));
    assert.deepEqual(seqs(store), [9, 7, 5, 3, 1]);
    store.add(testLog('odd 10'));
    store.add(testLog('even 11'));
    assert.deepEqual(seqs(store), [10, 9, 7, 5, 3, 1]);
    store.setFilter(undefined);
    assert.equal(store.size, 12);
  });

  it('drops filtered entries as their logs rotate out', () => {
    const store = new RecordBuffer(4);
    store.setFilter((l) => l.message === 'x');
    for (const m of ['x', 'y', 'x', 'y', 'y', 'x']) store.add(testLog(m));
    assert.deepEqual(seqs(store), [5, 2]);
  });

  it('finds positions of sequence numbers, also of ones the filter hides', () => {
    const store = new RecordBuffer(100);
    for (let i = 0; i < 10; i++) store.add(testLog(String(i)));
    store.setFilter((l) => Number(l.message) % 3 === 0);
    assert.deepEqual(seqs(store), [9, 6, 3, 0]);
    assert.equal(store.indexOf(6), 1);
    assert.equal(store.indexOf(7), -1);
    assert.equal(store.indexAtOrBefore(7), 1);
    assert.equal(store.indexAtOrBefore(100), 0);
  });

  it('grows its match index up to the capacity without losing order', () => {
    const store = new RecordBuffer(5000);
    for (let i = 0; i < 12_000; i++) store.add(testLog(String(i)));
    assert.equal(store.size, 5000);
    assert.equal(store.seqAt(0), 11_999);
    assert.equal(store.seqAt(4999), 7000);
  });

  it('rejects a capacity that is not a positive integer', () => {
    assert.throws(() => new RecordBuffer(0), RangeError);
  });
});
