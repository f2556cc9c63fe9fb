import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { charWidth, isWidthCertain } from './text-width.js';

// The C library's wcwidth() in a UTF-8 locale: what tmux, screen and many terminals measure
// characters with.
const WCWIDTH = `
import ctypes, ctypes.util, sys
libc = ctypes.CDLL(ctypes.util.find_library('c'))
libc.setlocale(6, b'C.UTF-8')
print(' '.join(str(libc.wcwidth(ctypes.c_wchar(chr(int(c))))) for c in sys.stdin.read().split()))
`;

function wcwidths(codes: number[]): number[] | undefined {
  const res = spawnSync('python3', ['-c', WCWIDTH], {
    input: codes.join(' '),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) return undefined;
  return res.stdout.trim().split(' ').map(Number);
}

const hasWcwidth = wcwidths([0x41])?.[0] === 1;

describe('isWidthCertain', () => {
  it(
    'holds only characters the system wcwidth measures as charWidth does',
    { skip: hasWcwidth ? false : 'python3 with a UTF-8 C library is not available' },
    () => {
      const codes: number[] = [];
      for (let c = 0; c < 0x10000; c++) {
        const g = String.fromCharCode(c);
        // Zero-width characters are never drawn on their own.
        if (isWidthCertain(g) && charWidth(g) > 0) codes.push(c);
      }
      assert.ok(codes.length > 30_000, `only ${codes.length} characters`);
      const widths = wcwidths(codes) ?? [];
      const wrong = codes
        .filter((c, i) => widths[i] !== charWidth(String.fromCharCode(c)))
        .map((c) => `U+${c.toString(16)}`);
      assert.deepEqual(wrong, []);
    },
  );

  it('leaves out emoji, sequences, marks and unassigned code points', () => {
    for (const g of ['a', 'é', 'Ж', '→', '─', '…', '日', 'ｶ', '＄']) assert.ok(isWidthCertain(g), g);
    for (const g of [
      '😀',
      '⌚',
      '❤️',
      '👍🏻',
      'e\u0301',
      '\u0301',
      '\u0378',
      '\u2028',
      '\u{1fae8}',
      '\ud7ff',
      '\uffa0',
      '\ue000',
    ])
      assert.ok(!isWidthCertain(g), JSON.stringify(g));
  });
});
