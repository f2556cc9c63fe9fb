import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keyOf } from '../fuzz-arbitraries.js';
import { TestApp } from '../test-app.js';
import { escapeRegex, LITERAL_NOTE, literalOf, searchPattern } from './search.js';

const BASE = Date.UTC(2026, 11, 5, 10);

function app(messages: readonly string[]): TestApp {
  const a = new TestApp({ cols: 120, rows: 32, capacity: 100, now: () => BASE });
  for (const message of messages)
    a.ingest(JSON.stringify({ timestamp: new Date(BASE).toISOString(), level: 'INFO', service: 'api', message }));
  a.refresh();
  return a;
}

function search(a: TestApp, text: string): void {
  a.key(keyOf('/'));
  for (const ch of text) a.key(keyOf(ch));
  a.key(keyOf('return'));
  a.refresh();
}

const selectedMessage = (a: TestApp): string | undefined =>
  a.model.selected === undefined ? undefined : a.engine.record(a.model.selected)?.message;

describe('/ with text that is not a regex', () => {
  for (const [text, wanted] of [
    ['a(', 'called a(b) twice'],
    ['*', 'cost * 2'],
    ['[x', 'list [x, y]'],
  ] as const) {
    it(`searches ${text} literally and says so in the status line`, () => {
      const a = app(['called a(b) twice', 'cost * 2', 'list [x, y]', 'plain line', 'another plain line']);
      search(a, text);
      assert.equal(a.model.mode, 'normal');
      assert.equal(a.model.inputError, undefined);
      assert.equal(a.model.notice?.text, LITERAL_NOTE);
      assert.equal(selectedMessage(a), wanted);
      a.draw();
      assert.match(a.screen.lines().join('\n'), /searching literally: not a regex/);
    });
  }

  it('keeps a valid regex a regex, without the note', () => {
    const a = app(['user 12 logged in', 'user x logged in']);
    search(a, 'user \\d+');
    assert.equal(a.model.search, 'user \\d+');
    assert.equal(a.model.notice, undefined);
    assert.equal(selectedMessage(a), 'user 12 logged in');
  });

  it('reads any text either as the regex it is or literally, and literalOf gives the text back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'\\^$.*+?()[]{}|/-ab (x') }), (text) => {
        const read = searchPattern(text);
        assert.ok(read.ok, text);
        if (read.literal) {
          assert.equal(read.pattern, escapeRegex(text));
          assert.equal(literalOf(read.pattern), text);
        } else assert.equal(read.pattern, text);
      }),
    );
  });
});
