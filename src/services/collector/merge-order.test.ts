import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BASE_SEQ, MergeOrder, type BackRows } from './merge-order.js';

/** A file's rows, newest first, of which the first `size` are indexed so far. */
class GrowingFile implements BackRows {
  size = 0;
  constructor(readonly times: number[]) {}
  time(k: number): number {
    return this.times[k] as number;
  }
  get complete(): boolean {
    return this.size === this.times.length;
  }
}

function mergedRefs(order: MergeOrder): string[] {
  const out: string[] = [];
  for (let seq = order.newestSeq; seq >= order.oldestSeq; seq--) {
    const ref = order.locate(seq);
    out.push(ref === undefined ? 'none' : `${ref.file}:${ref.row}`);
  }
  return out;
}

const descendingTimes = fc
  .array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 })
  .map((a) => a.sort((x, y) => y - x));

describe('MergeOrder', () => {
  it('orders rows newest first by time however the files index ahead of each other', () => {
    fc.assert(
      fc.property(
        fc.array(descendingTimes, { minLength: 2, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (files, steps) => {
          const growing = files.map((t) => new GrowingFile(t));
          const order = new MergeOrder(growing);
          for (const step of steps) {
            const f = growing[step % growing.length] as GrowingFile;
            f.size = Math.min(f.times.length, f.size + 1 + (step % 7));
            order.advance();
          }
          for (const f of growing) f.size = f.times.length;
          order.advance();
          const all = new MergeOrder(files.map((t) => Object.assign(new GrowingFile(t), { size: t.length })));
          all.advance();
          assert.deepEqual(mergedRefs(order), mergedRefs(all));
          assert.ok(order.complete);
          assert.equal(
            order.total,
            files.reduce((n, t) => n + t.length, 0),
          );
          const times = mergedRefs(order).map((r) => {
            const [f, k] = r.split(':').map(Number);
            return (files[f as number] as number[])[k as number] as number;
          });
          assert.deepEqual(
            times,
            [...times].sort((x, y) => y - x),
          );
        },
      ),
    );
  });

  it('does not number a row while another file may still have a newer one', () => {
    const a = new GrowingFile([10, 5]);
    const b = new GrowingFile([8, 1]);
    const order = new MergeOrder([a, b]);
    a.size = 2;
    assert.equal(order.advance(), 0);
    b.size = 1;
    // b's next row, not indexed yet, may be newer than a's 5.
    assert.equal(order.advance(), 2);
    b.size = 2;
    assert.equal(order.advance(), 2);
    assert.deepEqual(mergedRefs(order), ['0:0', '1:0', '0:1', '1:1']);
  });

  it('numbers appended rows above every row present at the start, in arrival order', () => {
    const order = new MergeOrder([Object.assign(new GrowingFile([3, 2]), { size: 2 }), new GrowingFile([])]);
    order.advance();
    assert.equal(order.append(1, 0), BASE_SEQ);
    assert.equal(order.append(0, 0), BASE_SEQ + 1);
    assert.deepEqual(order.locate(BASE_SEQ), { file: 1, set: 'forward', row: 0 });
    assert.deepEqual(order.locate(BASE_SEQ - 2), { file: 0, set: 'back', row: 1 });
    assert.equal(order.locate(BASE_SEQ - 3), undefined);
  });
});
