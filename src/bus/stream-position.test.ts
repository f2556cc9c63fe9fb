import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareIds, entryPayload, idAfter, idBefore, missedSince, type StreamInfo } from './stream-position.js';

/** A stream of `added` entries with IDs `1-i` (i from 1), of which the oldest `trimmed` are gone. */
function stream(added: number, trimmed: number): StreamInfo {
  return {
    length: added - trimmed,
    lastGeneratedId: `1-${added}`,
    entriesAdded: added,
    firstEntryId: added > trimmed ? `1-${trimmed + 1}` : undefined,
  };
}

describe('stream position', () => {
  it('orders IDs by time, then sequence, beyond the precision of a double', () => {
    assert.ok(compareIds('9-0', '10-0') < 0);
    assert.ok(compareIds('5-18446744073709551615', '5-18446744073709551614') > 0);
    assert.equal(compareIds('7-3', '7-3'), 0);
  });

  it('orders any two IDs as their numbers do, whatever their size', () => {
    const part = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 53n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    const sign = (n: bigint): number => (n === 0n ? 0 : n < 0n ? -1 : 1);
    fc.assert(
      fc.property(part, part, part, part, (am, as, bm, bs) => {
        const expected = am !== bm ? sign(am - bm) : sign(as - bs);
        return Math.sign(compareIds(`${am}-${as}`, `${bm}-${bs}`)) === expected;
      }),
    );
  });

  it('names the ID just before another, so that no ID lies between them', () => {
    assert.equal(idBefore('7-3'), '7-2');
    assert.equal(idBefore('7-0'), '6-18446744073709551615');
    assert.equal(idBefore('0-0'), undefined);
    assert.equal(idBefore('not-an-id'), undefined);
    const id = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 48n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    fc.assert(
      fc.property(id, id, ([ms, seq], [oms, oseq]) => {
        const at = `${ms}-${seq}`;
        const before = idBefore(at);
        if (before === undefined) return ms === 0n && seq === 0n;
        const other = `${oms}-${oseq}`;
        // Every other ID is at or before `before`, or at or after `at`.
        return compareIds(before, at) < 0 && (compareIds(other, before) <= 0 || compareIds(other, at) >= 0);
      }),
    );
  });

  it('names the ID just after another, so that no ID lies between them', () => {
    assert.equal(idAfter('7-3'), '7-4');
    assert.equal(idAfter('6-18446744073709551615'), '7-0');
    assert.equal(idAfter('not-an-id'), undefined);
    const id = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 48n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    fc.assert(
      fc.property(id, id, ([ms, seq], [oms, oseq]) => {
        const at = `${ms}-${seq}`;
        const after = idAfter(at) as string;
        const other = `${oms}-${oseq}`;
        // Every other ID is at or before `at`, or at or after `after`.
        return compareIds(at, after) < 0 && (compareIds(other, at) <= 0 || compareIds(other, after) >= 0);
      }),
    );
  });

  it('counts exactly the entries trimmed after the last one read, whatever the numbers', () => {
    fc.assert(
      fc.property(fc.nat(1_000), fc.nat(1_000), fc.nat(2_000), (read, later, trimmed) => {
        const added = read + later;
        const cut = Math.min(trimmed, added);
        const { missed, next } = missedSince({ lastId: `1-${read}`, ordinal: read }, stream(added, cut));
        assert.equal(missed, Math.max(0, cut - read));
        // Reading what is left brings the ordinal to the stream's count.
        assert.equal((next.ordinal ?? NaN) + Math.min(later, added - cut), added);
      }),
    );
  });

  it('counts nothing missed for a stream that did not exist before the cut and still does not', () => {
    assert.equal(missedSince({ lastId: '0-0', ordinal: 0 }, undefined).missed, 0);
  });

  it('does not guess when the stream is gone or is not the one that was read', () => {
    assert.equal(missedSince({ lastId: '1-5', ordinal: 5 }, undefined).missed, undefined);
    // Fewer entries ever added than were read: the stream was recreated.
    assert.equal(
      missedSince({ lastId: '1-5', ordinal: 5 }, { ...stream(3, 0), firstEntryId: '2-1' }).missed,
      undefined,
    );
    assert.equal(
      missedSince({ lastId: '1-5', ordinal: 5 }, { ...stream(10, 8), entriesAdded: undefined }).missed,
      undefined,
    );
  });

  it('takes the payload from the field p and ignores entries written in another shape', () => {
    const b = (t: string): Buffer => Buffer.from(t);
    assert.equal(entryPayload([b('p'), b('payload')])?.toString(), 'payload');
    assert.equal(entryPayload([b('host'), b('a'), b('p'), b('second')])?.toString(), 'second');
    assert.equal(entryPayload([b('message'), b('other')]), undefined);
    assert.equal(entryPayload(null), undefined);
  });
});
