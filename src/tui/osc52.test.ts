import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capClipboardText, clipboardOutput, OSC52_MAX_BYTES, osc52Sequence, tmuxClipboardRoute } from './osc52.js';

describe('osc52Sequence', () => {
  it('encodes the text as base64 in an OSC 52 clipboard sequence ended by BEL', () => {
    assert.equal(osc52Sequence('hello'), '\x1b]52;c;aGVsbG8=\x07');
    const seq = osc52Sequence('ERROR 日本語 😀');
    const b64 = seq.slice('\x1b]52;c;'.length, -1);
    assert.equal(Buffer.from(b64, 'base64').toString('utf8'), 'ERROR 日本語 😀');
  });

  it('wraps the sequence in a tmux passthrough with every ESC doubled', () => {
    assert.equal(osc52Sequence('hi', { passthrough: true }), '\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\');
  });

  it('caps what it sends', () => {
    const seq = osc52Sequence('a'.repeat(OSC52_MAX_BYTES + 10));
    assert.equal(Buffer.from(seq.slice(7, -1), 'base64').length, OSC52_MAX_BYTES);
  });
});

describe('the clipboard route inside tmux', () => {
  it('sends plain OSC 52 when tmux takes it (set-clipboard on), wrapped only when tmux forwards passthrough', () => {
    assert.equal(tmuxClipboardRoute('on\n', 'off\n'), 'plain');
    assert.equal(tmuxClipboardRoute('on\n', 'on\n'), 'plain');
    assert.equal(tmuxClipboardRoute('external\n', 'on\n'), 'passthrough');
    assert.equal(tmuxClipboardRoute('off\n', 'all\n'), 'passthrough');
  });

  it('is blocked when tmux takes neither, and wrapped for a tmux too old to know allow-passthrough', () => {
    assert.equal(tmuxClipboardRoute('external\n', 'off\n'), 'blocked');
    assert.equal(tmuxClipboardRoute('off\n', 'off\n'), 'blocked');
    assert.equal(tmuxClipboardRoute('external\n', undefined), 'passthrough');
    assert.equal(tmuxClipboardRoute(undefined, undefined), 'unknown');
  });

  it('writes the sequence each route needs, both while unknown, nothing when blocked', () => {
    const plain = osc52Sequence('hi');
    const wrapped = osc52Sequence('hi', { passthrough: true });
    assert.equal(clipboardOutput('hi', 'plain'), plain);
    assert.equal(clipboardOutput('hi', 'passthrough'), wrapped);
    assert.equal(clipboardOutput('hi', 'unknown'), plain + wrapped);
    assert.equal(clipboardOutput('hi', 'blocked'), '');
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
