import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogEngine } from '../../services/collector/engine.js';
import type { Command } from '../keys/commands.js';
import type { Action } from './actions.js';
import { selectedBar } from './histogram.js';
import { initialModel, type Model } from './model.js';
import { SnapshotView } from './snapshot-view.js';
import { update, type UpdateResult } from './update.js';

const BASE = Date.UTC(2026, 11, 5, 10, 0, 0);

function setup(): { engine: LogEngine; model: Model; run: (m: Model, a: Action) => UpdateResult } {
  const engine = new LogEngine(100, { now: () => BASE });
  for (let i = 0; i < 30; i++)
    engine.ingest(
      JSON.stringify({ timestamp: new Date(BASE + i * 10_000).toISOString(), level: 'INFO', message: `m${i}` }),
    );
  const model = {
    ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
    listHeight: 5,
  };
  const view = new SnapshotView(engine.snapshot({ anchor: undefined, height: 5, margin: 5 }));
  return { engine, model, run: (m, a) => update(m, a, { view }) };
}

const cmd = (command: Command, now = BASE): Action => ({ type: 'command', command, now });

describe('the histogram pane', () => {
  it('opens on H asking for the counts, selects bars with h/l, and Enter asks for the bar’s first log', () => {
    const { engine, model, run } = setup();
    let r = run(model, cmd('toggleHistogram'));
    assert.equal(r.model.mode, 'histogram');
    assert.deepEqual(r.effects, [{ type: 'fetchHistogram' }]);
    r = run(r.model, { type: 'histogramArrived', histogram: engine.histogram(78) });
    const data = r.model.histogram.data;
    assert.equal(data?.spanMs, 5_000);
    // The last bar is selected until another is chosen.
    assert.equal(selectedBar(r.model.histogram), (data?.bars.length ?? 0) - 1);
    let m = r.model;
    for (const c of ['goOldest', 'barNext', 'barNext', 'barPrev'] as const) m = run(m, cmd(c)).model;
    assert.equal(selectedBar(m.histogram), 1);
    r = run(m, cmd('jumpToBar'));
    assert.equal(r.model.mode, 'normal');
    assert.deepEqual(r.effects, [{ type: 'seekTime', from: BASE + 5_000, to: BASE + 10_000, newer: 4 }]);
    // The bar 5-10 s holds no log: the engine answers with the first one after it (10 s, seq 1).
    const found = engine.seekTime(BASE + 5_000, BASE + 10_000, 4);
    m = run(r.model, { type: 'timeFound', ...found, now: BASE }).model;
    assert.equal(m.selected, 1);
    assert.equal(m.top, 5);
  });

  it('keeps the selected bar on its time when the span changes, and stays inside the bars', () => {
    const { engine, model, run } = setup();
    let m = run(model, cmd('toggleHistogram')).model;
    m = run(m, { type: 'histogramArrived', histogram: engine.histogram(78) }).model;
    m = run(m, cmd('goOldest')).model;
    for (let i = 0; i < 10; i++) m = run(m, cmd('barNext')).model;
    assert.equal(selectedBar(m.histogram), 10);
    // Narrower: 10 s bars; the bar at 50 s is now the sixth.
    m = run(m, { type: 'histogramArrived', histogram: engine.histogram(40) }).model;
    assert.equal(m.histogram.data?.spanMs, 10_000);
    assert.equal(selectedBar(m.histogram), 5);
    for (let i = 0; i < 100; i++) m = run(m, cmd('barNext')).model;
    assert.equal(selectedBar(m.histogram), (m.histogram.data?.bars.length ?? 0) - 1);
    assert.equal(run(m, cmd('closeOverlay')).model.mode, 'normal');
  });
});

describe('jump to a time', () => {
  it('reads the typed time in the zone shown and asks for the first log at or after it', () => {
    const { model, run } = setup();
    let m = run(model, cmd('startTimeJump')).model;
    assert.equal(m.mode, 'time');
    m = run(m, { type: 'insertText', text: '10:02' }).model;
    m = run(m, cmd('toggleUtc')).model;
    // T is a typed letter in the prompt, not the toggle.
    assert.equal(m.utc, false);
    m = { ...m, draft: '10:02', cursor: 5, utc: true };
    const r = run(m, cmd('applyInput'));
    assert.equal(r.model.mode, 'normal');
    assert.deepEqual(r.effects, [{ type: 'seekTime', from: BASE + 120_000, to: undefined, newer: 4 }]);
    assert.deepEqual(r.model.inputHistory.time, ['10:02']);
  });

  it('keeps the prompt open with the reason when the time cannot be read', () => {
    const { model, run } = setup();
    let m = run(model, cmd('startTimeJump')).model;
    m = run(m, { type: 'insertText', text: 'soon' }).model;
    const r = run(m, cmd('applyInput'));
    assert.equal(r.model.mode, 'time');
    assert.match(r.model.inputError ?? '', /not a time/);
    assert.deepEqual(r.effects, []);
  });

  it('toggles local time and UTC with T, and says which', () => {
    const { model, run } = setup();
    const m = run(model, cmd('toggleUtc')).model;
    assert.equal(m.utc, true);
    assert.equal(m.notice?.text, 'times in UTC');
    assert.equal(run(m, cmd('toggleUtc')).model.utc, false);
  });
});
