import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLog } from './log-decode.js';
import { createStamper } from './producer-stamp.js';

describe('producer stamps', () => {
  it('numbers logs 1, 2, 3 under one producer id that decodeLog reads back', () => {
    const stamper = createStamper('ship-');
    assert.match(stamper.producerId, /^ship-[0-9a-z]{8}$/);
    const a = decodeLog(stamper.stamp('{"level":"INFO","message":"a"}'), 0);
    const b = decodeLog(stamper.stamp('{"level":"INFO","message":"b","x":1}'), 0);
    assert.deepEqual(a.producer, { id: stamper.producerId, seq: 1 });
    assert.deepEqual(b.producer, { id: stamper.producerId, seq: 2 });
    assert.deepEqual(b.fields, { x: 1 });
    assert.equal(stamper.last, 2);
  });

  it('stamps an empty object and leaves non-objects alone', () => {
    const stamper = createStamper('t-');
    assert.deepEqual(JSON.parse(stamper.stamp('{}')) as unknown, { _ls: { p: stamper.producerId, s: 1 } });
    assert.equal(stamper.stamp('plain'), 'plain');
  });
});
