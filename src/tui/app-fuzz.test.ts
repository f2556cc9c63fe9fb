import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HOSTILE_PAYLOADS } from '../../test/fixtures/hostile-payloads.js';
import type { BusStatus } from '../bus/bus.js';
import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import { isInputMode, MODES } from './keys/commands.js';
import type { Key } from './keys/key.js';
import { keysArb, logPayloadArb, ratesArb, recordArb, statsArb, statusArb, textArb } from './fuzz-arbitraries.js';
import { compileFilter } from '../query/filter.js';
import type { Rates } from './state/model.js';
import { selectedBar } from './state/histogram.js';
import { escapeRegex, LITERAL_NOTE } from './state/search.js';
import { selectedIndex, topIndex } from './state/navigation.js';
import { compileLiveQuery } from '../query/live-query.js';
import { TestApp } from './test-app.js';
import { nativePattern } from '../query/text-pattern.js';
import { defaultTheme, monochromeTheme, type Theme } from './view/theme.js';
import { DEFAULT_BINDINGS } from './keys/bindings.js';
import { helpViewport } from './view/help-view.js';
import { detailViewport } from './view/detail-view.js';

/*
 * Model-based test of the whole collector UI: random sessions of keys (through the real
 * keymap), pasted text, arriving logs (random and hostile), statistics with absurd numbers,
 * status changes and resizes, run through `update`, the real engine (filters and searches
 * are executed), the views and the DiffRenderer. Nothing may throw, and the model must stay
 * consistent. LOGSTREAM_FUZZ_RUNS sets the number of sessions (LOGSTREAM_FUZZ_SEED replays one).
 */

const RUNS = Number(process.env.LOGSTREAM_FUZZ_RUNS ?? 80);
const SEED = process.env.LOGSTREAM_FUZZ_SEED === undefined ? undefined : Number(process.env.LOGSTREAM_FUZZ_SEED);
const SIZES: readonly (readonly [number, number])[] = [
  [1, 1],
  [10, 5],
  [60, 15],
  [120, 32],
  [300, 80],
  [2, 3],
  [99, 24],
];
// The 10 MB message makes a session slow without reaching anything the 100 KB one does not.
const HOSTILE = HOSTILE_PAYLOADS.filter((p) => p.payload.length < 1_000_000).map((p) => p.payload);

type Step =
  | { type: 'keys'; keys: Key[] }
  | { type: 'paste'; text: string }
  | { type: 'logs'; payloads: (string | Buffer)[] }
  | { type: 'gap'; missed: number | undefined; downMs: number | undefined }
  | { type: 'stats'; windows: WindowStats[] }
  | { type: 'rates'; rates: Rates }
  | { type: 'status'; status: BusStatus }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'tick'; ms: number }
  | { type: 'record'; record: LogRecord | undefined }
  | { type: 'jump'; index: number | undefined }
  | { type: 'markFound'; index: number | undefined }
  | { type: 'notice'; text: string; kind: 'info' | 'error' };

const stepArb: fc.Arbitrary<Step & { fresh: boolean }> = fc
  .tuple(
    fc.oneof(
      { weight: 30, arbitrary: keysArb().map((keys): Step => ({ type: 'keys', keys })) },
      { weight: 2, arbitrary: textArb().map((text): Step => ({ type: 'paste', text })) },
      {
        weight: 4,
        arbitrary: fc
          .array(fc.oneof(logPayloadArb(), fc.constantFrom(...HOSTILE)), { minLength: 1, maxLength: 8 })
          .map((payloads): Step => ({ type: 'logs', payloads })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ missed: fc.option(fc.nat(), { nil: undefined }), downMs: fc.option(fc.nat(), { nil: undefined }) })
          .map((g): Step => ({ type: 'gap', ...g })),
      },
      {
        weight: 2,
        arbitrary: fc.array(statsArb(), { maxLength: 3 }).map((windows): Step => ({ type: 'stats', windows })),
      },
      { weight: 1, arbitrary: ratesArb().map((rates): Step => ({ type: 'rates', rates })) },
      { weight: 1, arbitrary: statusArb().map((status): Step => ({ type: 'status', status })) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(fc.constantFrom(...SIZES), fc.tuple(fc.nat(40), fc.nat(14)))
          .map(([cols, rows]): Step => ({ type: 'resize', cols, rows })),
      },
      {
        weight: 1,
        arbitrary: fc.option(recordArb(), { nil: undefined }).map((record): Step => ({ type: 'record', record })),
      },
      {
        weight: 1,
        arbitrary: fc
          .option(fc.integer({ min: -5, max: 300 }), { nil: undefined })
          .map((index): Step => ({ type: 'jump', index })),
      },
      {
        weight: 1,
        arbitrary: fc
          .option(fc.integer({ min: -5, max: 300 }), { nil: undefined })
          .map((index): Step => ({ type: 'markFound', index })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ text: textArb(), kind: fc.constantFrom('info' as const, 'error' as const) })
          .map((n): Step => ({ type: 'notice', ...n })),
      },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 5000 }).map((ms): Step => ({ type: 'tick', ms })) },
    ),
    // Usually (3 in 4) the app has a snapshot for the model's anchor; sometimes it is a frame behind.
    fc.nat(3).map((n) => n > 0),
  )
  .map(([step, fresh]) => ({ ...step, fresh }));

