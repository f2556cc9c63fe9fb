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

function drawn(model: Parameters<typeof drawStatus>[2], files?: Parameters<typeof drawStatus>[7]): string {
  const screen = new Screen(160, 1);
  drawStatus(screen, { x: 0, y: 0, w: 160, h: 1 }, model, 10, 100, 0, monochromeTheme(), files);
  return screen.row(0);
}

describe('the status line', () => {
  it('says how many logs the local sources dropped, once there are any', () => {
    const model = initialModel({
      cols: 160,
      rows: 24,
      source: { label: 'stdin', status: { state: 'ready', since: 0 } },
    });
    assert.match(drawn({ ...model, rates: { ...model.rates, dropped: 4321 } }), /4,321 dropped/);
    assert.doesNotMatch(drawn(model), /dropped/);
  });

  it('shows the lines of viewed files and the progress of loading them instead of the buffer', () => {
    const model = initialModel({
      cols: 160,
      rows: 24,
      source: { label: 'a.log', status: { state: 'ready', since: 0 } },
    });
    const progress = {
      task: 'indexing' as const,
      rows: 2_950_000,
      rate: 1_210_000,
      bytesDone: 430 * 1024 * 1024,
      bytesTotal: 1024 * 1024 * 1024,
      fraction: 0.42,
    };
    assert.match(drawn(model, { progress }), /indexing 42% · 2,950,000 lines · 430\/1,024 MiB · 1,210,000 lines\/s/);
    const inflating = {
      ...progress,
      task: 'inflating' as const,
      rate: 95 * 2 ** 20,
      bytesDone: 310 * 2 ** 20,
      bytesTotal: 0,
    };
    assert.match(drawn(model, { progress: { ...inflating, fraction: undefined } }), /inflating · 310 MiB · 95 MiB\/s/);
    assert.match(drawn(model, { progress: undefined }), /· 10 lines │/);
    assert.doesNotMatch(drawn(model, { progress: undefined }), /buffered/);
  });

  it('says how many stats were refused, once there are any', () => {
    assert.match(statusLine(1234), /1,234 stats refused/);
    assert.doesNotMatch(statusLine(0), /refused/);
  });
});
