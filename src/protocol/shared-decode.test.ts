import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogRecord } from './log-record.js';
import type { Payload } from './payload.js';
import { createSharedDecoder, decodeSkippingFields } from './shared-decode.js';

function counting(): { decode: (p: Payload, t: number) => LogRecord; calls: () => number } {
  let n = 0;
  return {
    decode: (p, t) => {
      n++;
      return decodeSkippingFields(p, t);
    },
    calls: () => n,
  };
}

describe('createSharedDecoder', () => {
  it('decodes a payload once for consumers that receive it one after the other', () => {
    const inner = counting();
    const decode = createSharedDecoder(inner.decode);
    const payload = JSON.stringify({
      timestamp: '2026-11-28T11:00:00Z',
      level: 'ERROR',
      service: 'api',
      message: 'boom',
    });
    const first = decode(payload, 1);
    const second = decode(payload, 2);
    assert.equal(second, first);
    assert.equal(inner.calls(), 1);
    assert.deepEqual(decode('{"message":"next"}', 3).message, 'next');
    assert.equal(inner.calls(), 2);
  });

  it('decodes again when a log without its own time arrives at another time', () => {
    const inner = counting();
    const decode = createSharedDecoder(inner.decode);
    const payload = Buffer.from('no time in this line');
    assert.equal(decode(payload, 1).time, 1);
    assert.equal(decode(payload, 1).time, 1);
    assert.equal(decode(payload, 5).time, 5);
    assert.equal(inner.calls(), 2);
  });

  it('does not take another Buffer with the same bytes for the same payload', () => {
    const inner = counting();
    const decode = createSharedDecoder(inner.decode);
    decode(Buffer.from('{"message":"a"}'), 1);
    decode(Buffer.from('{"message":"a"}'), 1);
    assert.equal(inner.calls(), 2);
  });
});