const sessionArb = fc.record({
  size: fc.constantFrom(...SIZES),
  capacity: fc.constantFrom(3, 20, 200),
  order: fc.constantFrom('newest-first' as const, 'oldest-first' as const),
  theme: fc.constantFrom('default' as const, 'monochrome' as const, 'highlights' as const),
  logs: fc.array(
    fc.oneof({ weight: 4, arbitrary: logPayloadArb() }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) }),
    { maxLength: 60 },
  ),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 120, size: 'max' }),
});

const THEMES: Record<'default' | 'monochrome' | 'highlights', () => Theme> = {
  default: defaultTheme,
  monochrome: monochromeTheme,
  highlights: highlightTheme,
};

/** Highlight rules like a config file's, including one that matches the empty string. */
function highlightTheme(): Theme {
  return {
    ...defaultTheme(),
    highlights: [
      { pattern: nativePattern(/\d+/gu), style: { bold: true } },
      { pattern: nativePattern(/x*/gu), style: { underline: true } },
      { pattern: nativePattern(/err(or)?|日本/giu), style: { fg: 'red' } },
    ],
  };
}

let keysDriven = 0;

type Session = typeof sessionArb extends fc.Arbitrary<infer T> ? T : never;

function runSession(session: Session): void {
  let clock = 1_764_327_600_000;
  const [cols, rows] = session.size;
  const app = new TestApp({
    cols,
    rows,
    capacity: session.capacity,
    order: session.order,
    theme: THEMES[session.theme](),
    now: () => clock,
  });
  for (const p of session.logs) app.ingest(p);
  app.refresh();
  app.draw();
  for (const step of session.steps) {
    switch (step.type) {
      case 'keys':
        for (const key of step.keys) {
          if (app.model.quitting) break;
          app.key(key);
          keysDriven++;
          checkTransition(app);
          if (step.fresh) app.refresh();
          app.draw();
        }
        break;
      case 'paste':
        app.dispatch({ type: 'insertText', text: step.text });
        break;
      case 'logs':
        for (const p of step.payloads) app.ingest(p);
        // The engine sends the results table of a pipeline (and the patterns) once a second while
        // logs arrive, and the histogram while its pane is open.
        app.sendResults();
        app.sendPatterns();
        app.sendHistogram();
        break;
      case 'gap':
        app.engine.markGap({ missed: step.missed, downMs: step.downMs });
        break;
      case 'stats':
        app.dispatch({ type: 'statsArrived', windows: step.windows });
        break;
      case 'rates':
        app.dispatch({ type: 'ratesUpdated', rates: step.rates });
        break;
      case 'status':
        app.dispatch({ type: 'statusChanged', status: step.status });
        break;
      case 'resize':
        app.resize(step.cols, step.rows);
        break;
      case 'tick':
        clock += step.ms;
        app.dispatch({ type: 'tick', now: clock });
        break;
      case 'record':
        // The detail view may get any record, even one the engine would not decode that way.
        if (app.model.detail !== undefined)
          app.dispatch({ type: 'recordArrived', seq: app.model.detail.seq, record: step.record });
        break;
      case 'jump':
        // A search result: a shown log, an evicted one, or none.
        app.dispatch({
          type: 'jumpTo',
          seq: step.index === undefined ? undefined : (app.view.seqAt(step.index) ?? step.index),
          now: clock,
        });
        break;
      case 'markFound':
        // A mark jump's answer: a shown log, an evicted one, or none.
        app.dispatch({
          type: 'markFound',
          seq: step.index === undefined ? undefined : (app.view.seqAt(step.index) ?? step.index),
          now: clock,
        });
        break;
      case 'notice':
        app.dispatch({ type: 'notice', text: step.text, kind: step.kind, now: clock });
        break;
    }
    if (app.model.quitting) {
      assert.ok(
        app.lastStep?.result.effects.some((e) => e.type === 'quit'),
        'quitting asks the app to quit',
      );
      return;
    }
    if (step.fresh) app.refresh();
    app.draw();
    checkModel(app);
    checkFrame(app);
  }
}

