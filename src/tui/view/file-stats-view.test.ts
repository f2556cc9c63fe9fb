import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { initialModel, type Model } from '../state/model.js';
import { drawFileStats } from './file-stats-view.js';
import { Screen } from './screen.js';
import { monochromeTheme } from './theme.js';

const model = (over: Partial<Model> = {}): Model => ({
  ...initialModel({ cols: 80, rows: 24, source: { label: 'files', status: { state: 'ready', since: 0 } } }),
  ...over,
});

// LEVELS order: trace, debug, info, warn, error, fatal.
const counts = { start: Date.UTC(2026, 0, 1, 9), spanMs: 60_000, total: 12, byArrival: 2 };
const bars = [
  [0, 1, 3, 0, 1, 0],
  [0, 0, 2, 1, 0, 0],
  [0, 0, 0, 0, 3, 1],
];

function draw(m: Model, w = 38, h = 20): string {
  const screen = new Screen(w, h);
  drawFileStats(screen, { x: 0, y: 0, w, h }, m, monochromeTheme());
  return screen.lines().join('\n');
}

describe('the statistics pane of files', () => {
  it('counts the shown logs by level over their own time, with their rate', () => {
    const text = draw(model({ utc: true, histogram: { data: { ...counts, bars }, selected: undefined } }));
    assert.match(text, /logs 12 +errors 5 \(41\.7%\)/);
    assert.match(text, /0\.1 logs\/s over 3m of their time/);
    assert.match(text, /09:00:00 → 09:03:00/);
    assert.match(text, /ERROR +4 █/);
    assert.match(text, /FATAL +1 █/);
    assert.match(text, /INFO +5 █/);
    assert.match(text, /2 without a time, at a neighbour's/);
  });

  it('says it is counting until the engine sent the counts', () => {
    assert.match(draw(model()), /counting the shown logs…/);
  });

  it('never throws, whatever the counts and the size', () => {
    const n = fc.oneof(fc.nat(), fc.constantFrom(NaN, Infinity, -1, 1e308));
    fc.assert(
      fc.property(
        fc.array(fc.array(n, { minLength: 6, maxLength: 6 }), { maxLength: 300 }),
        n,
        n,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (b, start, spanMs, w, h, large) => {
          const data = { start, spanMs, total: b.length, byArrival: 0, bars: b };
          draw(model({ statsPane: large ? 'large' : 'normal', histogram: { data, selected: undefined } }), w, h);
        },
      ),
    );
  });
});
