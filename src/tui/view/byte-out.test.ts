import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteOut } from './byte-out.js';

describe('ByteOut', () => {
  it('encodes each piece of text as Buffer.from does, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.string({ unit: 'grapheme' }),
            fc.constantFrom('\ud800', '\udc00x', 'a\ud83d', '😀', '👨‍👩‍👧', 'é', '日'),
          ),
        ),
        (pieces) => {
          const out = new ByteOut();
          for (const p of pieces) out.text(p);
          assert.deepEqual(out.take(), Buffer.concat(pieces.map((p) => Buffer.from(p, 'utf8'))));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('writes escape sequences and numbers, grows past its first buffer, and starts over on reset', () => {
    const out = new ByteOut();
    out.ascii('\x1b[');
    out.int(0);
    out.ascii(';');
    out.int(1234567);
    out.ascii('H');
    assert.equal(out.take().toString(), '\x1b[0;1234567H');
    out.reset();
    const long = 'x'.repeat(100_000);
    out.text(long);
    out.text('日本');
    assert.equal(out.length, 100_006);
    assert.equal(out.take().toString(), `${long}日本`);
  });

  it('hands out copies: a frame taken is not changed by the next one', () => {
    const out = new ByteOut();
    out.ascii('first');
    const first = out.take();
    out.reset();
    out.ascii('other');
    assert.equal(first.toString(), 'first');
  });
});
