import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCommonSafe, NEWLINE_MARK, sanitizeForDisplay } from './sanitize.js';

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

  it('escapes invisible characters that could make two texts look alike or hide text', () => {
    assert.equal(sanitizeForDisplay('ad\u200bmin'), 'ad\\u{200b}min');
    assert.equal(sanitizeForDisplay('\ufeffa\u2060b\u2062c\u00add'), '\\u{feff}a\\u{2060}b\\u{2062}c\\xadd');
    assert.equal(sanitizeForDisplay('x\u3164y\uffa0z\u115f'), 'x\\u{3164}y\\u{ffa0}z\\u{115f}');
    assert.equal(sanitizeForDisplay('shown\ufff9hidden\ufffbx'), 'shown\\u{fff9}hidden\\u{fffb}x');
    assert.equal(sanitizeForDisplay('a\u{1d173}b\u{1bca0}'), 'a\\u{1d173}b\\u{1bca0}');
  });

  it('keeps zero-width joiners inside emoji sequences and scripts that need them, escapes them elsewhere', () => {
    for (const text of ['👨‍👩‍👧', '👩🏽‍💻', '👁️‍🗨️', 'क्‍ष', 'می‌خواهم']) assert.equal(sanitizeForDisplay(text), text);
    assert.equal(sanitizeForDisplay('ad\u200dmin'), 'ad\\u{200d}min');
    assert.equal(sanitizeForDisplay('ad\u200cmin'), 'ad\\u{200c}min');
    assert.equal(sanitizeForDisplay('\u200d👍'), '\\u{200d}👍');
  });

  it('keeps one variation selector after a visible character, escapes runs and strays', () => {
    for (const text of ['❤️', '1️⃣', '葛\u{e0100}', '☺︎']) assert.equal(sanitizeForDisplay(text), text);
    assert.equal(sanitizeForDisplay('😀\ufe0f\ufe01\u{e0110}'), '😀\ufe0f\\u{fe01}\\u{e0110}');
    assert.equal(sanitizeForDisplay(' \ufe0f'), ' \\u{fe0f}');
  });

  it('keeps a flag tag sequence and escapes tag characters anywhere else', () => {
    const england = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}';
    assert.equal(sanitizeForDisplay(`go ${england}!`), `go ${england}!`);
    assert.equal(sanitizeForDisplay('ok\u{e0069}\u{e0067}'), 'ok\\u{e0069}\\u{e0067}');
    assert.equal(sanitizeForDisplay('\u{1f3f4}\u{e0067}'), '\u{1f3f4}\\u{e0067}');
  });

  it('leaves private-use characters, CJK and combining marks alone', () => {
    const text = '\ue0a0 main 漢字 ｶﾀｶﾅ e\u0301';
    assert.equal(sanitizeForDisplay(text), text);
  });

  it('escapes the line and paragraph separators and code points unassigned in Unicode, noncharacters among them', () => {
    assert.equal(sanitizeForDisplay('x\u2028y\u2029z'), 'x\\u{2028}y\\u{2029}z');
    assert.equal(sanitizeForDisplay('a\u0378b\ud7ffc\u{2fffe}'), 'a\\u{378}b\\u{d7ff}c\\u{2fffe}');
    assert.equal(sanitizeForDisplay('\ufdd0\ufffe\u{10ffff}'), '\\u{fdd0}\\u{fffe}\\u{10ffff}');
  });

  it('keeps vowel and final jamo where they continue a syllable, escapes them on their own', () => {
    const syllables =
      '\u1100\u1161\u11a8 \u1112\ud7b0 \uac00\u11a8 \uac00\u1161 \uac01\u11a8\u11a8 \u1100\u1161\u1161\u11a8\u11a8';
    assert.equal(sanitizeForDisplay(syllables), syllables);
    assert.equal(sanitizeForDisplay('x\u1161y\u11a8z\ud7b0'), 'x\\u{1161}y\\u{11a8}z\\u{d7b0}');
    assert.equal(sanitizeForDisplay('\u1100\u1160'), '\u1100\\u{1160}');
    // A final right after a leading jamo, or a vowel after a syllable that has a final, starts a new cluster.
    assert.equal(sanitizeForDisplay('\u1100\u11a8 \uac01\u1161'), '\u1100\\u{11a8} \uac01\\u{1161}');
  });

  it('keeps a skin-tone modifier after an emoji it modifies, escapes it anywhere else', () => {
    assert.equal(sanitizeForDisplay('\u{1f44d}\u{1f3fb}'), '\u{1f44d}\u{1f3fb}');
    assert.equal(sanitizeForDisplay('x\u{1f3fb} \u{1f3ff}'), 'x\\u{1f3fb} \\u{1f3ff}');
  });

  it('escapes every default-ignorable code point that has no job where it stands', () => {
    assert.equal(sanitizeForDisplay('a\u180bb\u17b4c\u{e0001}'), 'a\\u{180b}b\\u{17b4}c\\u{e0001}');
  });

  it('passes as safe, in its quick check, only characters the full check leaves alone', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x20000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (isCommonSafe(ch) && sanitizeForDisplay(`${ch}\n`) !== `${ch}${NEWLINE_MARK}`)
        wrong.push(`U+${c.toString(16)}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(
      isCommonSafe('GET /api 日本語 Привет ─ → 😀') &&
        !isCommonSafe('x\u0378') &&
        !isCommonSafe('\ud83d') &&
        !isCommonSafe('\u{1f3fb}'),
    );
  });

  it('never lets a control character, bidi control or lone surrogate through', () => {
    const unsafe =
      /[\x00-\x1f\x7f-\x9f\xad\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)) }),
        fc.string({
          unit: fc.constantFrom(
            '\u200b',
            '\u200d',
            '\ufeff',
            '\u2064',
            '\u{e0041}',
            '\u{e007f}',
            '\ufe0f',
            '\u00ad',
            'a',
            '😀',
          ),
        }),
        (a, b, c) => {
          const out = sanitizeForDisplay(a + b + c);
          assert.ok(!unsafe.test(out), JSON.stringify(out));
          assert.ok(
            !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out),
            JSON.stringify(out),
          );
        },
      ),
    );
  });
});
