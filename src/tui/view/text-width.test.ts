import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { charWidth, graphemes, isSegmentFree, isWidthCertain, textWidth, truncate, wrap } from './text-width.js';

const FAMILY = '👨‍👩‍👧';
const E_ACUTE = 'e\u0301';
const FLAG_JP = '🇯🇵';

describe('charWidth and textWidth', () => {
  it('gives CJK ideographs, kana and Hangul syllables the width string-width gives them', () => {
    for (const [from, to] of [
      [0x3000, 0x30ff],
      [0x4e00, 0x9fff],
      [0xac00, 0xd7a3],
    ] as const) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        assert.equal(charWidth(ch), Math.min(2, stringWidth(ch)), `U+${c.toString(16)}`);
      }
    }
  });

  it('gives every single character of certain width (box drawing, Latin-1, symbols) the width string-width gives it', () => {
    for (let c = 0x80; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (isWidthCertain(ch)) assert.equal(charWidth(ch), Math.min(2, stringWidth(ch)), `U+${c.toString(16)}`);
    }
  });

  it('count printable ASCII as one cell each and controls as none', () => {
    assert.equal(textWidth('hello world'), 11);
    assert.equal(charWidth('a'), 1);
    assert.equal(charWidth('\x1b'), 0);
    assert.equal(charWidth('\x7f'), 0);
  });

  it('count CJK and emoji as two cells and combining marks as none', () => {
    assert.equal(textWidth('日本語'), 6);
    assert.equal(charWidth('😀'), 2);
    assert.equal(charWidth(FAMILY), 2);
    assert.equal(charWidth(FLAG_JP), 2);
    assert.equal(charWidth(E_ACUTE), 1);
    assert.equal(charWidth('\u0301'), 0);
    assert.equal(textWidth(`a${FAMILY}b日${E_ACUTE}`), 1 + 2 + 1 + 2 + 1);
  });

  it('treat ambiguous-width symbols such as box drawing and the ellipsis as one cell', () => {
    assert.equal(textWidth('┌─┐…⏎'), 5);
  });
});

describe('graphemes', () => {
  it('keeps ZWJ sequences, flags and combining sequences whole', () => {
    assert.deepEqual([...graphemes(`a${FAMILY}${FLAG_JP}${E_ACUTE}日`)], ['a', FAMILY, FLAG_JP, E_ACUTE, '日']);
  });

  it('matches one Intl.Segmenter pass on long text whose graphemes straddle internal chunk boundaries', () => {
    const seg = new Intl.Segmenter();
    const piece = fc.constantFrom('a', '日', FAMILY, FLAG_JP, '🇺', E_ACUTE, 'e' + '\u0301'.repeat(300), '😀\u{1f3fd}');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 100, maxLength: 400 }), (pieces) => {
        const text = pieces.join('');
        assert.deepEqual(
          [...graphemes(text)],
          [...seg.segment(text)].map((s) => s.segment),
        );
      }),
      { numRuns: 50 },
    );
    // An odd run of regional indicators pairs up differently if a chunk restarts mid-pair.
    const flags = 'x' + '🇺'.repeat(301);
    assert.deepEqual(
      [...graphemes(flags)],
      [...seg.segment(flags)].map((s) => s.segment),
    );
  });

  it('splits astral characters without breaking surrogate pairs', () => {
    assert.deepEqual([...graphemes('😀𠀋x')], ['😀', '𠀋', 'x']);
  });

  it('agrees with Intl.Segmenter that text without joining characters has one grapheme per code point', () => {
    // Exhaustive over the planes where joining characters live, so a Unicode update of the
    // runtime that adds one to UAX #29 shows up here rather than as a misdrawn cell.
    // One segmenter pass over "a c c" for every segment-free code point c: if nothing joins,
    // every segment is a single code point.
    const parts: string[] = [];
    const add = (from: number, to: number): void => {
      for (let cp = from; cp <= to; cp++) {
        const c = String.fromCodePoint(cp);
        if (isSegmentFree(c)) parts.push('a', c, c);
      }
    };
    add(0, 0x1ffff);
    add(0xe0000, 0xe0fff);
    const missed: string[] = [];
    const seg = new Intl.Segmenter();
    // Chunks ending in 'a', so the last code point of each is still tested against a neighbour.
    for (let i = 0; i < parts.length; i += 300) {
      for (const { segment } of seg.segment(parts.slice(i, i + 300).join('') + 'a')) {
        if ([...segment].length > 1) missed.push([...segment].map((c) => c.codePointAt(0)?.toString(16)).join('+'));
      }
    }
    assert.deepEqual(missed, []);
  });
});

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    assert.equal(truncate('hello', 5), 'hello');
    assert.equal(truncate('日本', 4), '日本');
  });

  it('cuts with an ellipsis that counts toward the width', () => {
    assert.equal(truncate('hello world', 8), 'hello w…');
    assert.equal(truncate('hello world', 8, '...'), 'hello...');
  });

  it('drops a wide character that would straddle the limit', () => {
    assert.equal(truncate('日本語テキスト', 6), '日本…');
    assert.equal(textWidth(truncate('日本語テキスト', 6)), 5);
  });

  it('cuts without an ellipsis when the ellipsis itself does not fit, and returns nothing for width 0', () => {
    assert.equal(truncate('hello', 2, '...'), 'he');
    assert.equal(truncate('hello', 0), '');
  });

  it('never exceeds the width and keeps a prefix of the text', () => {
    const text = fc
      .array(fc.constantFrom('a', ' ', '日', '😀', FAMILY, E_ACUTE, 'ｶ'), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 40 }), (t, width) => {
        const out = truncate(t, width);
        assert.ok(textWidth(out) <= width);
        if (out !== t) assert.ok(t.startsWith(out.endsWith('…') ? out.slice(0, -1) : out));
      }),
    );
  });
});

describe('wrap', () => {
  it('breaks at the last space that fits and drops that space', () => {
    assert.deepEqual(wrap('the quick brown fox', 10), ['the quick', 'brown fox']);
  });

  it('breaks long words and CJK text between graphemes', () => {
    assert.deepEqual(wrap('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
    assert.deepEqual(wrap('日本語のテキスト', 5), ['日本', '語の', 'テキ', 'スト']);
  });

  it('forces a break at newlines and keeps empty lines', () => {
    assert.deepEqual(wrap('a\n\nb', 10), ['a', '', 'b']);
    assert.deepEqual(wrap('', 10), ['']);
  });

  it('gives a grapheme wider than the width a line of its own', () => {
    assert.deepEqual(wrap('日x', 1), ['日', 'x']);
  });

  it('rejects a width below one', () => {
    assert.throws(() => wrap('a', 0), RangeError);
  });

  it('keeps every non-space grapheme in order and fits every line', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', ' ', ' ', '日', '😀', FAMILY, E_ACUTE), { maxLength: 40 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 12 }), (t, width) => {
        const lines = wrap(t, width);
        assert.equal(lines.join('').replaceAll(' ', ''), t.replaceAll(' ', ''));
        for (const line of lines)
          assert.ok(textWidth(line) <= width || [...graphemes(line)].length === 1, JSON.stringify(line));
      }),
    );
  });
});
