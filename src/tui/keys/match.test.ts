import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_BINDINGS } from './bindings.js';
import type { Key } from './key.js';
import { buildKeyMap, commandFor, keySpec } from './match.js';

const key = (name: string, over: Partial<Key> = {}): Key => ({
  name,
  ctrl: false,
  meta: false,
  shift: false,
  sequence: name.length === 1 ? name : '',
  ...over,
});

describe('key matching', () => {
  const map = buildKeyMap(DEFAULT_BINDINGS);

  it("maps every key of RustLogStream's collector in its mode", () => {
    assert.equal(commandFor(map, 'normal', key('i')), 'editFilter');
    assert.equal(commandFor(map, 'normal', key('j')), 'selectOlder');
    assert.equal(commandFor(map, 'normal', key('down')), 'selectOlder');
    assert.equal(commandFor(map, 'normal', key('k')), 'selectNewer');
    assert.equal(commandFor(map, 'normal', key('up')), 'selectNewer');
    assert.equal(commandFor(map, 'normal', key('c')), 'copyMessage');
    assert.equal(commandFor(map, 'normal', key('q')), 'quit');
    assert.equal(commandFor(map, 'normal', key('escape')), 'clearSelection');
    assert.equal(commandFor(map, 'editing', key('return', { sequence: '\r' })), 'applyInput');
    assert.equal(commandFor(map, 'editing', key('escape', { sequence: '\x1b' })), 'cancelInput');
  });

  it('treats typed letters as text while editing', () => {
    assert.equal(commandFor(map, 'editing', key('q')), undefined);
    assert.equal(commandFor(map, 'editing', key('j')), undefined);
  });

  it('distinguishes ctrl combinations and shifted letters', () => {
    assert.equal(keySpec(key('c', { ctrl: true, sequence: '\x03' })), 'ctrl+c');
    assert.equal(commandFor(map, 'normal', key('c', { ctrl: true, sequence: '\x03' })), 'quit');
    assert.equal(keySpec(key('g', { shift: true, sequence: 'G' })), 'G');
    assert.equal(keySpec(key('?', { sequence: '?' })), '?');
  });

  it('binds every command of the table to at least one key', () => {
    for (const b of DEFAULT_BINDINGS) assert.ok(b.keys.length > 0, b.command);
  });
});
