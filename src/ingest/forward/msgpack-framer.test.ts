import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encode, ExtData, type EncoderOptions } from '@msgpack/msgpack';
import { FramingError, MsgpackFramer } from './msgpack-framer.js';
import { splitAt as split } from '../../../test/helpers/chunks.js';

function frames(chunks: Buffer[], max = 1 << 20): { out: Buffer[]; buffered: number } {
  const framer = new MsgpackFramer(max);
  const out = chunks.flatMap((c) => framer.push(c));
  return { out, buffered: framer.buffered };
}

const enc = (v: unknown, opts?: EncoderOptions): Buffer => Buffer.from(encode(v, opts));

// Values that reach every MessagePack type the encoder writes, in every size class small enough for a property.
const leaf = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.integer({ min: 0, max: 127 }), fc.constantFrom(0, 1, 2, 3, 4, 8, 16, 17, 300))
    .map(([type, size]) => new ExtData(type, new Uint8Array(size))),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 20 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 20 }),
  ),
})).value;

describe('MsgpackFramer', () => {
  it('gives back each whole value for any chunking of a stream of values', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 20 }),
        (values, float32, cuts) => {
          const encoded = values.map((v) => enc(v, { useBigInt64: true, forceFloat32: float32 }));
          const { out, buffered } = frames(split(Buffer.concat(encoded), cuts));
          assert.deepEqual(out, encoded);
          assert.equal(buffered, 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('frames values with 32-bit lengths and counts (str32, bin32, array32, map32, ext32)', () => {
    const big = [
      'x'.repeat(70_000),
      new Uint8Array(70_000),
      Array.from({ length: 70_000 }, () => 1),
      Object.fromEntries(Array.from({ length: 70_000 }, (_, i) => [`k${i}`, i])),
      new ExtData(5, new Uint8Array(70_000)),
    ].map((v) => enc(v));
    const stream = Buffer.concat(big);
    assert.deepEqual(frames(split(stream, [1, 2, 3, 5, 70_001, 200_000, 400_000])).out, big);
  });

  it('returns copies that later pushes do not overwrite', () => {
    const framer = new MsgpackFramer(1024);
    const [first] = framer.push(enc(['a', 1]));
    framer.push(enc(['b', 2]));
    assert.deepEqual(first, enc(['a', 1]));
  });

  it('keeps a value cut off by the end of the stream as buffered bytes, so an incomplete message is noticed', () => {
    const msg = enc(['app', 1_700_000_000, { log: 'hello' }]);
    const framer = new MsgpackFramer(1024);
    assert.deepEqual(framer.push(Buffer.concat([enc(['app', 1, {}]), msg.subarray(0, 10)])), [enc(['app', 1, {}])]);
    assert.equal(framer.buffered, 10);
    // Cut inside a length field, too.
    const long = enc('y'.repeat(1000));
    const f2 = new MsgpackFramer(4096);
    assert.deepEqual(f2.push(long.subarray(0, 2)), []);
    assert.equal(f2.buffered, 2);
    assert.deepEqual(f2.push(long.subarray(2)), [long]);
    assert.equal(f2.buffered, 0);
  });

  it('refuses the byte that MessagePack never uses', () => {
    const framer = new MsgpackFramer(1024);
    assert.throws(() => framer.push(Buffer.from([0x93, 0xa1, 0x61, 0xc1])), FramingError);
  });

  it('refuses a value declared larger than the limit at once, without waiting for its bytes', () => {
    const framer = new MsgpackFramer(1024);
    assert.throws(() => framer.push(Buffer.from([0xc6, 0x00, 0x10, 0x00, 0x00])), /larger than 1024 bytes/);
  });

  it('refuses a value that grows past the limit', () => {
    const framer = new MsgpackFramer(100);
    assert.throws(() => {
      for (let i = 0; i < 100; i++) framer.push(Buffer.from([0xdc, 0xff, 0xff]));
    }, FramingError);
  });

  it('refuses an array or map that declares more items than the limit could hold', () => {
    assert.throws(() => new MsgpackFramer(1024).push(Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff])), FramingError);
    assert.throws(() => new MsgpackFramer(1024).push(Buffer.from([0xdf, 0x00, 0x10, 0x00, 0x00])), FramingError);
  });

  it('ends on garbage: an error, or whole values, or bytes held up to the limit, never a loop', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 5 }), (bytes, cuts) => {
        const framer = new MsgpackFramer(64);
        try {
          for (const c of split(Buffer.from(bytes), cuts)) framer.push(c);
        } catch (err) {
          assert.ok(err instanceof FramingError);
          return;
        }
        assert.ok(framer.buffered <= 64);
      }),
    );
  });

  it('reads text that is not MessagePack (an HTTP request) as small integers, for the protocol layer to refuse', () => {
    const out = frames([Buffer.from('GET / HTTP/1.1\r\n')]).out;
    assert.equal(out.length, 16);
  });
});
