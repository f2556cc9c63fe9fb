import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Style } from './style.js';
import { Screen } from './screen.js';
import { charWidth } from './text-width.js';

const RED: Style = { fg: 'red' };

// Every wide grapheme is followed by '' and every '' follows a wide grapheme.
function assertWideInvariant(s: Screen): void {
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const ch = s.cell(x, y)?.ch ?? '';
      if (ch === '') assert.equal(charWidth(s.cell(x - 1, y)?.ch ?? ''), 2, `orphan right half at ${x},${y}`);
      else if (charWidth(ch) === 2) assert.equal(s.cell(x + 1, y)?.ch, '', `wide char without right half at ${x},${y}`);
      else assert.equal(charWidth(ch), 1, `zero-width cell at ${x},${y}`);
    }
  }
}

describe('Screen.text', () => {
  it('writes text with its style and returns the next column', () => {
    const s = new Screen(10, 2);
    assert.equal(s.text(1, 0, 'abc', RED), 4);
    assert.deepEqual(s.lines(), [' abc', '']);
    assert.equal(s.cell(2, 0)?.style, RED);
    assert.equal(s.cell(4, 0)?.style, undefined);
  });

  it('clips at the right edge and at maxWidth', () => {
    const s = new Screen(6, 2);
    assert.equal(s.text(3, 0, 'abcdef'), 6);
    assert.equal(s.text(0, 1, 'abcdef', undefined, 2), 2);
    assert.deepEqual(s.lines(), ['   abc', 'ab']);
  });

  it('stores a wide character as the grapheme followed by an empty right half', () => {
    const s = new Screen(8, 1);
    assert.equal(s.text(0, 0, 'a日👨‍👩‍👧'), 5);
    assert.deepEqual(s.chars.slice(0, 6), ['a', '日', '', '👨‍👩‍👧', '', ' ']);
    assert.equal(s.row(0), 'a日👨‍👩‍👧');
  });

  it('replaces a wide character that does not fit with a space', () => {
    const s = new Screen(4, 1);
    assert.equal(s.text(0, 0, 'ab日本'), 4);
    assert.deepEqual(s.chars, ['a', 'b', '日', '']);
    s.text(1, 0, 'x日', RED);
    assert.deepEqual(s.chars, ['a', 'x', '日', '']);
    assert.equal(s.text(2, 0, '本', undefined, 1), 3);
    assert.deepEqual(s.chars, ['a', 'x', ' ', ' ']);
  });

  it('clips at the left edge, blanking a wide character cut in half', () => {
    const s = new Screen(4, 1);
    assert.equal(s.text(-1, 0, '日本x'), 4);
    assert.deepEqual(s.chars, [' ', '本', '', 'x']);
  });

  it('blanks the other half of a wide character it partly overwrites', () => {
    const s = new Screen(6, 1);
    s.text(0, 0, '日本語');
    s.text(1, 0, 'a');
    assert.deepEqual(s.chars, [' ', 'a', '本', '', '語', '']);
    s.text(4, 0, 'b');
    assert.deepEqual(s.chars, [' ', 'a', '本', '', 'b', ' ']);
    s.text(3, 0, '😀');
    assert.deepEqual(s.chars, [' ', 'a', ' ', '😀', '', ' ']);
  });

  it('skips zero-width characters and ignores rows outside the screen', () => {
    const s = new Screen(5, 1);
    assert.equal(s.text(0, 0, '\u0301a\u200bb\x1bc'), 3);
    assert.equal(s.row(0), 'abc');
    assert.equal(s.text(0, 3, 'zzz'), 0);
  });
});

describe('Screen drawing', () => {
  it('draws a box with its title in the top border, like a ratatui Block', () => {
    const s = new Screen(12, 4);
    s.box(0, 0, 12, 4, { title: 'Logs' });
    s.text(1, 1, 'hello');
    assert.deepEqual(s.lines(), ['┌Logs──────┐', '│hello     │', '│          │', '└──────────┘']);
  });

  it('truncates a box title that is longer than the border', () => {
    const s = new Screen(8, 2);
    s.box(0, 0, 8, 2, { title: 'Statistics' });
    assert.deepEqual(s.lines(), ['┌Stati…┐', '└──────┘']);
  });

  it('fills a clipped rectangle and rejects a wide fill character', () => {
    const s = new Screen(4, 3);
    s.fill(2, 1, 5, 5, '.');
    assert.deepEqual(s.lines(), ['', '  ..', '  ..']);
    assert.throws(() => s.fill(0, 0, 1, 1, '日'), RangeError);
  });

  it('merges a style over existing cells, sharing one merged object per distinct style', () => {
    const s = new Screen(6, 1);
    s.text(0, 0, 'abc', RED);
    s.setStyle(0, 0, 4, { reverse: true });
    assert.deepEqual(s.cell(0, 0)?.style, { fg: 'red', reverse: true });
    assert.equal(s.cell(0, 0)?.style, s.cell(2, 0)?.style);
    assert.deepEqual(s.cell(3, 0)?.style, { reverse: true });
    assert.equal(s.cell(4, 0)?.style, undefined);
  });

  it('clears and resizes to a blank screen', () => {
    const s = new Screen(3, 1);
    s.text(0, 0, 'abc', RED);
    s.clear();
    assert.deepEqual(s.lines(), ['']);
    assert.equal(s.cell(0, 0)?.style, undefined);
    s.resize(5, 2);
    assert.equal(s.width, 5);
    assert.deepEqual(s.lines(), ['', '']);
  });

  it('keeps every wide character whole whatever is drawn over it', () => {
    const op = fc.record({
      x: fc.integer({ min: -3, max: 9 }),
      y: fc.integer({ min: 0, max: 2 }),
      text: fc
        .array(fc.constantFrom('a', ' ', '日', '😀', '👨‍👩‍👧', 'e\u0301', '…'), { maxLength: 8 })
        .map((a) => a.join('')),
      max: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      kind: fc.constantFrom('text', 'fill', 'box'),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const s = new Screen(8, 3);
        for (const o of ops) {
          if (o.kind === 'text') s.text(o.x, o.y, o.text, undefined, o.max);
          else if (o.kind === 'fill') s.fill(o.x, o.y, o.max ?? 2, 1, '#');
          else s.box(o.x, o.y, o.max ?? 3, 2, { title: o.text });
        }
        assertWideInvariant(s);
      }),
    );
  });
});
