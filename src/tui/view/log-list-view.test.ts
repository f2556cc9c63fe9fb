import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogEngine } from '../../services/collector/engine.js';
import { SnapshotView } from '../state/snapshot-view.js';
import { initialModel, type Model } from '../state/model.js';
import { drawLogList } from './log-list-view.js';
import { escapeRegex } from '../state/search.js';
import { Screen } from './screen.js';
import { defaultTheme, type Theme } from './theme.js';

const log = (service: string, message: string): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000000', level: 'INFO', service, message });

function draw(messages: readonly string[], over: Partial<Model>, theme: Theme = defaultTheme()): Screen {
  const engine = new LogEngine(100, { now: () => 0 });
  for (const m of messages) engine.ingest(log('api-gateway', m));
  const model = {
    ...initialModel({ cols: 100, rows: 12, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
    listHeight: 8,
    ...over,
  };
  const view = new SnapshotView(engine.snapshot({ anchor: undefined, height: 8, margin: 8 }));
  const screen = new Screen(100, 10);
  drawLogList(screen, { x: 0, y: 0, w: 100, h: 10 }, model, view, theme);
  return screen;
}

/** Columns of row `y` drawn in the theme's search style. */
function searchColumns(screen: Screen, y: number, theme: Theme): number[] {
  const cols: number[] = [];
  for (let x = 0; x < screen.width; x++) if (screen.cell(x, y)?.style?.bg === theme.search.bg) cols.push(x);
  return cols;
}

describe('log list: search highlight', () => {
  it('draws a row matching a search that contains a hyphen, highlighting the literal text', () => {
    const theme = defaultTheme();
    const screen = draw(['routed by the api-gateway ok'], { search: 'api-gateway' }, theme);
    const row = screen.row(1);
    const at = row.indexOf('api-gateway ok');
    assert.ok(at > 0, row);
    // The row marker plus the eleven cells of the match in the message.
    assert.deepEqual(searchColumns(screen, 1, theme), [1, ...Array.from({ length: 11 }, (_, i) => at + i)]);
  });

  it('highlights plain searches with every character the plain-pattern rule lets through', () => {
    for (const search of ['a.b', 'x/y', 'k:v', 'a-b-c', 'under_score', 'two words']) {
      const theme = defaultTheme();
      const screen = draw([`before ${search} after`], { search }, theme);
      const at = screen.row(1).indexOf(`${search} after`);
      assert.ok(searchColumns(screen, 1, theme).includes(at), search);
    }
  });

  it('highlights case-sensitively when the search has upper-case letters (smart case)', () => {
    const theme = defaultTheme();
    const screen = draw(['Error and error'], { search: 'Error' }, theme);
    const row = screen.row(1);
    const cols = searchColumns(screen, 1, theme);
    assert.ok(cols.includes(row.indexOf('Error and')));
    assert.ok(!cols.includes(row.indexOf('error')));
  });
});

describe('escapeRegex', () => {
  it('gives, for any text, a Unicode-mode regex that matches exactly that text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom(...'\\^$.*+?()[]{}|/-,:=!<>#&~ aZ') }),
    );
    fc.assert(
      fc.property(text, (s) => {
        const re = new RegExp(`^${escapeRegex(s)}$`, 'u');
        assert.ok(re.test(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('log list: times', () => {
  const at = (iso: string, message: string): string =>
    JSON.stringify({ timestamp: iso, level: 'INFO', service: 'svc', message });

  function drawTimes(times: readonly string[], over: Partial<Model> = {}): string[] {
    const engine = new LogEngine(100, { now: () => 0 });
    times.forEach((t, i) => engine.ingest(at(t, `log ${i}`)));
    const model = {
      ...initialModel({ cols: 100, rows: 12, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
      listHeight: 8,
      ...over,
    };
    const view = new SnapshotView(engine.snapshot({ anchor: model.top, height: 8, margin: 8 }));
    const screen = new Screen(100, 10);
    drawLogList(screen, { x: 0, y: 0, w: 100, h: 10 }, model, view, defaultTheme());
    return screen.lines();
  }

  it('shows the date before the clock only while the rows on screen fall on more than one day', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      const oneDay = drawTimes(['2026-12-04T23:59:58Z', '2026-12-04T23:59:59Z']);
      assert.match(oneDay[1] ?? '', /^│23:59:59\.000 INFO /);
      const twoDays = drawTimes(['2026-12-04T23:59:59Z', '2026-12-05T00:00:01Z']);
      assert.match(twoDays[1] ?? '', /^│2026-12-05 00:00:01\.000 INFO /);
      assert.match(twoDays[2] ?? '', /^│2026-12-04 23:59:59\.000 INFO /);
      // Scrolled to a page of one day, the date goes again.
      const days = ['2026-12-04T10:00:00Z', ...Array.from({ length: 12 }, (_, i) => `2026-12-05T10:00:${10 + i}Z`)];
      assert.match(drawTimes(days)[1] ?? '', /^│10:00:21\.000 /);
    } finally {
      process.env.TZ = previous;
    }
  });

  it('shows times in UTC after T, whatever the local zone, and says so in the title', () => {
    const previous = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      assert.match(drawTimes(['2026-12-05T10:00:00Z'])[1] ?? '', /^│19:00:00\.000 /);
      const utc = drawTimes(['2026-12-05T10:00:00Z'], { utc: true });
      assert.match(utc[1] ?? '', /^│10:00:00\.000 /);
      assert.match(utc[0] ?? '', /following · UTC/);
      // 10:00 UTC on the 5th is the 5th in Tokyo too, but 23:00 UTC on the 4th is the 5th there.
      assert.match(drawTimes(['2026-12-04T23:00:00Z', '2026-12-05T10:00:00Z'])[1] ?? '', /^│19:00:00\.000 /);
      assert.match(
        drawTimes(['2026-12-04T23:00:00Z', '2026-12-05T10:00:00Z'], { utc: true })[1] ?? '',
        /^│2026-12-05 10:00:00\.000 /,
      );
    } finally {
      process.env.TZ = previous;
    }
  });
});
