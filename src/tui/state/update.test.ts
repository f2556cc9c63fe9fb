import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from '../keys/commands.js';
import type { Action } from './actions.js';
import { LogStore } from './log-store.js';
import { initialModel, type Model } from './model.js';
import { testLog } from './test-logs.js';
import { selectedIndex, topIndex, update, type UpdateResult } from './update.js';

function setup(n: number, listHeight = 5): { store: LogStore; model: Model; run: (m: Model, a: Action) => UpdateResult } {
  const store = new LogStore(1000);
  for (let i = 0; i < n; i++) store.push(testLog(`log ${i}`));
  const model = { ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }), listHeight };
  const ctx = { view: store };
  return { store, model, run: (m, a) => update(m, a, ctx) };
}

const cmd = (command: Command): Action => ({ type: 'command', command, now: 1000 });

function press(run: (m: Model, a: Action) => UpdateResult, model: Model, ...commands: Command[]): Model {
  return commands.reduce((m, c) => run(m, cmd(c)).model, model);
}

describe('update: selection (j/k/Esc)', () => {
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
    const m = press(run, model, 'selectOlder', 'selectOlder', 'selectNewer', 'selectNewer', 'selectNewer');
    assert.equal(m.selected, 9);
  });

  it('stops at the oldest log', () => {
    const { model, run } = setup(3);
    const m = press(run, model, 'selectOlder', 'selectOlder', 'selectOlder', 'selectOlder', 'selectOlder');
    assert.equal(m.selected, 0);
  });

  it('keeps the same log selected while new logs arrive', () => {
    const { store, model, run } = setup(10);
    const m = press(run, model, 'selectOlder', 'selectOlder');
    for (let i = 0; i < 3; i++) store.push(testLog('new'));
    const after = run(m, { type: 'logsArrived' }).model;
    assert.equal(after.selected, 8);
    assert.equal(selectedIndex(after, store), 4);
    assert.equal(store.get(after.selected)?.message, 'log 8');
  });

  it('pins the view while a log is selected and follows again after Esc', () => {
    const { store, model, run } = setup(10);
    const m = press(run, model, 'selectOlder');
    store.push(testLog('new'));
    assert.equal(topIndex(m, store), 1);
    const cleared = press(run, m, 'clearSelection');
    assert.equal(cleared.selected, undefined);
    assert.equal(cleared.top, undefined);
    assert.equal(topIndex(cleared, store), 0);
  });

  it('scrolls so the selection stays inside the list', () => {
    const { store, model, run } = setup(20, 5);
    const m = press(run, model, ...Array<Command>(8).fill('selectOlder'));
    assert.equal(selectedIndex(m, store), 7);
    assert.equal(topIndex(m, store), 3);
    const up = press(run, m, ...Array<Command>(6).fill('selectNewer'));
    assert.equal(topIndex(up, store), 1);
  });

  it('does nothing on an empty list', () => {
    const { model, run } = setup(0);
    assert.equal(press(run, model, 'selectOlder').selected, undefined);
  });
});

describe('update: filter editing (i/Enter/Esc)', () => {
  it('enters editing with the current filter, types, and applies on Enter', () => {
    const { model, run } = setup(3);
    let m = press(run, model, 'editFilter');
    assert.equal(m.mode, 'editing');
    m = run(m, { type: 'insertText', text: 'ERROR' }).model;
    const r = run(m, cmd('applyFilter'));
    assert.equal(r.model.mode, 'normal');
    assert.equal(r.model.filter, 'ERROR');
    assert.deepEqual(r.effects, [{ type: 'setFilter', pattern: 'ERROR' }]);
  });

  it('keeps the previous filter and shows the error when the regex is invalid', () => {
    const { model, run } = setup(3);
    let m = { ...model, filter: 'auth' };
    m = press(run, m, 'editFilter');
    m = run(m, { type: 'insertText', text: '(' }).model;
    const r = run(m, cmd('applyFilter'));
    assert.equal(r.model.mode, 'editing');
    assert.equal(r.model.filter, 'auth');
    assert.ok(r.model.filterError !== undefined);
    assert.deepEqual(r.effects, []);
  });

  it('cancels an edit with Esc and restores the filter in force', () => {
    const { model, run } = setup(3);
    let m = press(run, { ...model, filter: 'auth' }, 'editFilter');
    m = run(m, { type: 'insertText', text: 'xyz' }).model;
    m = press(run, m, 'cancelFilter');
    assert.equal(m.mode, 'normal');
    assert.equal(m.filter, 'auth');
    assert.equal(m.draft, 'auth');
  });

  it('edits at the cursor: left, insert, home, end, delete word, delete to start', () => {
    const { model, run } = setup(0);
    let m = press(run, model, 'editFilter');
    m = run(m, { type: 'insertText', text: 'foo bar' }).model;
    m = press(run, m, 'cursorLeft', 'cursorLeft', 'cursorLeft');
    m = run(m, { type: 'insertText', text: 'X' }).model;
    assert.equal(m.draft, 'foo Xbar');
    m = press(run, m, 'cursorEnd', 'deleteWord');
    assert.equal(m.draft, 'foo ');
    m = press(run, m, 'deleteBackward');
    assert.equal(m.draft, 'foo');
    m = press(run, m, 'cursorHome');
    m = run(m, { type: 'insertText', text: '^' }).model;
    assert.equal(m.draft, '^foo');
    m = press(run, m, 'cursorEnd', 'deleteToStart');
    assert.equal(m.draft, '');
  });

  it('ignores typed text outside editing mode', () => {
    const { model, run } = setup(0);
    assert.equal(run(model, { type: 'insertText', text: 'x' }).model, model);
  });
});

describe('update: copy, quit, stats, notices', () => {
  it('asks to copy the selected message (c)', () => {
    const { model, run } = setup(3);
    const m = press(run, model, 'selectOlder');
    const r = run(m, cmd('copyMessage'));
    assert.deepEqual(r.effects, [{ type: 'copy', seq: 2, what: 'message' }]);
  });

  it('explains that nothing is selected instead of copying', () => {
    const { model, run } = setup(3);
    const r = run(model, cmd('copyMessage'));
    assert.deepEqual(r.effects, []);
    assert.equal(r.model.notice?.kind, 'error');
  });

  it('clears a notice once its time is up', () => {
    const { model, run } = setup(3);
    const m = run(model, cmd('copyMessage')).model;
    assert.ok(run(m, { type: 'tick', now: 2000 }).model.notice !== undefined);
    assert.equal(run(m, { type: 'tick', now: 10_000 }).model.notice, undefined);
  });

  it('asks to quit on q', () => {
    const { model, run } = setup(0);
    const r = run(model, cmd('quit'));
    assert.equal(r.model.quitting, true);
    assert.deepEqual(r.effects, [{ type: 'quit' }]);
  });

  it('keeps the latest stats window and a bounded history', () => {
    const { model, run } = setup(0);
    const w = (i: number) => ({ window_start: new Date(i * 1000).toISOString(), window_end: new Date(i * 1000 + 1000).toISOString(), total_count: i, error_count: 0, top_service: null, window_seconds: 1, levels: { trace: 0, debug: 0, info: i, warn: 0, error: 0, fatal: 0 }, error_rate: 0, services: [], top_errors: [], latency_ms: null, late_count: 0, plain_count: 0 });
    let m = model;
    for (let i = 0; i < 70; i++) m = run(m, { type: 'statsArrived', windows: [w(i)] }).model;
    assert.equal(m.stats?.total_count, 69);
    assert.equal(m.history.length, 60);
    assert.equal(m.history[0]?.total_count, 10);
  });
});
