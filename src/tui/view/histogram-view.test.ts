import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testLog } from '../../query/test-logs.js';
import { LogEngine } from '../../services/collector/engine.js';
import { detailLines } from './detail-view.js';
import { drawHistogram, histogramBars } from './histogram-view.js';
import { Screen } from './screen.js';
import { defaultTheme, monochromeTheme } from './theme.js';

const BASE = Date.UTC(2026, 11, 5, 10, 0, 0);

describe('the histogram view', () => {
  it('draws a bar per span stacked by level, the time axis and the selected bar’s counts', () => {
    const engine = new LogEngine(1000, { now: () => BASE });
    for (let i = 0; i < 120; i++)
      engine.ingest(
        JSON.stringify({
          timestamp: new Date(BASE + i * 30_000).toISOString(),
          level: i % 10 === 0 ? 'ERROR' : i % 5 === 0 ? 'WARN' : 'INFO',
          message: `m${i}`,
        }),
      );
    // A line without a time of its own is counted when it arrived (the engine's clock: 10:00).
    engine.ingest('a plain line');
    const screen = new Screen(100, 20);
    const data = engine.histogram(histogramBars(100));
    drawHistogram(screen, { x: 0, y: 0, w: 100, h: 20 }, { data, selected: BASE + 60_000 }, true, monochromeTheme());
    const text = screen.lines().join('\n');
    assert.match(text, /Histogram · 1m a bar · UTC/);
    assert.match(text, /121 logs \(1 by arrival time\) · 2026-12-05 10:00 to 11:00 · peak 3 a bar/);
    assert.match(text, /╵10:00 +╵10:08/);
    assert.match(text, /10:01 – 10:02: 2 logs · 2 info/);
    assert.match(text, /█ error {2}▓ warn {2}▒ info/);
  });

  it('never throws and stays in its rectangle, for any counts at any size', () => {
    const counts = fc.array(fc.oneof(fc.nat(1000), fc.constantFrom(NaN, Infinity, -1, 1e308)), {
      minLength: 6,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(counts, { maxLength: 300 }),
        fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constantFrom(NaN, Infinity)),
        fc.constantFrom(1000, 60_000, 86_400_000, 5 * 86_400_000),
        fc.option(fc.integer(), { nil: undefined }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 40 }),
        (bars, start, spanMs, selected, w, h) => {
          const screen = new Screen(130, 45);
          const data = { start, spanMs, bars, total: bars.length, byArrival: bars.length % 3 };
          drawHistogram(screen, { x: 2, y: 1, w, h }, { data, selected }, false, defaultTheme());
          const lines = screen.lines();
          assert.ok(lines.every((l, y) => (y >= 1 && y < 1 + h) || l.trim() === ''));
          assert.doesNotMatch(lines.join('\n'), /NaN|undefined|Infinity/);
        },
      ),
    );
  });
});

describe('the detail view', () => {
  it('shows the time in UTC and in local time with its offset', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      const lines = detailLines(testLog('x', { time: BASE }), 80, defaultTheme()).map((l) => l.text);
      assert.ok(lines.includes('time     2026-12-05T10:00:00.000Z'), lines.join('\n'));
      assert.ok(lines.includes('local    2026-12-05 15:30:00.000 +05:30'), lines.join('\n'));
    } finally {
      process.env.TZ = previous;
    }
  });
});