/** What must hold after any step. */
function checkModel(app: TestApp): void {
  const m = app.model;
  assert.ok(MODES.includes(m.mode), `mode ${m.mode}`);
  if (m.mode === 'patterns') assert.ok(m.patterns !== undefined, 'a patterns pane in the patterns view');
  if (m.patterns !== undefined) {
    const { rows, selected } = m.patterns;
    assert.ok(
      Number.isInteger(selected) && selected >= 0 && selected <= Math.max(0, rows.length - 1),
      `pattern row ${selected} of ${rows.length}`,
    );
    assert.equal(m.patterns.selectedId, rows[selected]?.id, 'the selection names its pattern');
  }
  // The results pane is open exactly while the query in force has a pipeline, and shows its table.
  assert.equal(
    m.mode === 'results' ||
      ((m.mode === 'editing' || m.mode === 'export') && m.results !== undefined) ||
      (m.mode === 'help' && m.help.from === 'results'),
    m.results !== undefined,
    'a results pane exactly in the results mode (or typing from it, or in its help)',
  );
  const live = compileLiveQuery(m.filter, m.levelMin);
  assert.ok(
    live.ok && (live.tableStage !== undefined) === (m.results !== undefined),
    `a pipeline in force exactly with a results pane: ${m.filter}`,
  );
  if (m.results !== undefined) {
    assert.equal(m.results.query, m.filter);
    assert.equal(app.engine.results()?.query, m.results.query, 'the engine computes the table the pane shows');
    const rows = m.results.table?.rows.length ?? 0;
    assert.ok(
      Number.isInteger(m.results.selected) && m.results.selected >= 0 && m.results.selected <= Math.max(0, rows - 1),
      `results row ${m.results.selected} of ${rows}`,
    );
  }
  assert.equal(
    m.mode === 'detail' || (m.mode === 'help' && m.help.from === 'detail'),
    m.detail !== undefined,
    'a detail record exactly in the detail view (or in its help)',
  );
  if (m.mode === 'help') {
    const { maxScroll } = helpViewport(DEFAULT_BINDINGS, m);
    assert.ok(Number.isInteger(m.help.scroll) && m.help.scroll >= 0 && m.help.scroll <= maxScroll, 'help scroll');
  }
  // The histogram's selected bar is one of its bars.
  const bars = m.histogram.data?.bars.length ?? 0;
  const bar = selectedBar(m.histogram);
  assert.ok(bars === 0 ? bar === undefined : bar !== undefined && bar >= 0 && bar < bars, `bar ${bar} of ${bars}`);
  assert.ok(
    Number.isInteger(m.cursor) && m.cursor >= 0 && m.cursor <= m.draft.length,
    `cursor ${m.cursor} in 0..${m.draft.length}`,
  );
  if (!isInputMode(m.mode)) assert.equal(m.inputError, undefined, 'no input error outside the text boxes');
  // Marks: ascending, each a log the buffer held at the last snapshot, so never more than it holds.
  const snap = app.view.snapshot;
  assert.ok(
    m.marks.every((seq, i) => Number.isInteger(seq) && (i === 0 || seq > m.marks[i - 1]!)),
    `marks ascending: ${m.marks.join(',')}`,
  );
  assert.ok((m.marks[0] ?? Infinity) >= snap.heldFrom, `marks from ${m.marks[0]}, buffer from ${snap.heldFrom}`);
  assert.ok(m.marks.length <= snap.capacity, `${m.marks.length} marks in a buffer of ${snap.capacity}`);
  assert.ok(Number.isInteger(m.listHeight) && m.listHeight >= 1, `list height ${m.listHeight}`);
  if (m.detail !== undefined) {
    const { maxScroll } = detailViewport(m);
    assert.ok(
      Number.isInteger(m.detail.scroll) && m.detail.scroll >= 0 && m.detail.scroll <= maxScroll,
      `detail scroll ${m.detail.scroll} of ${maxScroll}`,
    );
  }
  // The filter in force is valid and is the one the engine applies; the search is valid.
  assert.equal(
    app.engine.snapshot({ anchor: undefined, height: 1, margin: 0 }).filter,
    m.filter.trim(),
    'the engine applies the filter in force',
  );
  assert.ok(
    compileFilter(m.search, { ignoreCase: m.search === m.search.toLowerCase() }).ok,
    `search is valid: ${m.search}`,
  );
  const view = app.view;
  const sel = selectedIndex(m, view);
  const top = topIndex(m, view);
  assert.ok(sel >= -1 && sel < Math.max(1, view.size), `selection ${sel} in range of ${view.size}`);
  if (m.selected === undefined) assert.equal(sel, -1);
  assert.ok(top >= 0 && top <= Math.max(0, view.size - 1), `top ${top} in range of ${view.size}`);
}

