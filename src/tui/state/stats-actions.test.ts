import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FULL_WINDOW } from '../../protocol/fixtures/stats-messages.js';
import { initialModel, type Model } from './model.js';
import { RecordBuffer } from '../../services/collector/test-records.js';
import { statsActions } from './stats-actions.js';
import { update } from './update.js';

const view = new RecordBuffer(10);
const start = (): Model =>
  initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } });
const apply = (model: Model, payload: string, now = 1000): Model =>
  statsActions(payload, now).reduce((m, a) => update(m, a, { view }).model, model);

describe('a message on the stats channel', () => {
  it('files the windows that make sense and counts the refused ones, showing why', () => {
    const absurd = { ...FULL_WINDOW, window_seconds: 1e-300 };
    const actions = statsActions(JSON.stringify([FULL_WINDOW, absurd]), 1000);
    assert.deepEqual(
      actions.map((a) => a.type),
      ['statsArrived', 'statsRejected'],
    );
    const m = apply(start(), JSON.stringify([FULL_WINDOW, absurd]));
    assert.deepEqual(m.stats[1], FULL_WINDOW);
    assert.equal(m.statsRejected, 1);
    assert.match(m.notice?.text ?? '', /stats window 1 refused: window_seconds: expected 0\.001 to 86400, got 1e-300/);
    assert.equal(m.notice?.kind, 'error');
  });

  it('counts an unreadable message as one refused, and the count only grows', () => {
    let m = apply(start(), 'not json');
    assert.equal(m.statsRejected, 1);
    assert.match(m.notice?.text ?? '', /malformed message on the stats channel/);
    m = apply(m, JSON.stringify([{ total_count: -1 }, { error_count: 2, total_count: 1 }]));
    assert.equal(m.statsRejected, 3);
    m = apply(m, JSON.stringify([FULL_WINDOW]));
    assert.equal(m.statsRejected, 3);
    assert.deepEqual(statsActions('[]', 0), []);
  });

  it('never shows a window refused by the decoder', () => {
    const m = apply(start(), JSON.stringify([{ ...FULL_WINDOW, window_seconds: 1e-300 }]));
    assert.deepEqual(m.stats, {});
    assert.deepEqual(m.history, {});
  });
});
