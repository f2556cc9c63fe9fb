import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogEngine } from '../../services/collector/engine.js';
import { SnapshotView } from '../state/snapshot-view.js';
import type { WindowStats } from '../../protocol/stats.js';
import { DEFAULT_BINDINGS } from '../keys/bindings.js';
import { initialModel, type Model } from '../state/model.js';
import { openPatterns, patternsArrived, patternsCommand } from '../state/patterns.js';
import { paneFor } from '../state/results.js';
import { compileLiveQuery } from '../../query/live-query.js';
import { drawApp } from './app-view.js';
import { computeLayout, listRows } from './layout.js';
import { Screen } from './screen.js';
import { monochromeTheme } from './theme.js';

// Snapshots are text: the screen buffer's rows. UPDATE_SNAPSHOTS=1 rewrites them.
process.env.TZ = 'UTC';
const SNAPSHOTS = join(projectRoot(), 'src/tui/view/snapshots/');

// The same snapshot files whether the test runs from src/ (tsx) or from dist/.
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const BASE = Date.UTC(2026, 10, 28, 11, 0, 0);

function engineWithLogs(): LogEngine {
  const engine = new LogEngine(1000, { now: () => BASE });
  const levels = ['INFO', 'DEBUG', 'WARN', 'ERROR', 'INFO', 'FATAL'];
  const services = ['auth-service', 'payment-service', 'notification-service', 'api-gateway'];
  for (let i = 0; i < 40; i++) {
    const ts = new Date(BASE + i * 137).toISOString().replace('Z', '');
    const message =
      i === 7
        ? '通知を送信しました 📨 user 42'
        : i === 11
          ? 'colour \x1b[31mred\x1b[0m escaped'
          : `request ${i} handled in ${i * 3} ms`;
    engine.ingest(
      JSON.stringify({
        timestamp: ts,
        level: levels[i % levels.length],
        service: services[i % services.length],
        message,
        latency_ms: i * 3,
        trace_id: `t-${i}`,
      }),
    );
  }
  return engine;
}

function stats(): WindowStats {
  return {
    window_start: new Date(BASE).toISOString(),
    window_end: new Date(BASE + 1000).toISOString(),
    total_count: 40,
    error_count: 13,
    top_service: 'auth-service',
    window_seconds: 1,
    levels: { trace: 0, debug: 7, info: 14, warn: 6, error: 7, fatal: 6 },
    error_rate: 0.325,
    services: [
      { name: 'auth-service', count: 10, errors: 3 },
      { name: 'payment-service', count: 10, errors: 4 },
    ],
    top_errors: [
      {
        pattern: 'request <num> handled in <num> ms',
        count: 13,
        service: 'api-gateway',
        example: 'request 3 handled in 9 ms',
      },
    ],
    latency_ms: { p50: 60.2, p95: 110.8, p99: 117.3, count: 40 },
    late_count: 0,
    plain_count: 0,
    missed_count: 0,
  };
}

function render(cols: number, rows: number, tweak: (m: Model) => Model = (m) => m): string {
  const engine = engineWithLogs();
  let model = initialModel({
    cols,
    rows,
    source: { label: 'redis://127.0.0.1:6379', status: { state: 'ready', since: BASE } },
  });
  model = {
    ...model,
    listHeight: listRows(computeLayout(cols, rows)),
    stats: { 1: stats() },
    history: {
      1: [10, 25, 40, 32, 18, 40].map((n, i) => ({ start: BASE - (5 - i) * 1000, total: n, errorRate: n / 100 })),
    },
  };
  model = tweak(model);
  const view = new SnapshotView(
    engine.snapshot({ anchor: model.top, height: model.listHeight, margin: model.listHeight }),
  );
  const screen = new Screen(cols, rows);
  drawApp(screen, model, view, monochromeTheme(), BASE + 5000, DEFAULT_BINDINGS);
  return `${screen.lines().join('\n')}\n`;
}

function matchSnapshot(name: string, text: string): void {
  const file = `${SNAPSHOTS}${name}.txt`;
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

describe('screen snapshots', () => {
  for (const [cols, rows] of [
    [120, 32],
    [60, 15],
  ] as const) {
    it(`draws the main screen at ${cols}x${rows}`, () => matchSnapshot(`main-${cols}x${rows}`, render(cols, rows)));
    it(`draws the help overlay at ${cols}x${rows}`, () =>
      matchSnapshot(
        `help-${cols}x${rows}`,
        render(cols, rows, (m) => ({ ...m, mode: 'help' })),
      ));
    it(`draws the detail view at ${cols}x${rows}`, () => {
      const engine = engineWithLogs();
      const record = engine.record(7);
      matchSnapshot(
        `detail-${cols}x${rows}`,
        render(cols, rows, (m) => ({
          ...m,
          mode: 'detail',
          selected: 7,
          top: 39,
          detail: { seq: 7, record, scroll: 0 },
        })),
      );
    });
    it(`draws the enlarged statistics pane at ${cols}x${rows}`, () =>
      matchSnapshot(
        `stats-large-${cols}x${rows}`,
        render(cols, rows, (m) => ({ ...m, statsPane: 'large' })),
      ));
  }

  /** The model with the results pane of `query` over the test logs, its row `selected` chosen. */
  const withResults =
    (query: string, selected: number) =>
    (m: Model): Model => {
      const engine = engineWithLogs();
      assert.equal(engine.setFilter(query), undefined);
      const compiled = compileLiveQuery(query, undefined);
      assert.ok(compiled.ok);
      const pane = paneFor(query, compiled);
      const results = engine.results();
      assert.ok(pane !== undefined && results !== undefined);
      return {
        ...m,
        mode: 'results',
        filter: query,
        results: { ...pane, table: results.table, totalRows: results.totalRows, selected },
      };
    };

  for (const [cols, rows] of [
    [120, 32],
    [60, 15],
  ] as const) {
    it(`draws the results pane of stats with bars at ${cols}x${rows}`, () =>
      matchSnapshot(
        `results-${cols}x${rows}`,
        render(
          cols,
          rows,
          withResults('level:info+ | stats count, avg(latency_ms), p99(latency_ms) as p99 by service', 1),
        ),
      ));
  }
  it('draws the results pane of a time chart with a sparkline per group at 120x32', () =>
    matchSnapshot(
      'results-timechart-120x32',
      render(120, 32, withResults('| timechart span=500ms count by level', 3)),
    ));

  for (const [cols, rows] of [
    [120, 32],
    [60, 15],
  ] as const) {
    it(`draws the patterns view, sorted by count, at ${cols}x${rows}`, () =>
      matchSnapshot(
        `patterns-${cols}x${rows}`,
        render(cols, rows, (m) => {
          const engine = engineWithLogs();
          engine.startPatterns();
          const snapshot = engine.patternsSnapshot();
          assert.ok(snapshot !== undefined);
          return patternsArrived(patternsCommand(openPatterns(m).model, 'selectOlder').model, snapshot);
        }),
      ));
  }
  it('draws the histogram pane with a bar selected at 120x32', () =>
    matchSnapshot(
      'histogram-120x32',
      render(120, 32, (m) => ({
        ...m,
        mode: 'histogram',
        histogram: { data: engineWithLogs().histogram(118), selected: BASE + 2_000 },
      })),
    ));

  it('draws a selection, a paused list and the filter input', () => {
    matchSnapshot(
      'paused-editing-100x24',
      render(100, 24, (m) => ({ ...m, selected: 35, top: 37, mode: 'editing', draft: 'level:warn+ pay', cursor: 15 })),
    );
  });
});
