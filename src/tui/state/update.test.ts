import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from '../keys/commands.js';
import type { Action } from './actions.js';
import { LogEngine } from '../../services/collector/engine.js';
import { SnapshotView } from './snapshot-view.js';
import { RecordBuffer } from '../../services/collector/test-records.js';
import { HISTORY_LENGTH, initialModel, type Model } from './model.js';
import { testLog } from '../../query/test-logs.js';
import { selectedIndex, topIndex, update, type UpdateResult } from './update.js';

function setup(
  n: number,
  listHeight = 5,
): { store: RecordBuffer; model: Model; run: (m: Model, a: Action) => UpdateResult } {
  const store = new RecordBuffer(1000);
  for (let i = 0; i < n; i++) store.add(testLog(`log ${i}`, { level: i % 10 === 0 ? 'error' : 'info' }));
  const model = {
    ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
    listHeight,
  };
  return { store, model, run: (m, a) => update(m, a, { view: store }) };
}

const cmd = (command: Command): Action => ({ type: 'command', command, now: 1000 });

function press(run: (m: Model, a: Action) => UpdateResult, model: Model, ...commands: Command[]): Model {
  return commands.reduce((m, c) => run(m, cmd(c)).model, model);
}

describe('update: selection and following (j/k/Esc/p/g/G)', () => {
  it('selects the newest log on the first j, then moves to older ones', () => {
    const { store, model, run } = setup(10);
    let m = press(run, model, 'selectOlder');
    assert.equal(m.selected, 9);
    m = press(run, m, 'selectOlder', 'selectOlder');
    assert.equal(m.selected, 7);
    assert.equal(selectedIndex(m, store), 2);
  });

  it('moves back up with k and stops at the newest', () => {
    const { model, run } = setup(10);
    assert.equal(
      press(run, model, 'selectOlder', 'selectOlder', 'selectNewer', 'selectNewer', 'selectNewer').selected,
      9,
    );
  });

  it('stops at the oldest log', () => {
    const { model, run } = setup(3);
    assert.equal(press(run, model, 'selectOlder', 'selectOlder', 'selectOlder', 'selectOlder').selected, 0);
  });

  it('keeps the same log selected and the view still while new logs arrive', () => {
    const { store, model, run } = setup(10);
    const m = press(run, model, 'selectOlder', 'selectOlder');
    for (let i = 0; i < 3; i++) store.add(testLog('new'));
    assert.equal(m.selected, 8);
    assert.equal(selectedIndex(m, store), 4);
    assert.equal(topIndex(m, store), 3);
    assert.equal(store.row(m.selected)?.message, 'log 8');
    void run;
  });

  it('follows again after Esc or G', () => {
    const { store, model, run } = setup(10);
    for (const c of ['clearSelection', 'goNewest'] as const) {
      const m = press(run, model, 'selectOlder', c);
      store.add(testLog('new'));
      assert.equal(m.selected, undefined);
      assert.equal(m.top, undefined);
      assert.equal(topIndex(m, store), 0);
    }
  });

  it('pauses and resumes with p without selecting anything', () => {
    const { store, model, run } = setup(10);
    const paused = press(run, model, 'togglePause');
    assert.equal(paused.top, 9);
    assert.equal(paused.selected, undefined);
    store.add(testLog('new'));
    assert.equal(topIndex(paused, store), 1);
    assert.equal(press(run, paused, 'togglePause').top, undefined);
  });

  it('goes to the oldest log with g, keeping the list full', () => {
    const { store, model, run } = setup(20, 5);
    const m = press(run, model, 'goOldest');
    assert.equal(m.selected, 0);
    assert.equal(topIndex(m, store), 15);
  });

  it('scrolls so the selection stays inside the list', () => {
    const { store, model, run } = setup(20, 5);
    const m = press(run, model, ...Array<Command>(8).fill('selectOlder'));
    assert.equal(selectedIndex(m, store), 7);
    assert.equal(topIndex(m, store), 3);
    assert.equal(topIndex(press(run, m, ...Array<Command>(6).fill('selectNewer')), store), 1);
  });

  it('moves by half and whole pages, and by three rows for the mouse wheel', () => {
    const { store, model, run } = setup(50, 10);
    let m = press(run, model, 'selectOlder', 'halfPageDown');
    assert.equal(selectedIndex(m, store), 5);
    m = press(run, m, 'pageDown');
    assert.equal(selectedIndex(m, store), 15);
    m = press(run, m, 'pageUp', 'halfPageUp');
    assert.equal(selectedIndex(m, store), 0);
    m = press(run, m, 'wheelDown');
    assert.equal(selectedIndex(m, store), 3);
    assert.equal(selectedIndex(press(run, m, 'wheelUp'), store), 0);
  });

  it('swaps the direction of j/k when the oldest log is at the top', () => {
    const { store, model, run } = setup(10);
    const m = press(run, { ...model, order: 'oldest-first' }, 'selectOlder', 'selectNewer');
    assert.equal(selectedIndex(m, store), 1);
  });

  it('keeps the selection on screen when the list gets shorter', () => {
    const { store, model, run } = setup(20, 10);
    const m = run(press(run, model, ...Array<Command>(8).fill('selectOlder')), {
      type: 'resized',
      cols: 80,
      rows: 8,
      listHeight: 3,
    }).model;
    const sel = selectedIndex(m, store);
    assert.equal(sel, 7);
    assert.ok(sel >= topIndex(m, store) && sel < topIndex(m, store) + 3, `selection ${sel}, top ${topIndex(m, store)}`);
  });

  it('moves a selection left off screen (by a filter change) once the snapshot holds the rows around it', () => {
    const engine = new LogEngine(100, { now: () => 0 });
    for (let i = 0; i < 40; i++) engine.ingest(JSON.stringify({ level: 'info', service: 'svc', message: `log ${i}` }));
    const snapshot = (m: Model): SnapshotView =>
      new SnapshotView(engine.snapshot({ anchor: m.top, height: m.listHeight, margin: m.listHeight }));
    // The selection (index 2) is far above the top row (index 20): the snapshot around the top lacks its neighbours.
    let m: Model = { ...setup(0, 5).model, selected: 37, top: 19 };
    for (let i = 0; i < 2; i++) m = update(m, cmd('selectNewer'), { view: snapshot(m) }).model;
    assert.equal(m.selected, 38);
    const view = snapshot(m);
    assert.ok(selectedIndex(m, view) >= topIndex(m, view) && selectedIndex(m, view) < topIndex(m, view) + 5);
  });

  it('does nothing on an empty list', () => {
    const { model, run } = setup(0);
    assert.equal(press(run, model, 'selectOlder').selected, undefined);
  });
});

