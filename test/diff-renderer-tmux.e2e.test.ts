import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { DiffRenderer } from '../src/tui/view/diff-renderer.js';
import { sanitizeForDisplay } from '../src/tui/view/sanitize.js';
import { Screen } from '../src/tui/view/screen.js';
import { startTmux } from './helpers/tmux.js';

const W = 30;
const H = 6;
const PIECES = [
  'a',
  'bc',
  ' ',
  'xyz',
  '日',
  '本語',
  '😀',
  '👍🏻',
  '❤️',
  '👨‍👩‍👧',
  '🇯🇵',
  'e\u0301',
  '\u1100\u1161\u11a8',
  '\u2028',
  '\ud7ff',
  '\ud7b0',
  '\u0378',
  '\u{1fae8}',
  'क्षि',
  '…',
  '─',
];
const spanArb = fc.record({
  x: fc.integer({ min: 0, max: W - 1 }),
  y: fc.nat(H - 1),
  text: fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((a) => a.join('')),
});
const framesArb = fc.array(fc.array(spanArb, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 6 });

/** What tmux shows after `output`, with autowrap off as the TUI sets it. */
async function shownBy(dir: string, name: string, output: Buffer): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, output);
  const term = await startTmux(`printf '\\033[?7l'; cat ${file}; exec sleep 600`, { cols: W, rows: H });
  try {
    const deadline = Date.now() + 10_000;
    while ((await term.display('#{pane_current_command}')) !== 'sleep' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return await term.capture();
  } finally {
    await term.kill();
  }
}

describe('DiffRenderer in a real terminal (tmux)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-diff-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves tmux showing what a full redraw of the last frame shows, for random frames with text of every kind', async () => {
    const cases = fc.sample(framesArb, { numRuns: 5, seed: 20_261_205 });
    for (const [n, frames] of cases.entries()) {
      const screen = new Screen(W, H);
      const diffs: Buffer[] = [];
      const renderer = new DiffRenderer((frame) => diffs.push(frame));
      for (const spans of frames) {
        screen.clear();
        for (const s of spans) screen.text(s.x, s.y, sanitizeForDisplay(s.text));
        renderer.render(screen);
      }
      let full: Buffer = Buffer.alloc(0);
      new DiffRenderer((frame) => (full = frame)).render(screen);
      const [afterDiffs, afterFull] = await Promise.all([
        shownBy(dir, `diffs-${n}`, Buffer.concat(diffs)),
        shownBy(dir, `full-${n}`, full),
      ]);
      assert.equal(afterDiffs, afterFull, `case ${n}: ${JSON.stringify(frames)}`);
    }
  });
});
