import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_BINDINGS, type Binding } from '../keys/bindings.js';
import { helpItems, layoutHelp, wrapWords } from './help-layout.js';
import { drawHelp } from './help-view.js';
import { Screen } from './screen.js';
import { monochromeTheme } from './theme.js';

/** The words the help can show: those of its headings, keys and descriptions. */
function vocabulary(bindings: readonly Binding[]): Set<string> {
  const texts = helpItems(bindings).flatMap((i) => (i.kind === 'heading' ? [i.text] : [i.keys, i.description]));
  return new Set(texts.flatMap((t) => t.split(' ')).filter((w) => w !== ''));
}

/** Words on the overlay's inside that are not whole words of the help (a shortened word ends with '…'). */
function cutWords(bindings: readonly Binding[], cols: number, rows: number): string[] {
  const screen = new Screen(cols, rows);
  drawHelp(screen, { x: 0, y: 0, w: cols, h: rows }, bindings, monochromeTheme());
  const words = vocabulary(bindings);
  const inside = screen
    .lines()
    .slice(1, -1)
    .map((l) => [...l].slice(1, -1).join(''));
  return inside
    .flatMap((l) => l.split(' '))
    .filter(
      (w) => w !== '' && !words.has(w) && !(w.endsWith('…') && [...words].some((v) => v.startsWith(w.slice(0, -1)))),
    );
}

// Key specs as a config file may bind them: short, named, with modifiers, wide.
const keySpec = fc.constantFrom(
  'x',
  'Q',
  '字',
  'ctrl+pagedown',
  'meta+backspace',
  'f12',
  'pageup',
  'ctrl+w',
  'wheeldown',
  '?',
);
const rebound = fc
  .array(fc.tuple(fc.nat({ max: DEFAULT_BINDINGS.length - 1 }), fc.array(keySpec, { minLength: 1, maxLength: 6 })), {
    maxLength: 8,
  })
  .map((changes) => {
    const bindings = [...DEFAULT_BINDINGS];
    for (const [i, keys] of changes) bindings[i] = { ...bindings[i]!, keys };
    return bindings;
  });

describe('the help overlay', () => {
  it('never cuts a word, at any size from 20 columns and 3 rows up, with any key bindings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 3, max: 80 }),
        rebound,
        (cols, rows, bindings) => {
          assert.deepEqual(cutWords(bindings, cols, rows), [], `${cols}x${rows}`);
        },
      ),
    );
  });

  it('shows every binding at 120x32 and says when a smaller window shows only part', () => {
    const items = helpItems(DEFAULT_BINDINGS);
    assert.equal(layoutHelp(items, 116, 26).complete, true);
    const small = new Screen(60, 11);
    drawHelp(small, { x: 0, y: 0, w: 60, h: 11 }, DEFAULT_BINDINGS, monochromeTheme());
    assert.match(small.lines()[0] ?? '', /a larger window shows all/);
  });

  it('lists every entry whole once it has room', () => {
    const items = helpItems(DEFAULT_BINDINGS);
    const page = layoutHelp(items, 296, 80);
    assert.equal(page.complete, true);
    const text = page.columns
      .flat()
      .map((l) => l.text)
      .join('\n');
    for (const item of items)
      for (const part of item.kind === 'heading' ? [item.text] : [item.keys, item.description])
        assert.ok(text.includes(part), part);
  });

  it('breaks text between words and shortens only a word wider than the line', () => {
    assert.deepEqual(wrapWords('statistics pane: normal / large / hidden', 18), [
      'statistics pane:',
      'normal / large /',
      'hidden',
    ]);
    assert.deepEqual(wrapWords('Backspace edits', 5), ['Back…', 'edits']);
    assert.deepEqual(wrapWords('anything', 0), []);
  });
});