/** What must hold after one key's transition. */
function checkTransition(app: TestApp): void {
  const step = app.lastStep;
  if (step === undefined) return;
  const { before, action, result, view } = step;
  const after = result.model;
  if (action.type !== 'command') return;
  if (before.mode === 'export') {
    // Naming a file changes nothing in force; Enter with a name asks for the export.
    assert.equal(after.filter, before.filter);
    if (action.command === 'applyInput' && after.mode === 'normal')
      assert.ok(
        result.effects.some((e) => e.type === 'exportList'),
        'Enter exports',
      );
  }
  // Enter on a readable time, or on a bar, asks the engine where to jump; an unreadable time says why.
  if (before.mode === 'time' && action.command === 'applyInput') {
    if (after.mode === 'normal')
      assert.ok(
        result.effects.some((e) => e.type === 'seekTime'),
        'Enter jumps',
      );
    else assert.notEqual(after.inputError, undefined, `an unreadable time says why: ${before.draft}`);
  }
  if (before.mode === 'histogram' && action.command === 'jumpToBar' && after.mode === 'normal')
    assert.ok(
      result.effects.some((e) => e.type === 'seekTime' && e.to !== undefined && e.to > e.from),
      'Enter on a bar jumps to its time',
    );
  if (before.mode === 'normal' && action.command === 'toggleMark' && after.notice === before.notice) {
    assert.equal(Math.abs(after.marks.length - before.marks.length), 1, 'm adds or removes one mark');
  }
  if (before.mode === 'editing' || before.mode === 'search') {
    const which = before.mode === 'editing' ? 'filter' : 'search';
    if (action.command === 'cancelInput') {
      assert.equal(after.mode, before.results !== undefined ? 'results' : 'normal');
      assert.equal(after[which], before[which], 'Esc leaves what was in force');
    } else if (action.command === 'applyInput') {
      if (after.mode === 'normal' || after.mode === 'results') {
        // A search that is not a regex is in force as its literal text, and the status says so.
        const literal = which === 'search' && after.notice?.text === LITERAL_NOTE;
        const typed = before.draft.trim();
        assert.equal(after[which], literal ? escapeRegex(typed) : typed, 'Enter puts the typed text in force');
      } else {
        assert.equal(after[which], before[which], 'a refused text leaves what was in force');
        assert.notEqual(after.inputError, undefined, 'a refused text says why');
      }
    } else if (action.command !== 'quit') assert.equal(after[which], before[which], 'editing changes nothing in force');
  }
  // Leaving the results pane goes back to the list with a filter and no pipeline.
  if (
    before.mode === 'results' &&
    (action.command === 'closeOverlay' || (action.command === 'filterByRow' && after.mode !== 'results'))
  ) {
    assert.equal(after.mode, 'normal');
    assert.equal(after.results, undefined);
    if (action.command === 'closeOverlay') assert.equal(after.filter, before.results?.filterText);
    else
      assert.ok(
        result.effects.some((e) => e.type === 'setFilter' && e.query === after.filter),
        `the row's filter is applied: ${after.filter}`,
      );
  }
  // Enter in the patterns view filters the list to the selected pattern; Esc leaves the filter.
  if (before.mode === 'patterns' && (action.command === 'filterByRow' || action.command === 'closeOverlay')) {
    const row = before.patterns?.rows[before.patterns.selected];
    if (action.command === 'filterByRow' && row !== undefined) {
      assert.equal(after.filter, `pattern:${row.id}`);
      assert.equal(after.mode, 'normal');
    }
    if (action.command === 'closeOverlay') assert.equal(after.filter, before.filter);
    if (after.mode === 'normal')
      assert.ok(
        result.effects.some((e) => e.type === 'watchPatterns' && !e.watch),
        'leaving the view stops its updates',
      );
  }
  // After a move in the list, the selection is on screen (when the snapshot knows its row).
  const moves = [
    'selectOlder',
    'selectNewer',
    'halfPageDown',
    'halfPageUp',
    'pageDown',
    'pageUp',
    'wheelDown',
    'wheelUp',
  ];
  if (before.mode === 'normal' && moves.includes(action.command) && after.selected !== undefined) {
    const sel = selectedIndex(after, view);
    const top = topIndex(after, view);
    if (sel >= 0 && view.seqAt(sel) === after.selected)
      assert.ok(
        sel >= top && sel < top + after.listHeight,
        `selection ${sel} shown in rows ${top}..${top + after.listHeight - 1}`,
      );
  }
}

