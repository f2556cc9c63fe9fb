import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextControlByte } from './control-bytes.js';

/** The same answer from a regex over the text. */
function byRegex(bytes: Uint8Array, from: number): number {
  const re = /[\x00-\x09\x0b-\x1f]/g;
  re.lastIndex = from;
  return re.exec(Buffer.from(bytes).toString('latin1'))?.index ?? bytes.length;
}

describe('nextControlByte', () => {
  it('finds the first control character but the line feed, from any start, at any alignment (property)', () => {
    const ascii = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 32, max: 126 }), fc.constant(10)),
      {
        maxLength: 64,
      },
    );
    fc.assert(
      fc.property(ascii, fc.nat(8), fc.nat(70), (codes, offset, from) => {
        const backing = Buffer.alloc(offset + codes.length);
        backing.set(codes, offset);
        const bytes = backing.subarray(offset);
        const start = Math.min(from, bytes.length);
        assert.equal(nextControlByte(bytes, start), byRegex(bytes, start));
      }),
      { numRuns: 5000 },
    );
  });

  it('passes over line feeds and stops at a tab, a carriage return or an escape', () => {
    const bytes = Buffer.from('{"a":1}\n{"b":2}\n{"c":"\t"}\r\n\x1b');
    assert.equal(nextControlByte(bytes, 0), bytes.indexOf('\t'));
    assert.equal(nextControlByte(bytes, bytes.indexOf('\t') + 1), bytes.indexOf('\r'));
    assert.equal(nextControlByte(bytes, bytes.indexOf('\r') + 1), bytes.indexOf('\x1b'));
    assert.equal(nextControlByte(Buffer.from('{"a":1}\n'), 0), 8);
  });
});
