import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keyOf } from '../fuzz-arbitraries.js';
import { TestApp } from '../test-app.js';
import { detailViewport } from '../view/detail-view.js';

const BASE = Date.UTC(2026, 11, 5, 10);

/** An app showing one log whose message has `lines` lines, opened in the detail view. */
function detailOf(lines: number, cols = 80, rows = 24): TestApp {
  const a = new TestApp({ cols, rows, capacity: 10, now: () => BASE });
  const message = Array.from({ length: lines }, (_, i) => `line ${i + 1}`).join('\n');
  a.ingest(JSON.stringify({ timestamp: new Date(BASE).toISOString(), level: 'INFO', service: 'api', message }));
  a.refresh();
  press(a, 'j', 'return');
  assert.equal(a.model.mode, 'detail');
  return a;
}

function press(a: TestApp, ...keys: string[]): void {
  for (const k of keys) {
    a.key(keyOf(k));
    a.refresh();
  }
}

/** The "first-last/total" marker in the detail view's bottom border. */
function position(a: TestApp): string | undefined {
  a.draw();
  return /(\d+-\d+\/\d+)/.exec(a.screen.lines().join('\n'))?.[1];
}

describe('the detail view', () => {
  it('goes to the last lines with G, and k then scrolls up one line', () => {
    const a = detailOf(60);
    press(a, 'G');
    const bottom = position(a);
    assert.match(bottom ?? '', /^\d+-\d+\/\d+$/);
    const [first, last, total] = bottom!.split(/[-/]/).map(Number) as [number, number, number];
    assert.equal(last, total);
    press(a, 'k');
    assert.equal(position(a), `${first - 1}-${last - 1}/${total}`);
    press(a, 'g', 'j');
    assert.equal(position(a), `2-${last - first + 2}/${total}`);
  });

  it('keeps the scroll within the log that arrives when it wraps to fewer lines than what was scrolled', () => {
    const a = detailOf(60);
    press(a, 'G');
    const seq = a.model.detail?.seq;
    assert.ok(seq !== undefined && (a.model.detail?.scroll ?? 0) > 0);
    // The log has left the buffer meanwhile: the view says so in a line or two.
    a.dispatch({ type: 'recordArrived', seq, record: undefined });
    assert.equal(a.model.detail?.scroll, detailViewport(a.model).maxScroll);
  });

  it('keeps the scroll within what the log can scroll after any keys and resizes', () => {
    const keys = fc.constantFrom('j', 'k', 'g', 'G', 'd', 'u', 'pagedown', 'pageup', 'down', 'up', 'ctrl+d', 'ctrl+u');
    const step = fc.oneof(
      { arbitrary: keys.map((k) => ({ key: k }) as const), weight: 8 },
      {
        arbitrary: fc.record({ cols: fc.integer({ min: 1, max: 160 }), rows: fc.integer({ min: 1, max: 60 }) }),
        weight: 1,
      },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.array(step, { maxLength: 40 }), (lines, steps) => {
        const a = detailOf(lines);
        for (const s of steps) {
          if ('key' in s) press(a, s.key);
          else a.resize(s.cols, s.rows);
          const scroll = a.model.detail?.scroll ?? 0;
          const { maxScroll } = detailViewport(a.model);
          assert.ok(Number.isInteger(scroll) && scroll >= 0 && scroll <= maxScroll, `scroll ${scroll} of ${maxScroll}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
