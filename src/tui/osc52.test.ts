import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capClipboardText, OSC52_MAX_BYTES, osc52Sequence } from './osc52.js';

describe('osc52Sequence', () => {
  it('encodes the text as base64 in an OSC 52 clipboard sequence ended by BEL', () => {
    assert.equal(osc52Sequence('hello', { tmux: false }), '\x1b]52;c;aGVsbG8=\x07');
    const seq = osc52Sequence('ERROR 日本語 😀', { tmux: false });
    const b64 = seq.slice('\x1b]52;c;'.length, -1);
    assert.equal(Buffer.from(b64, 'base64').toString('utf8'), 'ERROR 日本語 😀');
  });

  it('wraps the sequence in a tmux passthrough with every ESC doubled', () => {
    assert.equal(osc52Sequence('hi', { tmux: true }), '\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\');
  });

  it('detects tmux from $TMUX when not told', () => {
    const saved = process.env['TMUX'];
    try {
      process.env['TMUX'] = '/tmp/tmux-0/default,1,0';
      assert.ok(osc52Sequence('x').startsWith('\x1bPtmux;'));
      delete process.env['TMUX'];
      assert.ok(osc52Sequence('x').startsWith('\x1b]52;'));
    } finally {
      if (saved === undefined) delete process.env['TMUX'];
      else process.env['TMUX'] = saved;
    }
  });

  it('caps what it sends', () => {
    const seq = osc52Sequence('a'.repeat(OSC52_MAX_BYTES + 10), { tmux: false });
    assert.equal(Buffer.from(seq.slice(7, -1), 'base64').length, OSC52_MAX_BYTES);
  });
});

describe('capClipboardText', () => {
  it('keeps text within the cap and says so', () => {
    assert.deepEqual(capClipboardText('日本', 6), { text: '日本', truncated: false });
  });

  it('cuts on a character boundary and reports the cut', () => {
    assert.deepEqual(capClipboardText('日本語', 7), { text: '日本', truncated: true });
    assert.deepEqual(capClipboardText('a😀', 4), { text: 'a', truncated: true });
    assert.deepEqual(capClipboardText('abc', 2), { text: 'ab', truncated: true });
  });
});
