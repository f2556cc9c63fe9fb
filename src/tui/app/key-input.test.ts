import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BINDINGS } from '../keys/bindings.js';
import type { Key } from '../keys/key.js';
import { buildKeyMap } from '../keys/match.js';
import { isTypedText, keyAction } from './key-input.js';

const key = (sequence: string, mods: Partial<Key> = {}): Key => ({
  name: sequence,
  ctrl: false,
  meta: false,
  shift: false,
  sequence,
  ...mods,
});
const keyMap = buildKeyMap(DEFAULT_BINDINGS);

describe('key input', () => {
  it('treats printable characters as typed text, and control characters or modified keys as not', () => {
    assert.equal(isTypedText(key('a')), true);
    assert.equal(isTypedText(key('é€')), true);
    assert.equal(isTypedText(key('')), false);
    assert.equal(isTypedText(key('\x1b')), false);
    assert.equal(isTypedText(key('\x7f')), false);
    assert.equal(isTypedText(key('\x85')), false);
    assert.equal(isTypedText(key('a', { ctrl: true })), false);
    assert.equal(isTypedText(key('a', { meta: true })), false);
  });

  it('turns a bound key into its command, stamped with the time given', () => {
    assert.deepEqual(keyAction(keyMap, 'normal', key('i'), 42), { type: 'command', command: 'editFilter', now: 42 });
  });

  it('inserts an unbound printable key while editing, and ignores it outside an input', () => {
    assert.deepEqual(keyAction(keyMap, 'editing', key('x'), 0), { type: 'insertText', text: 'x' });
    assert.equal(keyAction(keyMap, 'normal', key('§'), 0), undefined);
  });
});
