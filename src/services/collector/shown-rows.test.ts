import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BASE_SEQ } from './merge-order.js';
import { ShownRows } from './shown-rows.js';

describe('ShownRows', () => {
  it('answers positions like a plain newest-first list of the matches', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -60, max: 60 }), { maxLength: 50 }),
        fc.array(fc.integer({ min: -70, max: 70 }), { maxLength: 30 }),
        (offsets, probes) => {
          const seqs = offsets.map((o) => BASE_SEQ + o);
          const older = seqs.filter((s) => s < BASE_SEQ).sort((a, b) => b - a);
          const newer = seqs.filter((s) => s >= BASE_SEQ).sort((a, b) => a - b);
          const shown = new ShownRows(() => ({ oldest: 0, newest: -1 }));
          shown.showMatches();
          // The scan's order: appended rows in order, older ones newest first, interleaved.
          for (let i = 0; i < Math.max(older.length, newer.length); i++) {
            if (i < newer.length) shown.add(newer[i] as number);
            if (i < older.length) shown.add(older[i] as number);
          }
          const model = [...seqs].sort((a, b) => b - a);
          assert.equal(shown.size, model.length);
          model.forEach((s, i) => assert.equal(shown.seqAt(i), s));
          for (const p of probes.map((o) => BASE_SEQ + o)) {
            const at = model.findIndex((s) => s <= p);
            assert.equal(shown.indexAtOrBefore(p), at);
            assert.equal(shown.indexOf(p), model.indexOf(p));
          }
        },
      ),
    );
  });

  it('shows every numbered row, newest first, when unfiltered', () => {
    const shown = new ShownRows(() => ({ oldest: BASE_SEQ - 3, newest: BASE_SEQ + 1 }));
    assert.equal(shown.size, 5);
    assert.equal(shown.seqAt(0), BASE_SEQ + 1);
    assert.equal(shown.seqAt(4), BASE_SEQ - 3);
    assert.equal(shown.indexAtOrBefore(BASE_SEQ + 9), 0);
    assert.equal(shown.indexAtOrBefore(BASE_SEQ - 4), -1);
    assert.equal(shown.edgeSeq('oldest'), BASE_SEQ - 3);
  });
});
