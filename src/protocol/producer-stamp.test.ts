import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLog } from './log-decode.js';
import { createStamper, stampLength } from './producer-stamp.js';

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

  it('measures the stamp its stampers write at the end of a log, and nothing else', () => {
    const stamper = createStamper('send-');
    const log = '{"level":"INFO","message":"a"}';
    const stamped = stamper.stamp(log);
    const length = (text: string): number => {
      const producer = decodeLog(text, 0).producer;
      return producer === undefined ? 0 : stampLength(text, producer);
    };
    assert.equal(length(stamped), stamped.length - log.length);
    assert.equal(stamped.slice(0, stamped.length - length(stamped) - 1) + '}', log);
    for (const other of [
      '{"_ls":{"p":"x","s":1},"message":"stamp first"}',
      '{"message":"a", "_ls": {"p": "x", "s": 1}}',
      '{"message":"a","_ls":{"p":"ünïcode","s":1}}',
      '{"message":"a","_ls":{"p":"a\\"b","s":1}}',
      '{"message":"a","_ls":{"p":"x\\u0041","s":1}}',
      '{"message":"a","_ls":{"s":1,"p":"x"}}',
      '{"message":"a","_ls":{"p":"x","s":1.0}}',
    ]) {
      assert.equal(length(other), 0, other);
    }
  });
});
