import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { WindowStats } from '../../protocol/stats.js';
import { testLog } from '../../query/test-logs.js';
import { chartPoint } from '../state/chart-history.js';
import { initialModel, type Model } from '../state/model.js';
import { detailLines, drawDetail } from './detail-view.js';
import { drawFilter } from './filter-view.js';
import { Screen } from './screen.js';
import { sparkline } from './sparkline.js';
import { drawStats } from './stats-view.js';
import { drawStatus } from './status-view.js';
import { defaultTheme } from './theme.js';

const theme = defaultTheme();
const model = (over: Partial<Model> = {}): Model => ({
  ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
  ...over,
});

function window(over: Partial<WindowStats> = {}): WindowStats {
  return {
    window_start: '2026-11-28T11:00:00.000Z',
    window_end: '2026-11-28T11:00:01.000Z',
    total_count: 10,
    error_count: 1,
    top_service: 'auth-service',
    window_seconds: 1,
    levels: { trace: 0, debug: 2, info: 6, warn: 1, error: 1, fatal: 0 },
    error_rate: 0.1,
    services: [{ name: 'auth-service', count: 10, errors: 1 }],
    top_errors: [],
    latency_ms: { p50: 1, p95: 2, p99: 3, count: 10 },
    late_count: 0,
    plain_count: 0,
    missed_count: 0,
    ...over,
  };
}

function statsScreen(stats: WindowStats, history: WindowStats[] = [stats]): string {
  const screen = new Screen(60, 24);
  drawStats(
    screen,
    { x: 0, y: 0, w: 60, h: 24 },
    model({ stats: { 1: stats }, history: { 1: history.map(chartPoint) } }),
    theme,
  );
  return screen.lines().join('\n');
}

describe('statistics pane', () => {
  it('escapes line separators and controls in a window start it cannot read as a time', () => {
    const shown = statsScreen(window({ window_start: 'a\u2029b\x1b' }));
    assert.ok(shown.includes('a\\u{2029}b\\x1b'), shown);
  });

  it('shows numbers that are not numbers as a dash, and the window length the stats are filed under', () => {
    const odd = window({
      total_count: Number.NaN,
      error_rate: Number.NaN,
      window_seconds: Number.NaN,
      services: [{ name: 'svc', count: Number.NaN, errors: 0 }],
      latency_ms: { p50: Number.NaN, p95: Infinity, p99: -Infinity, count: 1 },
    });
    const shown = statsScreen(odd, [odd, window()]);
    assert.doesNotMatch(shown, /NaN|undefined|Infinity/);
    assert.match(shown, /logs per s ·/);
  });
});

describe('statistics charts', () => {
  it('use the whole width of a large pane, with the peak, the latest value and the time span', () => {
    const start = Date.parse('2026-11-28T11:00:00.000Z');
    const history = Array.from({ length: 600 }, (_, i) => ({
      start: start + i * 1000,
      total: i === 590 ? 500 : 100 + (i % 7),
      errorRate: i % 50 === 0 ? 0.25 : 0,
    }));
    const screen = new Screen(176, 40);
    const m = model({ stats: { 1: window() }, history: { 1: history }, statsPane: 'large' });
    drawStats(screen, { x: 0, y: 0, w: 176, h: 40 }, m, theme);
    const lines = screen.lines();
    const title = lines.findIndex((l) => l.includes('logs per s'));
    assert.match(lines[title] ?? '', /logs per s · peak 500 · now 104/);
    // Four rows of chart, a column per window: as many windows as fit inside the border.
    const chart = lines.slice(title + 1, title + 5).map((l) => l.slice(1, 175));
    assert.equal(chart[3]?.replace(/[▁▂▃▄▅▆▇█]/gu, '').length, 0, chart[3]);
    assert.match(lines[title + 5] ?? '', /^│-2m54s +now│$/);
    assert.match(lines[title + 6] ?? '', /error rate · peak 25\.0% · now 0\.0%/);
  });

  it('draw one row each in the normal pane, as wide as it is', () => {
    const history = Array.from({ length: 100 }, (_, i) => ({ start: i * 1000, total: i, errorRate: 0 }));
    const screen = new Screen(38, 30);
    drawStats(screen, { x: 0, y: 0, w: 38, h: 30 }, model({ stats: { 1: window() }, history: { 1: history } }), theme);
    const lines = screen.lines();
    const title = lines.findIndex((l) => l.includes('logs per s'));
    assert.equal([...(lines[title + 1] ?? '')].filter((c) => /[▁▂▃▄▅▆▇█]/u.test(c)).length, 36);
    assert.match(lines[title + 2] ?? '', /^│-36s +now│$/);
  });
});

describe('sparkline', () => {
  it('gives one block per value, at most `width`, for any numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer())), fc.integer({ min: -2, max: 80 }), (values, width) => {
        const line = sparkline(values, width);
        assert.equal([...line].length, Math.min(values.length, Math.max(0, width)));
        assert.match(line, /^[ ▁▂▃▄▅▆▇█]*$/u);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('status line', () => {
  it('escapes controls and separators in a notice', () => {
    const screen = new Screen(200, 1);
    drawStatus(
      screen,
      { x: 0, y: 0, w: 200, h: 1 },
      model({ notice: { text: 'no more matches for /a\u2028b\x1b]2;x\x07', kind: 'error', until: 10 } }),
      0,
      0,
      0,
      theme,
    );
    assert.ok(screen.row(0).includes('/a\\u{2028}b\\x1b]2;x\\x07'), screen.row(0));
  });
});

describe('detail view', () => {
  it('draws a record whose time no Date can hold, a NaN latency and fields JSON cannot write', () => {
    for (const time of [Number.NaN, Infinity, 8.64e15 + 1]) {
      const record = testLog('odd', {
        time,
        latencyMs: Number.NaN,
        fields: { big: 10n, deep: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) as unknown },
      });
      const screen = new Screen(80, 24);
      drawDetail(screen, { x: 0, y: 0, w: 80, h: 24 }, { seq: 1, record, scroll: 0 }, theme);
      const shown = screen.lines().join('\n');
      assert.match(shown, /time {5}invalid time/);
      assert.doesNotMatch(shown, /NaN|\[object /);
    }
    const lines = detailLines(testLog('big', { fields: { big: 10n } }), 60, theme).map((l) => l.text);
    assert.ok(
      lines.some((l) => l.includes('"big": "10"')),
      lines.join('\n'),
    );
  });
});

describe('filter box', () => {
  it('keeps the cursor on screen whatever the typed text and the cursor position', () => {
    const piece = fc.constantFrom(
      'a',
      '日',
      '😀',
      '\u0301',
      '\u{3fffe}',
      ' ',
      'e\u0301',
      '\u200b',
      '\t',
      'x'.repeat(50),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 12, max: 90 }),
        fc.constantFrom('editing' as const, 'search' as const),
        (pieces, at, width, mode) => {
          const draft = pieces.join('');
          const cursor = Math.min(at, draft.length);
          const screen = new Screen(width, 3);
          drawFilter(screen, { x: 0, y: 0, w: width, h: 3 }, model({ mode, draft, cursor }), 0, 0, theme);
          const row = Array.from({ length: width }, (_, x) => screen.cell(x, 1));
          assert.ok(
            row.some((c) => c?.style?.reverse === true),
            `no cursor in ${JSON.stringify(screen.row(1))}`,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
