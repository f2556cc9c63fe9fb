import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Style } from './style.js';
import { sgr } from './style.js';
import { DiffRenderer } from './diff-renderer.js';
import { Screen } from './screen.js';
import { TerminalModel } from '../../../test/helpers/terminal-model.js';

function assertShows(term: TerminalModel, screen: Screen, monochrome = false): void {
  assert.deepEqual(term.chars, screen.chars);
  for (let i = 0; i < screen.chars.length; i++) {
    if (screen.chars[i] !== '') assert.equal(term.sgrs[i], sgr(screen.styles[i], monochrome), `style of cell ${i}`);
  }
}

function setup(
  w: number,
  h: number,
  monochrome = false,
): { screen: Screen; term: TerminalModel; renderer: DiffRenderer; writes: string[] } {
  const term = new TerminalModel(w, h);
  const writes: string[] = [];
  const renderer = new DiffRenderer(
    (frame) => {
      const s = frame.toString('utf8');
      writes.push(s);
      term.feed(s);
    },
    { monochrome },
  );
  return { screen: new Screen(w, h), term, renderer, writes };
}

const STYLES: (Style | undefined)[] = [
  undefined,
  { fg: 'red' },
  { bold: true, bg: 236 },
  { reverse: true },
  { fg: '#00ff88', underline: true },
];
const PIECES = ['a', 'b', ' ', 'xyz', '日', '本語', '😀', '👨‍👩‍👧', '🇯🇵', 'e\u0301', '…', '─'];

type Op =
  | { kind: 'text'; x: number; y: number; text: string; style: number; max: number | undefined }
  | { kind: 'fill' | 'style'; x: number; y: number; w: number; style: number };

const opArb = (w: number, h: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      kind: fc.constant('text' as const),
      x: fc.integer({ min: -2, max: w }),
      y: fc.integer({ min: 0, max: h - 1 }),
      text: fc.array(fc.constantFrom(...PIECES), { maxLength: 10 }).map((a) => a.join('')),
      style: fc.nat(STYLES.length - 1),
      max: fc.option(fc.nat(w), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constantFrom('fill' as const, 'style' as const),
      x: fc.integer({ min: -2, max: w }),
      y: fc.integer({ min: 0, max: h - 1 }),
      w: fc.nat(w),
      style: fc.nat(STYLES.length - 1),
    }),
  );

function draw(screen: Screen, ops: Op[]): void {
  screen.clear();
  for (const o of ops) {
    const style = STYLES[o.style];
    if (o.kind === 'text') screen.text(o.x, o.y, o.text, style, o.max);
    else if (o.kind === 'fill') screen.fill(o.x, o.y, o.w, 1, '.', style);
    else screen.setStyle(o.x, o.y, o.w, style ?? { dim: true });
  }
}

describe('DiffRenderer', () => {
  it('reproduces random screens with CJK and emoji exactly, frame after frame', () => {
    const frames = fc.array(fc.array(opArb(12, 4), { maxLength: 14 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(frames, fc.boolean(), (ops, monochrome) => {
        const { screen, term, renderer } = setup(12, 4, monochrome);
        for (const frame of ops) {
          draw(screen, frame);
          renderer.render(screen);
          assertShows(term, screen, monochrome);
          // The renderer's idea of the terminal is now exact: nothing left to send.
          assert.equal(renderer.render(screen), 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('clears the screen only on the first frame and after invalidate', () => {
    const { screen, renderer, writes } = setup(10, 3);
    screen.text(0, 0, 'hello');
    renderer.render(screen);
    screen.text(0, 1, 'world');
    renderer.render(screen);
    renderer.invalidate();
    renderer.render(screen);
    assert.deepEqual(
      writes.map((w) => w.includes('\x1b[2J')),
      [true, false, true],
    );
  });

  it('writes nothing when nothing changed, and one synchronized update when something did', () => {
    const { screen, renderer, writes } = setup(10, 3);
    screen.text(0, 0, 'hello');
    renderer.render(screen);
    assert.equal(renderer.render(screen), 0);
    screen.text(1, 0, 'a');
    const bytes = renderer.render(screen);
    assert.equal(writes.length, 2);
    assert.equal(writes[1], '\x1b[?2026h\x1b[1;2Ha\x1b[?2026l');
    assert.equal(bytes, Buffer.byteLength(writes[1] ?? ''));
  });

  it('repaints the whole wide character when only its right half changed style', () => {
    const { screen, term, renderer, writes } = setup(6, 1);
    screen.text(0, 0, 'a日b');
    renderer.render(screen);
    screen.setStyle(2, 0, 1, { fg: 'red' });
    renderer.render(screen);
    assert.ok(writes[1]?.includes('\x1b[1;2H'), JSON.stringify(writes[1]));
    assertShows(term, screen);
  });

  it('blanks the cells of an emoji sequence before drawing it, then places the cursor explicitly and sends the rest of the row again', () => {
    const { screen, term, renderer, writes } = setup(8, 1);
    renderer.render(screen);
    screen.text(1, 0, '👨‍👩‍👧ab');
    renderer.render(screen);
    assert.equal(writes[1], '\x1b[?2026h\x1b[1;2H  \x1b[1;2H👨‍👩‍👧\x1b[1;4Hab   \x1b[?2026l');
    assertShows(term, screen);
  });

  it('repaints everything after a resize', () => {
    const { screen, renderer, writes } = setup(10, 3);
    screen.text(0, 0, 'hello');
    renderer.render(screen);
    screen.resize(8, 2);
    screen.text(0, 0, 'hi');
    renderer.render(screen);
    assert.ok(writes[1]?.includes('\x1b[2J'));
    const term = new TerminalModel(8, 2);
    term.feed(writes[1] ?? '');
    assertShows(term, screen);
  });
});
