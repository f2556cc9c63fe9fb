import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyOf } from '../fuzz-arbitraries.js';
import { TestApp } from '../test-app.js';
import { MARK_GUTTER } from '../view/log-list-view.js';
import type { Model } from './model.js';
import { dropLeftMarks, isMarked } from './marks.js';
import { initialModel } from './model.js';

const log = (level: string, message: string): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000000', level, service: 'api', message });

/** A paused app of 80x24 holding `n` logs "log 0" (oldest) … "log n-1", every third an error. */
function appWith(n: number, capacity = 100): TestApp {
  const app = new TestApp({ cols: 80, rows: 24, capacity, now: () => 1_764_327_600_000 });
  for (let i = 0; i < n; i++) app.ingest(log(i % 3 === 0 ? 'ERROR' : 'INFO', `log ${i}`));
  app.refresh();
  return app;
}

/** Presses keys (specs as in the binding table), taking a fresh snapshot after each as the app does. */
function press(app: TestApp, ...keys: string[]): void {
  for (const k of keys) {
    app.key(keyOf(k));
    app.refresh();
  }
}

const selectedMessage = (app: TestApp): string | undefined =>
  app.model.selected === undefined ? undefined : app.engine.record(app.model.selected)?.message;

/** The messages of the rows drawn with the mark in their gutter. */
function markedRows(app: TestApp): string[] {
  app.draw();
  return app.screen
    .lines()
    .filter((l) => l.startsWith(MARK_GUTTER))
    .map((l) => /log \d+/.exec(l)?.[0] ?? l);
}

describe('marks', () => {
  it('m marks the selected log and a second m unmarks it; the list shows the mark in its gutter', () => {
    const app = appWith(10);
    press(app, 'j', 'j', 'm');
    assert.equal(selectedMessage(app), 'log 8');
    assert.deepEqual(markedRows(app), ['log 8']);
    press(app, 'm');
    assert.deepEqual(app.model.marks, []);
    assert.deepEqual(markedRows(app), []);
  });

  it('asks for a selection before marking', () => {
    const app = appWith(3);
    press(app, 'm');
    assert.deepEqual(app.model.marks, []);
    assert.match(app.model.notice?.text ?? '', /select a log first/);
  });

  it('] goes to the next mark down the list and [ to the previous one, and says when there is none', () => {
    const app = appWith(20);
    press(app, 'j', 'm', ...Array<string>(5).fill('j'), 'm', ...Array<string>(5).fill('j'), 'm', 'G');
    assert.deepEqual(
      app.model.marks.map((s) => app.engine.record(s)?.message),
      ['log 9', 'log 14', 'log 19'],
    );
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 19');
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 14');
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 9');
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 9');
    assert.match(app.model.notice?.text ?? '', /no more marks/);
    press(app, '[');
    assert.equal(selectedMessage(app), 'log 14');
  });

  it('keeps marks under a filter: jumps skip the hidden ones, which show again when the filter is cleared', () => {
    const app = appWith(12);
    // log 11 (info), log 9 (error), log 7 (info), log 6 (error)
    press(app, 'j', 'm', 'j', 'j', 'm', 'j', 'j', 'm', 'j', 'm');
    assert.deepEqual(markedRows(app), ['log 11', 'log 9', 'log 7', 'log 6']);
    press(app, '1', 'G');
    assert.deepEqual(markedRows(app), ['log 9', 'log 6']);
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 9');
    press(app, ']');
    assert.equal(selectedMessage(app), 'log 6');
    press(app, '[');
    assert.equal(selectedMessage(app), 'log 9');
    press(app, '5', 'G');
    assert.equal(app.model.marks.length, 4);
    assert.deepEqual(markedRows(app), ['log 11', 'log 9', 'log 7', 'log 6']);
  });

  it('drops the marks of logs rotated out of the buffer, so there are never more marks than logs', () => {
    const app = appWith(5, 5);
    press(app, 'j', 'm', 'j', 'm', 'j', 'm', 'j', 'm', 'j', 'm');
    assert.equal(app.model.marks.length, 5);
    for (let i = 5; i < 8; i++) app.ingest(log('INFO', `log ${i}`));
    app.refresh();
    assert.deepEqual(
      app.model.marks.map((s) => app.engine.record(s)?.message),
      ['log 3', 'log 4'],
    );
    for (let i = 8; i < 20; i++) app.ingest(log('INFO', `log ${i}`));
    app.refresh();
    assert.deepEqual(app.model.marks, []);
  });

  it('M clears every mark', () => {
    const app = appWith(5);
    press(app, 'j', 'm', 'j', 'm', 'M');
    assert.deepEqual(app.model.marks, []);
    assert.match(app.model.notice?.text ?? '', /cleared 2 marks/);
  });

  it('finds marks by binary search and drops only those below the buffer start', () => {
    const model: Model = {
      ...initialModel({ cols: 80, rows: 24, source: { label: 'embedded', status: { state: 'ready', since: 0 } } }),
      marks: [2, 5, 9, 30],
    };
    assert.deepEqual(
      [2, 3, 5, 9, 30, 31].map((s) => isMarked(model.marks, s)),
      [true, false, true, true, true, false],
    );
    assert.deepEqual(dropLeftMarks(model, 6).marks, [9, 30]);
    assert.equal(dropLeftMarks(model, 2), model);
  });
});
