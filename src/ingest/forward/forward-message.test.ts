import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { decode, encode, ExtData } from '@msgpack/msgpack';
import { EventTime, FORWARD_DECODE_OPTIONS, ForwardProtocolError, readForwardMessage } from './forward-message.js';

/** An EventTime as Fluent Bit and Fluentd write it: ext type 0, uint32 seconds, uint32 nanoseconds. */
function eventTime(seconds: number, nanos: number): ExtData {
  const data = new Uint8Array(8);
  const view = new DataView(data.buffer);
  view.setUint32(0, seconds);
  view.setUint32(4, nanos);
  return new ExtData(0, data);
}

/** What the server does with a frame: decode it, then read it as a forward message. */
const read = (message: unknown): ReturnType<typeof readForwardMessage> => readForwardMessage(decode(encode(message), FORWARD_DECODE_OPTIONS));
const packed = (...entries: unknown[]): Uint8Array => Buffer.concat(entries.map((e) => encode(e)));

const T = 1_795_863_600;

describe('readForwardMessage', () => {
  it('reads Message mode with integer seconds and no option', () => {
    assert.deepEqual(read(['docker.api', T, { log: 'hello', container_name: '/api' }]), {
      tag: 'docker.api', events: [{ timeMs: T * 1000, record: { log: 'hello', container_name: '/api' } }], chunk: undefined,
    });
  });

  it('reads an EventTime with its nanoseconds', () => {
    const msg = read(['app', eventTime(T, 123_456_789), { a: 1 }]);
    assert.equal(msg.events[0]?.timeMs, T * 1000 + 123.456789);
  });

  it('decodes ext type 0 to an EventTime, and a short one to an unusable time', () => {
    const t = decode(encode(eventTime(1, 500_000_000)), FORWARD_DECODE_OPTIONS);
    assert.ok(t instanceof EventTime);
    assert.equal(t.ms, 1500);
    assert.equal(read(['app', new ExtData(0, new Uint8Array(4)), { a: 1 }]).events[0]?.timeMs, undefined);
  });

  it('reads float seconds, and leaves a missing or nonsense time undefined', () => {
    assert.equal(read(['app', T + 0.25, { a: 1 }]).events[0]?.timeMs, T * 1000 + 250);
    assert.equal(read(['app', 0, { a: 1 }]).events[0]?.timeMs, undefined);
    assert.equal(read(['app', 'yesterday', { a: 1 }]).events[0]?.timeMs, undefined);
  });

  it('reads Forward mode, skipping entries that are not [time, record]', () => {
    const msg = read(['app', [[T, { n: 1 }], 'junk', [T + 1, 'not a map'], [eventTime(T + 2, 0), { n: 3 }]], { chunk: 'abc=' }]);
    assert.deepEqual(msg, {
      tag: 'app', events: [{ timeMs: T * 1000, record: { n: 1 } }, { timeMs: (T + 2) * 1000, record: { n: 3 } }], chunk: 'abc=',
    });
  });

  it('reads PackedForward from bin and from str (older msgpack writers)', () => {
    const entries = packed([T, { n: 1 }], [eventTime(T, 5_000_000), { n: 2 }]);
    const expected = [{ timeMs: T * 1000, record: { n: 1 } }, { timeMs: T * 1000 + 5, record: { n: 2 } }];
    assert.deepEqual(read(['app', entries, { size: 2 }]).events, expected);
  });

  it("reads PackedForward with its entries as str32, as Fluentd's out_forward sends them", () => {
    const entries = Buffer.from(packed([T, { log: 'héllo' }], [eventTime(T, 5_000_000), { n: 2 }]));
    const head = Buffer.alloc(5);
    head.writeUInt8(0xdb, 0);
    head.writeUInt32BE(entries.length, 1);
    const frame = Buffer.concat([Buffer.from([0x93]), encode('fluentd.app'), head, entries, encode({ size: 2, chunk: 'YWJj' })]);
    const msg = readForwardMessage(decode(frame, FORWARD_DECODE_OPTIONS), frame);
    assert.deepEqual(msg, {
      tag: 'fluentd.app', events: [{ timeMs: T * 1000, record: { log: 'héllo' } }, { timeMs: T * 1000 + 5, record: { n: 2 } }], chunk: 'YWJj',
    });
  });

  it('reads CompressedPackedForward, several gzip members included', () => {
    const a = gzipSync(packed([T, { n: 1 }]));
    const b = gzipSync(packed([T, { n: 2 }]));
    const msg = read(['app', Buffer.concat([a, b]), { compressed: 'gzip', chunk: 'c1' }]);
    assert.deepEqual(msg.events.map((e) => e.record), [{ n: 1 }, { n: 2 }]);
    assert.equal(msg.chunk, 'c1');
  });

  it('refuses a CompressedPackedForward that is not gzip as a protocol error', () => {
    assert.throws(() => read(['app', packed([T, { n: 1 }]), { compressed: 'gzip' }]), ForwardProtocolError);
  });

  it('keeps the packed entries before a broken one, and refuses entries that are all unreadable', () => {
    const good = packed([T, { n: 1 }]);
    assert.deepEqual(read(['app', Buffer.concat([good, Buffer.from([0xc1])])]).events.map((e) => e.record), [{ n: 1 }]);
    assert.throws(() => read(['app', Buffer.from([0xc1])]), ForwardProtocolError);
  });

  it('takes the chunk option as the id to acknowledge, in every mode', () => {
    assert.equal(read(['app', T, { a: 1 }, { chunk: 'm' }]).chunk, 'm');
    assert.equal(read(['app', [[T, { a: 1 }]], { chunk: 'f' }]).chunk, 'f');
    assert.equal(read(['app', packed([T, { a: 1 }]), { chunk: 'p' }]).chunk, 'p');
    assert.equal(read(['app', T, { a: 1 }, { chunk: 42 }]).chunk, undefined);
  });

  it('turns record values that arrived as bin into text', () => {
    const msg = read(['app', T, { log: Buffer.from('héllo'), n: 1 }]);
    assert.deepEqual(msg.events[0]?.record, { log: 'héllo', n: 1 });
  });

  it('refuses what is not a forward message', () => {
    for (const v of [null, 42, 'app', [], ['app'], [1, T, {}], ['app', T], ['app', T, 'text'], ['app', T, [1, 2]]]) {
      assert.throws(() => readForwardMessage(v), ForwardProtocolError, JSON.stringify(v));
    }
  });
});
