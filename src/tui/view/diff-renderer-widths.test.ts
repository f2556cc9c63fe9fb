import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TerminalModel } from '../../../test/helpers/terminal-model.js';
import { DiffRenderer } from './diff-renderer.js';
import { sanitizeForDisplay } from './sanitize.js';
import { Screen } from './screen.js';
import type { Style } from './style.js';
import { charWidth, isWidthCertain } from './text-width.js';

const W = 14;
const H = 4;
const STYLES: (Style | undefined)[] = [undefined, { fg: 'red' }, { bold: true, bg: 236 }, { reverse: true }];

// Log text as it reaches the views: plain, wide, emoji and their sequences, combining marks,
// and the code points whose width terminals disagree about, mixed with anything at all.
const PIECES = [
  'a',
  'bc',
  ' ',
  'xyz',
  '日',
  '本語',
  'ｶ',
  '😀',
  '👍🏻',
  '❤️',
  '👨‍👩‍👧',
  '🇯🇵',
  'e\u0301',
  '\u1100\u1161\u11a8',
  '…',
  '─',
  '\u2028',
  '\ud7ff',
  '\ud7b0',
  '\u0378',
  '\u{1fae8}',
  '\u{1f3fb}',
  '\ufe0f',
  '\u200d',
  'क्षि',
  '\ue000',
  '\ufdd0',
  '\ud800',
];
const textArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(...PIECES),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
      fc.string({ unit: 'binary', maxLength: 2 }),
    ),
    { maxLength: 8 },
  )
  .map((a) => a.join(''));

interface Span {
  x: number;
  y: number;
  text: string;
  style: number;
}

const spanArb = fc.record({
  x: fc.integer({ min: -2, max: W }),
  y: fc.nat(H - 1),
  text: textArb,
  style: fc.nat(STYLES.length - 1),
});
const framesArb = fc.array(fc.array(spanArb, { maxLength: 8 }), { minLength: 1, maxLength: 6 });

function draw(screen: Screen, spans: Span[]): void {
  screen.clear();
  for (const s of spans) screen.text(s.x, s.y, sanitizeForDisplay(s.text), STYLES[s.style]);
}

function fullRedraw(screen: Screen): TerminalModel {
  const term = new TerminalModel(screen.width, screen.height);
  new DiffRenderer((frame) => term.feed(frame)).render(screen);
  return term;
}

// A terminal that measures every grapheme of uncertain width its own way: 0 (dropped) to 4
// cells, the same way each time it sees that grapheme.
function hostileWidth(seed: number): (g: string) => number {
  return (g) => {
    if (isWidthCertain(g)) return charWidth(g);
    let h = seed;
    for (let i = 0; i < g.length; i++) h = (h * 31 + g.charCodeAt(i)) >>> 0;
    return h % 5;
  };
}

describe('DiffRenderer with text of every kind', () => {
  it('leaves the terminal as a fresh full redraw of the last frame would, after any sequence of frames', () => {
    fc.assert(
      fc.property(framesArb, (frames) => {
        const screen = new Screen(W, H);
        const term = new TerminalModel(W, H);
        const renderer = new DiffRenderer((frame) => term.feed(frame));
        for (const spans of frames) {
          draw(screen, spans);
          renderer.render(screen);
          const fresh = fullRedraw(screen);
          assert.deepEqual(term.chars, fresh.chars);
          assert.deepEqual(term.chars, screen.chars);
          for (let i = 0; i < screen.chars.length; i++)
            if (screen.chars[i] !== '') assert.equal(term.sgrs[i], fresh.sgrs[i], `style of cell ${i}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shows every character of certain width right even on a terminal that measures the others differently', () => {
    fc.assert(
      fc.property(framesArb, fc.nat(), (frames, seed) => {
        const screen = new Screen(W, H);
        const term = new TerminalModel(W, H, hostileWidth(seed), false);
        const renderer = new DiffRenderer((frame) => term.feed(frame));
        for (const spans of frames) {
          draw(screen, spans);
          renderer.render(screen);
          const fresh = fullRedraw(screen);
          for (let i = 0; i < screen.chars.length; i++) {
            const owner = screen.chars[i] === '' ? i - 1 : i;
            if (!isWidthCertain(screen.chars[owner] ?? '')) continue;
            assert.equal(
              term.chars[i],
              screen.chars[i],
              `cell ${i % W},${Math.floor(i / W)} of ${JSON.stringify(screen.lines())}`,
            );
            assert.equal(term.sgrs[i], fresh.sgrs[i], `style of cell ${i}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