describe('update: filter and search boxes (i, /, Enter, Esc, history)', () => {
  it('enters editing with the current filter, types, and applies on Enter', () => {
    const { model, run } = setup(3);
    let m = press(run, model, 'editFilter');
    assert.equal(m.mode, 'editing');
    m = run(m, { type: 'insertText', text: 'level:warn+ service:auth timeout' }).model;
    const r = run(m, cmd('applyInput'));
    assert.equal(r.model.mode, 'normal');
    assert.equal(r.model.filter, 'level:warn+ service:auth timeout');
    assert.deepEqual(r.effects, [
      { type: 'setFilter', query: 'level:warn+ service:auth timeout', levelMin: undefined },
    ]);
  });

  it('keeps the previous filter and shows the error when the query is invalid', () => {
    const { model, run } = setup(3);
    for (const bad of ['(', 'level:loud']) {
      let m = press(run, { ...model, filter: 'auth' }, 'editFilter', 'deleteToStart');
      m = run(m, { type: 'insertText', text: bad }).model;
      const r = run(m, cmd('applyInput'));
      assert.equal(r.model.mode, 'editing');
      assert.equal(r.model.filter, 'auth');
      assert.ok(r.model.inputError !== undefined);
      assert.deepEqual(r.effects, []);
    }
  });

  it('cancels an edit with Esc and keeps the filter in force', () => {
    const { model, run } = setup(3);
    let m = press(run, { ...model, filter: 'auth' }, 'editFilter');
    m = run(m, { type: 'insertText', text: 'xyz' }).model;
    m = press(run, m, 'cancelInput');
    assert.equal(m.mode, 'normal');
    assert.equal(m.filter, 'auth');
  });

  it('recalls earlier filters with up and down', () => {
    const { model, run } = setup(3);
    let m = model;
    for (const f of ['one', 'two']) {
      m = press(run, m, 'editFilter', 'deleteToStart');
      m = run(m, { type: 'insertText', text: f }).model;
      m = press(run, m, 'applyInput');
    }
    m = press(run, m, 'editFilter', 'deleteToStart', 'historyPrev');
    assert.equal(m.draft, 'two');
    m = press(run, m, 'historyPrev');
    assert.equal(m.draft, 'one');
    m = press(run, m, 'historyNext');
    assert.equal(m.draft, 'two');
    m = press(run, m, 'historyNext');
    assert.equal(m.draft, '');
  });

  it('edits at the cursor: left, insert, home, end, delete word, delete to start', () => {
    const { model, run } = setup(0);
    let m = press(run, model, 'editFilter');
    m = run(m, { type: 'insertText', text: 'foo bar' }).model;
    m = press(run, m, 'cursorLeft', 'cursorLeft', 'cursorLeft');
    m = run(m, { type: 'insertText', text: 'X' }).model;
    assert.equal(m.draft, 'foo Xbar');
    m = press(run, m, 'cursorEnd', 'deleteWord', 'deleteBackward');
    assert.equal(m.draft, 'foo');
    m = press(run, m, 'cursorHome');
    m = run(m, { type: 'insertText', text: '^' }).model;
    assert.equal(m.draft, '^foo');
    assert.equal(press(run, m, 'cursorEnd', 'deleteToStart').draft, '');
  });

  it('searches with / and jumps with n/N without filtering', () => {
    const { model, run } = setup(10);
    let m = press(run, model, 'startSearch');
    assert.equal(m.mode, 'search');
    m = run(m, { type: 'insertText', text: 'log 3' }).model;
    const r = run(m, cmd('applyInput'));
    assert.equal(r.model.search, 'log 3');
    assert.equal(r.model.filter, '');
    assert.deepEqual(r.effects, [{ type: 'find', pattern: 'log 3', fromSeq: undefined, direction: 'older' }]);
    m = run(r.model, { type: 'jumpTo', seq: 3, now: 0 }).model;
    assert.equal(m.selected, 3);
    assert.deepEqual(run(m, cmd('searchNext')).effects, [
      { type: 'find', pattern: 'log 3', fromSeq: 3, direction: 'older' },
    ]);
    assert.deepEqual(run(m, cmd('searchPrev')).effects, [
      { type: 'find', pattern: 'log 3', fromSeq: 3, direction: 'newer' },
    ]);
    assert.match(run(m, { type: 'jumpTo', seq: undefined, now: 0 }).model.notice?.text ?? '', /no more matches/);
  });

  it('ignores typed text outside the input boxes', () => {
    const { model, run } = setup(0);
    assert.equal(run(model, { type: 'insertText', text: 'x' }).model, model);
  });
});

