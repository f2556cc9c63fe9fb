import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NEWLINE_MARK, sanitizeForDisplay } from './sanitize.js';

describe('sanitizeForDisplay', () => {
  it('returns the very same string when there is nothing to escape', () => {
    const text = 'INFO auth-service 日本語 😀 👨‍👩‍👧 café';
    assert.equal(sanitizeForDisplay(text), text);
  });

  it('shows an escape sequence as its visible characters', () => {
    assert.equal(sanitizeForDisplay('\x1b[31mred\x1b[0m'), '\\x1b[31mred\\x1b[0m');
    assert.equal(sanitizeForDisplay('\x1b[31m').length, 8);
  });

  it('escapes other C0 controls, DEL and C1 controls such as the 8-bit CSI', () => {
    assert.equal(sanitizeForDisplay('a\x00b\x07c\x7fd\x9be\x85'), 'a\\x00b\\x07c\\x7fd\\x9be\\x85');
  });

  it('turns a tab into four spaces and each line break into one mark', () => {
    assert.equal(sanitizeForDisplay('a\tb'), 'a    b');
    assert.equal(sanitizeForDisplay('one\ntwo\r\nthree'), `one${NEWLINE_MARK}two${NEWLINE_MARK}three`);
    assert.equal(sanitizeForDisplay('a\rb'), 'a\\x0db');
  });

  it('escapes bidi overrides, isolates and marks so they cannot reorder the line', () => {
    assert.equal(sanitizeForDisplay('x\u202ey\u2066z\u200e\u061c'), 'x\\u{202e}y\\u{2066}z\\u{200e}\\u{61c}');
  });

  it('escapes lone surrogates but keeps surrogate pairs', () => {
    assert.equal(sanitizeForDisplay('a\ud800b\udc00c😀'), 'a\\u{d800}b\\u{dc00}c😀');
    assert.equal(sanitizeForDisplay('\udc00\ud800'), '\\u{dc00}\\u{d800}');
  });

  it('never lets a control character, bidi control or lone surrogate through', () => {
    const unsafe = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) }), (a, b) => {
        const out = sanitizeForDisplay(a + b);
        assert.ok(!unsafe.test(out), JSON.stringify(out));
        assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out), JSON.stringify(out));
      }),
    );
  });
});
