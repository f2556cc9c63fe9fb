import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_BINDINGS, type Binding } from '../keys/bindings.js';
import { MODES, type Mode } from '../keys/commands.js';
import { EVERYWHERE, everywhereKeys, HELP_SECTIONS, helpItems, keyLabel, sectionOf } from './help-items.js';
import { layoutHelp, wrapWords } from './help-layout.js';
import { drawHelp } from './help-view.js';
import { Screen } from './screen.js';
import { monochromeTheme } from './theme.js';

/** The words the help can show: those of its headings, keys and descriptions. */
function vocabulary(bindings: readonly Binding[]): Set<string> {
  const texts = helpItems(bindings).flatMap((i) => (i.kind === 'heading' ? [i.text] : [i.keys, i.description]));
  return new Set(texts.flatMap((t) => t.split(' ')).filter((w) => w !== ''));
}

/** Words on the overlay's inside that are not whole words of the help (a shortened word ends with '…'). */
function cutWords(bindings: readonly Binding[], cols: number, rows: number, from: Mode, scroll: number): string[] {
  const screen = new Screen(cols, rows);
  drawHelp(screen, { x: 0, y: 0, w: cols, h: rows }, bindings, monochromeTheme(), { from, scroll });
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

const modeArb = fc.constantFrom(...MODES);

/** Every line of the help, read by scrolling it from the top to the bottom (or its columns, when it fits). */
function readAll(items: ReturnType<typeof helpItems>, width: number, rows: number): string[] {
  const first = layoutHelp(items, width, rows, 0);
  if (first.maxScroll === 0) return first.columns.flat().map((l) => l.text);
  const out: string[] = [];
  for (let s = 0; s <= first.maxScroll; s++) {
    const page = layoutHelp(items, width, rows, s);
    assert.equal(page.scroll, s);
    page.columns.flat().forEach((l, i) => (out[s + i] = l.text));
  }
  return out;
}

describe('the help overlay', () => {
  it('never cuts a word, at any size from 20 columns and 3 rows up, with any key bindings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 3, max: 80 }),
        rebound,
        modeArb,
        fc.nat({ max: 200 }),
        (cols, rows, bindings, from, scroll) => {
          assert.deepEqual(cutWords(bindings, cols, rows, from, scroll), [], `${cols}x${rows}`);
        },
      ),
    );
  });

  it('lists every key of the keymap in the section of each mode it works in', () => {
    const check = (bindings: readonly Binding[]): string[] => {
      const items = helpItems(bindings);
      const everywhere = everywhereKeys(bindings);
      const section = (title: string): string[][] => {
        const at = items.findIndex((i) => i.kind === 'heading' && i.text === title);
        if (at < 0) return [];
        const end = items.findIndex((i, n) => n > at && i.kind === 'heading');
        return items
          .slice(at + 1, end < 0 ? undefined : end)
          .flatMap((i) => (i.kind === 'entry' ? [i.keys.split(' ')] : []));
      };
      return bindings.flatMap((b) =>
        b.modes.flatMap((mode) =>
          b.keys
            .filter((k) => {
              const title = everywhere.get(k) === b.command ? EVERYWHERE : sectionOf(mode).title;
              return !section(title).some((keys) => keys.includes(keyLabel(k)));
            })
            .map((k) => `${mode}: ${k} (${b.command})`),
        ),
      );
    };
    assert.deepEqual(check(DEFAULT_BINDINGS), []);
    fc.assert(fc.property(rebound, (bindings) => assert.deepEqual(check(bindings), [])));
    assert.deepEqual(
      MODES.filter((m) => HELP_SECTIONS.filter((s) => s.modes.includes(m)).length !== 1),
      [],
      'every mode in one section',
    );
  });

  it('shows the keys of the pane it was opened from first', () => {
    for (const from of ['patterns', 'histogram', 'results', 'detail'] as const) {
      const screen = new Screen(120, 26);
      drawHelp(screen, { x: 0, y: 0, w: 120, h: 26 }, DEFAULT_BINDINGS, monochromeTheme(), { from, scroll: 0 });
      assert.ok(screen.lines()[1]!.includes(sectionOf(from).title), screen.lines().join('\n'));
    }
  });

  it('scrolls through every entry at any size, saying when more is below', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 300 }), fc.integer({ min: 3, max: 60 }), modeArb, (cols, rows, from) => {
        const items = helpItems(DEFAULT_BINDINGS, from);
        const text = readAll(items, cols - 4, rows - 2).join(' ');
        const words = new Set(text.split(' '));
        for (const item of items)
          for (const word of (item.kind === 'heading' ? item.text : `${item.keys} ${item.description}`).split(' '))
            assert.ok(
              words.has(word) || [...words].some((w) => w.endsWith('…') && word.startsWith(w.slice(0, -1))),
              `${word} at ${cols}x${rows}`,
            );
      }),
    );
    const screen = new Screen(120, 26);
    const rect = { x: 0, y: 0, w: 120, h: 26 };
    drawHelp(screen, rect, DEFAULT_BINDINGS, monochromeTheme(), { from: 'normal', scroll: 0 });
    assert.match(screen.lines()[25]!, /more below/);
    assert.match(screen.lines()[0]!, /scroll/);
    drawHelp(screen, rect, DEFAULT_BINDINGS, monochromeTheme(), { from: 'normal', scroll: 10_000 });
    assert.match(screen.lines()[25]!, /more above/);
    assert.match(screen.lines()[24]!, /Ctrl-c\s+quit/);
  });

  it('fits on one page, without scrolling, when the window is large', () => {
    const page = layoutHelp(helpItems(DEFAULT_BINDINGS), 296, 80);
    assert.equal(page.maxScroll, 0);
    const screen = new Screen(300, 82);
    drawHelp(screen, { x: 0, y: 0, w: 300, h: 82 }, DEFAULT_BINDINGS, monochromeTheme());
    assert.doesNotMatch(screen.lines().join('\n'), /more below|PageDown scroll/);
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