describe('update: levels, overlays, copy, stats, quit', () => {
  it('shows only errors with 1, warnings and above with 2, and everything with 5', () => {
    const { model, run } = setup(3);
    const r = run(model, cmd('levelErrors'));
    assert.equal(r.model.levelMin, 'error');
    assert.deepEqual(r.effects, [{ type: 'setFilter', query: '', levelMin: 'error' }]);
    assert.equal(run(model, cmd('levelWarn')).model.levelMin, 'warn');
    assert.equal(run(model, cmd('levelInfo')).model.levelMin, 'info');
    assert.equal(run(model, cmd('levelDebug')).model.levelMin, 'debug');
    assert.equal(run(r.model, cmd('levelAll')).model.levelMin, undefined);
  });

  it('opens the selected log in the detail view and scrolls it', () => {
    const { model, run } = setup(3);
    const r = run(press(run, model, 'selectOlder'), cmd('openDetail'));
    assert.equal(r.model.mode, 'detail');
    assert.deepEqual(r.effects, [{ type: 'fetchRecord', seq: 2 }]);
    let m = run(r.model, { type: 'recordArrived', seq: 2, record: testLog('log 2') }).model;
    assert.equal(m.detail?.record?.message, 'log 2');
    m = press(run, m, 'selectOlder', 'selectOlder', 'selectNewer');
    assert.equal(m.detail?.scroll, 1);
    assert.equal(press(run, m, 'goOldest').detail?.scroll, 0);
    assert.deepEqual(run(m, cmd('copyJson')).effects, [{ type: 'copy', seq: 2, what: 'json' }]);
    m = press(run, m, 'closeOverlay');
    assert.equal(m.mode, 'normal');
    assert.equal(m.detail, undefined);
  });

  it('needs a selection before opening the detail view or copying', () => {
    const { model, run } = setup(3);
    for (const c of ['openDetail', 'copyMessage', 'copyJson'] as const) {
      const r = run(model, cmd(c));
      assert.deepEqual(r.effects, []);
      assert.equal(r.model.notice?.kind, 'error');
    }
  });

  it('asks to copy the message with c and the whole log with C/y', () => {
    const { model, run } = setup(3);
    const m = press(run, model, 'selectOlder');
    assert.deepEqual(run(m, cmd('copyMessage')).effects, [{ type: 'copy', seq: 2, what: 'message' }]);
    assert.deepEqual(run(m, cmd('copyJson')).effects, [{ type: 'copy', seq: 2, what: 'json' }]);
  });

  it('opens and closes the help overlay', () => {
    const { model, run } = setup(0);
    const m = press(run, model, 'showHelp');
    assert.equal(m.mode, 'help');
    assert.equal(press(run, m, 'closeOverlay').mode, 'normal');
  });

  it('cycles the statistics pane and the window length', () => {
    const { model, run } = setup(0);
    assert.deepEqual(
      [1, 2, 3].map((n) => press(run, model, ...Array<Command>(n).fill('toggleStats')).statsPane),
      ['large', 'hidden', 'normal'],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => press(run, model, ...Array<Command>(n).fill('cycleWindow')).windowSeconds),
      [10, 60, 1],
    );
  });

  it('leaves the window length alone and says why where the statistics count the shown logs', () => {
    const { model, run } = setup(0);
    const m = press(run, { ...model, statsOf: 'shown-logs' }, 'cycleWindow');
    assert.equal(m.windowSeconds, model.windowSeconds);
    assert.match(m.notice?.text ?? '', /w does not apply in view/);
  });

  it('keeps the latest window per length and a bounded history', () => {
    const { model, run } = setup(0);
    const w = (i: number, seconds = 1) => ({
      window_start: new Date(i * 1000).toISOString(),
      window_end: new Date(i * 1000 + seconds * 1000).toISOString(),
      total_count: i,
      error_count: 0,
      top_service: null,
      window_seconds: seconds,
      levels: { trace: 0, debug: 0, info: i, warn: 0, error: 0, fatal: 0 },
      error_rate: 0,
      services: [],
      top_errors: [],
      latency_ms: null,
      late_count: 0,
      plain_count: 0,
      missed_count: 0,
    });
    let m = model;
    for (let i = 0; i < HISTORY_LENGTH + 10; i++) m = run(m, { type: 'statsArrived', windows: [w(i)] }).model;
    m = run(m, { type: 'statsArrived', windows: [w(7, 10)] }).model;
    assert.equal(m.stats[1]?.total_count, HISTORY_LENGTH + 9);
    assert.equal(m.history[1]?.length, HISTORY_LENGTH);
    assert.deepEqual(m.history[1]?.[0], { start: 10_000, total: 10, errorRate: 0 });
    // At least ten minutes of one-second windows.
    assert.ok(HISTORY_LENGTH >= 600);
    assert.equal(m.stats[10]?.total_count, 7);
  });

  it('clears a notice once its time is up', () => {
    const { model, run } = setup(3);
    const m = run(model, cmd('copyMessage')).model;
    assert.ok(run(m, { type: 'tick', now: 2000 }).model.notice !== undefined);
    assert.equal(run(m, { type: 'tick', now: 10_000 }).model.notice, undefined);
  });

  it('quits on q from any mode that has it', () => {
    const { model, run } = setup(0);
    const r = run(model, cmd('quit'));
    assert.equal(r.model.quitting, true);
    assert.deepEqual(r.effects, [{ type: 'quit' }]);
  });
});
