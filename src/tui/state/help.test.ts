import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyOf } from '../fuzz-arbitraries.js';
import { TestApp } from '../test-app.js';
import { helpViewport } from '../view/help-view.js';
import { DEFAULT_BINDINGS } from '../keys/bindings.js';

const BASE = Date.UTC(2026, 11, 5, 10);

function app(cols = 120, rows = 32): TestApp {
  const a = new TestApp({ cols, rows, capacity: 100, now: () => BASE });
  for (const [service, level] of [
    ['api', 'INFO'],
    ['auth', 'ERROR'],
    ['api', 'WARN'],
  ])
    a.ingest(JSON.stringify({ timestamp: new Date(BASE).toISOString(), level, service, message: `${service} one` }));
  a.refresh();
  return a;
}

function type(a: TestApp, ...keys: string[]): void {
  for (const k of keys) {
    if (k.length === 1 || ['return', 'escape', 'down', 'up', 'pagedown', 'pageup'].includes(k)) a.key(keyOf(k));
    else for (const ch of k) a.key(keyOf(ch));
    a.refresh();
  }
}

const screenText = (a: TestApp): string => {
  a.draw();
  return a.screen.lines().join('\n');
};

describe('q in the panes', () => {
  it('closes the results pane as Esc does, back to the list with the filter part; q in the list then quits', () => {
    const a = app();
    type(a, 'i', 'service:api | stats count by level', 'return');
    assert.equal(a.model.mode, 'results');
    type(a, 'q');
    assert.equal(a.model.quitting, false);
    assert.equal(a.model.mode, 'normal');
    assert.equal(a.model.results, undefined);
    assert.equal(a.model.filter, 'service:api');
    type(a, 'q');
    assert.equal(a.model.quitting, true);
  });

  it('closes the patterns view, the histogram, the detail view and the help without quitting', () => {
    for (const open of [['P'], ['H'], ['j', 'return'], ['?']]) {
      const a = app();
      type(a, ...open);
      assert.notEqual(a.model.mode, 'normal', open.join(' '));
      type(a, 'q');
      assert.deepEqual([a.model.mode, a.model.quitting], ['normal', false], open.join(' '));
    }
  });
});

describe('the help opened from a pane', () => {
  it('lists the keys of the pane first and goes back to the pane on close', () => {
    for (const [open, title, mode] of [
      [['P'], 'Patterns (P)', 'patterns'],
      [['H'], 'Histogram (H)', 'histogram'],
      [['j', 'return'], 'Detail view (Enter)', 'detail'],
      [['i', '| stats count by service', 'return'], 'Results (a query with | stats)', 'results'],
    ] as const) {
      const a = app();
      type(a, ...open, '?');
      assert.equal(a.model.mode, 'help');
      const text = screenText(a);
      assert.equal(a.screen.lines()[4]?.includes(title), true, text);
      type(a, 'escape');
      assert.equal(a.model.mode, mode);
    }
  });

  it('scrolls with j/k, PageDown/PageUp and g/G within its lines', () => {
    const a = app(100, 24);
    const { maxScroll, page } = helpViewport(DEFAULT_BINDINGS, a.model);
    assert.ok(maxScroll > 0 && page > 0);
    type(a, '?');
    assert.match(screenText(a), /more below/);
    type(a, 'j', 'j');
    assert.equal(a.model.help.scroll, 2);
    type(a, 'pagedown');
    assert.equal(a.model.help.scroll, Math.min(maxScroll, 2 + page));
    type(a, 'G');
    assert.equal(a.model.help.scroll, maxScroll);
    assert.match(screenText(a), /more above/);
    assert.match(screenText(a), /Ctrl-c\s+quit/);
    type(a, 'k');
    assert.equal(a.model.help.scroll, maxScroll - 1);
    type(a, 'g', 'k');
    assert.equal(a.model.help.scroll, 0);
    // A larger window that holds it all leaves nothing to scroll.
    type(a, 'G');
    a.resize(300, 100);
    assert.equal(a.model.help.scroll, 0);
    assert.doesNotMatch(screenText(a), /more (below|above)/);
  });
});