// Bytes a frame may hold besides text: ESC [ params final, for cursor moves, SGR, clear and synchronized output.
const FRAME_CONTROL = /\x1b\[[0-9;?]*[HmCJhl]/g;
// Nothing that moves the cursor, reorders text or breaks the layout may come from log text.
const UNSAFE_IN_FRAME = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

/** The terminal output of a frame carries only the renderer's own control sequences. */
function checkFrame(app: TestApp): void {
  const frame = app.lastFrame;
  if (frame === undefined) return;
  const text = frame.toString('utf8').replace(FRAME_CONTROL, '');
  const bad = UNSAFE_IN_FRAME.exec(text);
  assert.equal(bad, null, `control or reordering character U+${bad?.[0].codePointAt(0)?.toString(16)} in a frame`);
  // Numbers and texts the views format never come out as JavaScript's placeholders.
  const shown = app.screen.lines().join('\n');
  assert.doesNotMatch(shown, /undefined|NaN|\[object /, 'a placeholder on screen');
  // While typing, the cursor is on screen, however long or wide the text.
  if (isInputMode(app.model.mode) && app.screen.width >= 20 && app.screen.height >= 3) {
    const row = Array.from({ length: app.screen.width }, (_, x) => app.screen.cell(x, 1));
    assert.ok(
      row.some((c) => c?.style?.reverse === true),
      `cursor shown in the input row: ${app.screen.row(1)}`,
    );
  }
  // A wide character's right half ('') always follows the character.
  const { chars } = app.screen;
  for (let i = 0; i < chars.length; i++)
    if (chars[i] === '') assert.ok(i % app.screen.width > 0 && chars[i - 1] !== '', `orphan wide half at ${i}`);
}

describe('collector UI under random sessions', () => {
  it('never throws and keeps the model consistent, over random keys, text, logs, statistics and sizes', () => {
    const started = Date.now();
    keysDriven = 0;
    fc.assert(fc.property(sessionArb, runSession), {
      numRuns: RUNS,
      includeErrorInReport: true,
      ...(SEED !== undefined ? { seed: SEED } : {}),
    });
    if (process.env.LOGSTREAM_FUZZ_RUNS !== undefined)
      console.log(`fuzz: ${RUNS} sessions, ${keysDriven} keys, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
