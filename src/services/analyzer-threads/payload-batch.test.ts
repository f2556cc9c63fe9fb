import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BATCH_BYTES, BATCH_LOGS, BatchWriter, forEachPayload, type PayloadBatch } from './payload-batch.js';

/** One socket chunk: payloads with the bytes between them, as a parser would hand them over. */
interface Chunk {
  gaps: number[];
  payloads: Buffer[];
  /** Deliver the chunk's payloads twice before it ends (one Buffer published twice on a bus in one go). */
  again: boolean;
}

const chunkArb: fc.Arbitrary<Chunk> = fc.record({
  gaps: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 }), fc.constant(5_000)), { maxLength: 40 }),
  payloads: fc.array(
    fc.oneof(
      { weight: 20, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((k) => Buffer.alloc(k * (BATCH_BYTES / 2) + 7, k)) },
    ),
    { maxLength: 40 },
  ),
  again: fc.boolean(),
});

/** Lays a chunk's payloads out with their gaps; returns the buffer and each payload's range. */
function layOut(chunk: Chunk): { bytes: Buffer; ranges: Array<[number, number]> } {
  const parts: Buffer[] = [];
  const ranges: Array<[number, number]> = [];
  let at = 0;
  chunk.payloads.forEach((p, i) => {
    const gap = Buffer.alloc(chunk.gaps[i] ?? 3, 0x2a);
    parts.push(gap, p);
    at += gap.length;
    ranges.push([at, at + p.length]);
    at += p.length;
  });
  return { bytes: Buffer.concat(parts), ranges };
}

describe('BatchWriter', () => {
  it('hands over exactly the payloads added, in order, with their arrival times, however they are cut and copied', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 12 }), fc.integer({ min: 1, max: 50 }), (chunks, takeEvery) => {
        const writer = new BatchWriter();
        const batches: PayloadBatch[] = [];
        const want: Array<[string, number]> = [];
        let added = 0;
        chunks.forEach((chunk, c) => {
          const laid = layOut(chunk);
          const t = 1_000 + Math.floor(c / 2);
          for (const [start, end] of chunk.again ? [...laid.ranges, ...laid.ranges] : laid.ranges) {
            want.push([laid.bytes.toString('hex', start, end), t]);
            if (!writer.add(laid.bytes, start, end, t)) {
              const full = writer.take();
              assert.ok(full !== undefined, 'refused an add to an empty batch');
              batches.push(full);
              assert.ok(writer.add(laid.bytes, start, end, t), 'refused an add to a fresh batch');
            }
            if (++added % takeEvery === 0) {
              const b = writer.take();
              if (b !== undefined) batches.push(b);
            }
          }
          writer.release();
          // The chunk is gone once released: later adds must not read it.
          laid.bytes.fill(0xee);
        });
        const last = writer.take();
        if (last !== undefined) batches.push(last);
        const got: Array<[string, number]> = [];
        batches.forEach((b, i) => {
          assert.equal(b.seq, i);
          assert.ok(b.count <= BATCH_LOGS);
          forEachPayload(b, (p, t) => got.push([p.toString('hex'), t]));
        });
        assert.equal(got.length, want.length);
        assert.deepEqual(got, want);
      }),
      { numRuns: 150 },
    );
  });
});
