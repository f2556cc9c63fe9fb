import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createRandom, type Random } from '../src/core/random.js';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

/*
 * Random keys into the real app in a real terminal, under load: `logstream demo` at 2,000
 * logs/s in tmux gets ~25 s of random keys, typed text and resizes, never q or Ctrl-C. It must
 * still be running and drawing afterwards, and q must quit with exit code 0 and give the
 * terminal back. LOGSTREAM_FUZZ_SEED replays a session.
 */

const SEED = Number(process.env.LOGSTREAM_FUZZ_SEED ?? Date.now() % 1_000_000);
const DURATION_MS = 25_000;

/** tmux key names; no q, Ctrl-C, Ctrl-Z or Ctrl-\, which would end or stop the app. */
const KEYS = [
  'j',
  'k',
  'Down',
  'Up',
  'PageDown',
  'PageUp',
  'Home',
  'End',
  'Enter',
  'Escape',
  'Space',
  'Tab',
  'BSpace',
  'Left',
  'Right',
  'DC',
  '/',
  'i',
  '?',
  's',
  'w',
  'g',
  'G',
  'n',
  'N',
  'p',
  'l',
  'h',
  'c',
  'C',
  'y',
  '1',
  '2',
  '3',
  '4',
  '5',
  '0',
  'C-d',
  'C-u',
  'C-f',
  'C-b',
  'C-w',
  'C-a',
  'C-e',
  'C-l',
  'M-x',
  'F1',
  'm',
  'M',
  ']',
  '[',
  'e',
];

/** Literal text: hyphens, regex metacharacters, query terms, wide and combining characters. */
const TEXTS = [
  'api-gateway',
  'auth-service',
  'error',
  'ERROR',
  '-debug',
  'level:warn+',
  'service:pay',
  '(a+)+$',
  '[',
  '(',
  '\\',
  '^ERROR',
  '.*',
  'a|b',
  '\\b',
  '(?=x)',
  '\\1',
  '{2,}',
  '-',
  '--',
  'x-y-z',
  '日本語',
  '😀',
  'e\u0301',
  'שלום',
  '\u202e',
  'timeout$',
];

const SIZES: readonly (readonly [number, number])[] = [
  [120, 32],
  [60, 15],
  [20, 6],
  [200, 50],
  [10, 5],
  [100, 24],
];

async function randomAction(term: TmuxSession, rng: Random): Promise<string> {
  const roll = rng.next();
  if (roll < 0.6) {
    const keys = Array.from({ length: rng.int(1, 4) }, () => rng.pick(KEYS));
    await term.keys(...keys);
    return keys.join(' ');
  }
  if (roll < 0.93) {
    const text = rng.pick(TEXTS);
    await term.type(text);
    return JSON.stringify(text);
  }
  const [cols, rows] = rng.pick(SIZES);
  await term.resize(cols, rows);
  return `resize ${cols}x${rows}`;
}

describe('the collector under random keys in a real terminal', () => {
  it('keeps running and drawing through random keys and text under load, then quits with q and exit code 0', async () => {
    const rng = createRandom(SEED);
    // Typed text may name an export (e): the files land in a directory of their own.
    const dir = mkdtempSync(join(tmpdir(), 'logstream-fuzz-'));
    const term = await startTmux(
      `cd ${dir} && TZ=UTC ${process.execPath} ${CLI} demo --rate 2000 --seed ${SEED}; echo EXIT=$?; sleep 600`,
      { cols: 120, rows: 32 },
    );
    const done: string[] = [];
    const dead = (lines: string[]): boolean => screenHas(lines, /EXIT=\d+/);
    try {
      await term.waitFor((l) => screenHas(l, 'Filter (i)') && screenHas(l, 'logs/s'), 15_000, 'the demo running');
      // The reported crash first: a search with a hyphen that matches visible rows.
      await term.keys('/');
      await term.type('api-gateway');
      await term.keys('Enter');
      done.push('/ "api-gateway" Enter');
      const deadline = Date.now() + DURATION_MS;
      while (Date.now() < deadline) {
        done.push(await randomAction(term, rng));
        await new Promise((r) => setTimeout(r, rng.int(0, 40)));
        if (done.length % 25 === 0) {
          const lines = await term.screen();
          assert.ok(
            !dead(lines),
            `the app exited (seed ${SEED}) after: ${done.slice(-30).join(', ')}\n${lines.join('\n')}`,
          );
        }
      }
      // Back to a known state: out of any text box or overlay, a normal size.
      await term.resize(120, 32);
      await term.keys('Escape');
      await new Promise((r) => setTimeout(r, 200));
      await term.keys('Escape');
      const lines = await term.waitFor(
        (l) =>
          dead(l) ||
          (screenHas(l, 'Filter (i)') && screenHas(l, /┌ Logs · [\d,]+ shown/) && screenHas(l, /[\d.]+ logs\/s/)),
        10_000,
        'the app drawing its main screen',
      );
      assert.ok(
        !dead(lines),
        `the app exited (seed ${SEED}) after: ${done.slice(-30).join(', ')}\n${lines.join('\n')}`,
      );
      assert.equal(await term.display('#{alternate_on}'), '1');
      // Not within the escape timeout of the last Esc, which would make the pair Meta-q.
      await new Promise((r) => setTimeout(r, 300));
      await term.keys('q');
      const after = await term.waitFor(dead, 15_000, 'the app to exit');
      assert.ok(screenHas(after, 'EXIT=0'), `seed ${SEED}:\n${after.join('\n')}`);
      assert.equal(await term.display('#{alternate_on}'), '0');
      assert.equal(await term.display('#{cursor_flag}'), '1');
    } finally {
      await term.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
