import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crc16, keySlot, SLOT_COUNT } from './key-slot.js';

describe('key slot', () => {
  it('computes the CRC16-XMODEM check value of the cluster specification', () => {
    assert.equal(crc16(Buffer.from('123456789')), 0x31c3);
  });

  it('places keys in the slots Redis reports for them', () => {
    // Values from CLUSTER KEYSLOT on redis-server 7.
    assert.equal(keySlot('foo'), 12182);
    assert.equal(keySlot('logs.ingest'), 14266);
    assert.equal(keySlot('stats.update'), 102);
    assert.equal(keySlot(''), 0);
    assert.equal(keySlot('logs.ingest{1}'), 9842);
  });

  it('hashes only the first non-empty hash tag', () => {
    assert.equal(keySlot('{user1000}.following'), keySlot('user1000'));
    assert.equal(keySlot('a{}b'), keySlot(Buffer.from('a{}b')));
    assert.notEqual(keySlot('a{}b'), keySlot(''));
    assert.equal(keySlot('x{tag}y{other}'), keySlot('tag'));
  });

  it('always lands inside the slot range and agrees for text and its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (key, tag) => {
        const slot = keySlot(key);
        assert.ok(slot >= 0 && slot < SLOT_COUNT);
        assert.equal(slot, keySlot(Buffer.from(key, 'utf8')));
        if (!tag.includes('}')) assert.equal(keySlot(`${key.replace(/[{]/g, '')}{${tag}}`), keySlot(tag));
      }),
    );
  });
});
