import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineText } from './line-text.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('lineText', () => {
  it('decodes valid UTF-8 as is and does not flag it', () => {
    assert.deepEqual(lineText(Buffer.from('héllo 日本 😀')), { text: 'héllo 日本 😀', binary: false });
  });

  it('writes each byte that is not valid UTF-8 as \\xNN and keeps the valid text around it', () => {
    // Latin-1 "café", then a lone continuation byte and a truncated sequence at the end.
    assert.deepEqual(lineText(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0xc3, 0xa9, 0x20, 0xe2, 0x82)), {
      text: 'caf\\xe9 \\x80 é \\xe2\\x82',
      binary: true,
    });
  });

  it('escapes overlong forms, UTF-16 surrogates and code points above U+10FFFF', () => {
    assert.equal(lineText(bytes(0xc0, 0xaf)).text, '\\xc0\\xaf');
    assert.equal(lineText(bytes(0xed, 0xa0, 0x80)).text, '\\xed\\xa0\\x80');
    assert.equal(lineText(bytes(0xf4, 0x90, 0x80, 0x80)).text, '\\xf4\\x90\\x80\\x80');
    assert.equal(lineText(bytes(0xe0, 0x80, 0x80)).text, '\\xe0\\x80\\x80');
  });

  it('escapes NUL bytes and flags the line', () => {
    assert.deepEqual(lineText(bytes(0x61, 0x00, 0x62)), { text: 'a\\x00b', binary: true });
  });

  it('removes colour codes', () => {
    assert.deepEqual(lineText(Buffer.from('\x1b[31mERROR\x1b[0m boom \x1b[1;32mok\x1b[m')), {
      text: 'ERROR boom ok',
      binary: false,
    });
  });

  it('matches the UTF-8 decoder on valid input and never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        if (s.includes('\0') || s.includes('\x1b')) return;
        assert.deepEqual(lineText(Buffer.from(s)), { text: s, binary: false });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const { text } = lineText(b);
        // Nothing is replaced silently.
        assert.ok(!text.includes('\ufffd') || Buffer.from(b).includes(Buffer.from('\ufffd')));
      }),
    );
  });

  it('decodes a view into a larger buffer from its own offset', () => {
    const big = Buffer.from('xxab\xffyy', 'latin1');
    assert.equal(lineText(big.subarray(2, 5)).text, 'ab\\xff');
  });
});
