import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from '../keys/commands.js';
import { RecordBuffer } from '../../services/collector/test-records.js';
import type { Action } from './actions.js';
import { applyExport } from './export-prompt.js';
import { initialModel, type Model } from './model.js';
import { update, type UpdateResult } from './update.js';

const view = new RecordBuffer(10);
const start: Model = initialModel({
  cols: 80,
  rows: 24,
  source: { label: 'embedded', status: { state: 'ready', since: 0 } },
});
const step = (m: Model, a: Action): UpdateResult => update(m, a, { view });
const cmd = (command: Command): Action => ({ type: 'command', command, now: 1000 });
const typed = (m: Model, text: string): Model =>
  step(step(m, cmd('startExport')).model, { type: 'insertText', text }).model;

describe('the export prompt', () => {
  it('e opens it, typed text is the file name, Enter asks to export the shown logs there', () => {
    const m = typed(start, 'out.jsonl');
    assert.equal(m.mode, 'export');
    const r = step(m, cmd('applyInput'));
    assert.equal(r.model.mode, 'normal');
    assert.deepEqual(r.effects, [{ type: 'exportList', name: 'out.jsonl', overwrite: false }]);
    assert.match(r.model.notice?.text ?? '', /exporting to out\.jsonl/);
  });

  it('takes a final ! as leave to overwrite, and refuses an empty name', () => {
    assert.deepEqual(step(typed(start, ' ~/logs.csv! '), cmd('applyInput')).effects, [
      { type: 'exportList', name: '~/logs.csv', overwrite: true },
    ]);
    for (const name of ['', '  ', '!']) {
      const r = step(typed(start, name), cmd('applyInput'));
      assert.equal(r.model.mode, 'export');
      assert.deepEqual(r.effects, []);
      assert.match(r.model.inputError ?? '', /type a file name/);
    }
  });

  it('Esc leaves without exporting, and earlier names come back with ↑', () => {
    const cancelled = step(typed(start, 'x.csv'), cmd('cancelInput'));
    assert.equal(cancelled.model.mode, 'normal');
    assert.deepEqual(cancelled.effects, []);
    const done = step(typed(start, 'first.jsonl'), cmd('applyInput')).model;
    const recalled = step(step(done, cmd('startExport')).model, cmd('historyPrev')).model;
    assert.equal(recalled.draft, 'first.jsonl');
    assert.deepEqual(recalled.inputHistory.editing, [], 'filter history stays apart');
  });

  it('exports a result table instead of the list when its pane hands one over', () => {
    const table = { columns: ['service', 'count'], rows: [['api', 3]], notes: [] };
    const r = applyExport(typed(start, 'top.csv'), 1000, table);
    assert.deepEqual(r.effects, [{ type: 'exportTable', name: 'top.csv', overwrite: false, table }]);
  });
});
