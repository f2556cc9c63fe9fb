import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialModel } from '../state/model.js';
import { Screen } from './screen.js';
import { drawStatus } from './status-view.js';
import { monochromeTheme } from './theme.js';

function statusLine(statsRejected: number): string {
  const model = {
    ...initialModel({ cols: 160, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
    statsRejected,
  };
  const screen = new Screen(160, 1);
  drawStatus(screen, { x: 0, y: 0, w: 160, h: 1 }, model, 10, 100, 0, monochromeTheme());
  return screen.row(0);
}

describe('the status line', () => {
  it('says how many stats were refused, once there are any', () => {
    assert.match(statusLine(1234), /1,234 stats refused/);
    assert.doesNotMatch(statusLine(0), /refused/);
  });
});
