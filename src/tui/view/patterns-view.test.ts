import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PatternRow, PatternsSnapshot } from '../../services/collector/live-patterns.js';
import { textArb } from '../fuzz-arbitraries.js';
import type { PatternsPane } from '../state/patterns.js';
import { sortPatterns } from '../state/patterns.js';
import { drawPatterns } from './patterns-view.js';
import { Screen } from './screen.js';
import { defaultTheme } from './theme.js';

const theme = defaultTheme();
const AT = Date.UTC(2026, 11, 5, 12);

function pane(rows: PatternRow[], over: Partial<PatternsSnapshot> = {}, selected = 0): PatternsPane {
  const total = rows.reduce((n, r) => n + (Number.isFinite(r.count) ? r.count : 0), 0);
  const snapshot: PatternsSnapshot = {
    version: 1,
    at: AT,
    since: AT - 600_000,
    total,
    rows,
    stats: { patterns: rows.length, merged: 0, evicted: 0 },
    maxPatterns: 5000,
    ...over,
  };
  const sorted = sortPatterns(rows, 'count', AT);
  return { snapshot, sort: 'count', rows: sorted, selected, selectedId: sorted[selected]?.id };
}

const trend = (values: number[]): number[] => [...new Array<number>(30 - values.length).fill(0), ...values];

describe('the patterns view', () => {
  it('shows count, share, trend, first and last seen, id and template, and marks new patterns', () => {
    const screen = new Screen(140, 8);
    drawPatterns(
      screen,
      { x: 0, y: 0, w: 140, h: 8 },
      pane([
        {
          id: '0',
          template: 'user <*> logged in from <*>',
          count: 75,
          firstSeen: AT - 300_000,
          lastSeen: AT,
          trend: trend([1, 8]),
        },
        {
          id: 'a',
          template: 'disk full on <*>',
          count: 25,
          firstSeen: AT - 5_000,
          lastSeen: AT - 1_000,
          trend: trend([3]),
        },
      ]),
      theme,
    );
    const lines = screen.lines();
    assert.match(lines[0] ?? '', /Patterns · s sort: count · j\/k select · Enter show logs · Esc close/);
    assert.match(lines[1] ?? '', /count +share +trend \(5 min\) +first +last +id +template/);
    assert.match(
      lines[2] ?? '',
      /^│ {5,}75 +75\.0% +[ ▁-█]+ \d\d:\d\d:\d\d \d\d:\d\d:\d\d 0 +user <\*> logged in from <\*>/,
    );
    assert.match(lines[3] ?? '', /^│new +25 +25\.0% .* a +disk full on <\*>/);
    assert.doesNotMatch(lines[2] ?? '', /new/);
    assert.match(
      lines[6] ?? '',
      /pattern 1 of 2 · 100 logs mined \(the buffer at \d\d:\d\d:\d\d and all since\), every level/,
    );
  });

  it('says when the cap merged or evicted patterns', () => {
    const screen = new Screen(120, 6);
    drawPatterns(
      screen,
      { x: 0, y: 0, w: 120, h: 6 },
      pane([{ id: '0', template: 'x', count: 1, firstSeen: AT, lastSeen: AT, trend: [] }], {
        stats: { patterns: 5000, merged: 12, evicted: 500 },
      }),
      theme,
    );
    assert.match(
      screen.lines().join('\n'),
      /at the cap of 5,000 patterns: 12 merged into similar ones, 500 least recent evicted/,
    );
  });

  it('says it is mining before the first rows arrive', () => {
    const screen = new Screen(60, 5);
    drawPatterns(
      screen,
      { x: 0, y: 0, w: 60, h: 5 },
      { snapshot: undefined, sort: 'new', rows: [], selected: 0, selectedId: undefined },
      theme,
    );
    assert.match(screen.lines()[1] ?? '', /mining the buffer…/);
  });

  it('draws any rows at any size without throwing or showing placeholders', () => {
    const rowArb = fc.record({
      id: fc.stringMatching(/^[0-9a-z]{1,4}$/),
      template: textArb(4),
      count: fc.oneof(fc.nat(), fc.constantFrom(NaN, Infinity, -1)),
      firstSeen: fc.oneof(fc.integer({ min: AT - 1e6, max: AT }), fc.constantFrom(NaN, 8.64e15 + 1)),
      lastSeen: fc.oneof(fc.integer({ min: AT - 1e6, max: AT }), fc.constantFrom(NaN, -Infinity)),
      trend: fc.array(fc.oneof(fc.nat(), fc.constant(NaN)), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 20 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(25),
        (rows, w, h, selected) => {
          const screen = new Screen(w, h);
          drawPatterns(
            screen,
            { x: 0, y: 0, w, h },
            pane(rows, {}, Math.min(selected, Math.max(0, rows.length - 1))),
            theme,
          );
          assert.doesNotMatch(screen.lines().join('\n'), /undefined|\[object /);
        },
      ),
    );
  });
});
