import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encode, ExtData } from '@msgpack/msgpack';
import { ForwardProtocolError, readForwardMessage } from './forward-message.js';
import { ForwardRefusal, type ForwardEvent } from './forward-entry.js';
import { readPackedEntries, type PackedLimits } from './packed-entries.js';

/** An EventTime as Fluent Bit and Fluentd write it: ext type 0, uint32 seconds, uint32 nanoseconds. */
function eventTime(seconds: number, nanos: number): ExtData {
  const data = new Uint8Array(8);
  const view = new DataView(data.buffer);
  view.setUint32(0, seconds);
  view.setUint32(4, nanos);
  return new ExtData(0, data);
}

const LIMITS: PackedLimits = { maxEntries: 1000, maxInflatedBytes: 1024 * 1024, holdEntries: 10, holdBytes: 4096 };

/** A frame read as the server reads it: the message, then its events (packed ones read through). */
async function read(
  message: unknown,
  limits = LIMITS,
): Promise<{ tag: string; chunk: string | undefined; events: ForwardEvent[] }> {
  const msg = readForwardMessage(encode(message, { useBigInt64: true }));
  const { body } = msg;
  if (body.mode === 'refused') throw new ForwardRefusal(body.reason);
  const events: ForwardEvent[] = [];
  const batches =
    body.mode === 'events' ? [body.events] : await readPackedEntries(body.entries, body.compression, limits);
  for await (const batch of batches) events.push(...batch);
  return { tag: msg.tag, chunk: msg.chunk, events };
}

const packed = (...entries: unknown[]): Buffer => Buffer.concat(entries.map((e) => encode(e)));
const refusal = async (message: unknown, pattern: RegExp, limits = LIMITS): Promise<void> => {
  await assert.rejects(
    read(message, limits),
    (err: Error) => err instanceof ForwardRefusal && pattern.test(err.message),
  );
};

const T = 1_795_863_600;

describe('readForwardMessage', () => {
  it('reads Message mode with integer seconds and no option', async () => {
    assert.deepEqual(await read(['docker.api', T, { log: 'hello', container_name: '/api' }]), {
      tag: 'docker.api',
      chunk: undefined,
      events: [{ timeMs: T * 1000, record: { log: 'hello', container_name: '/api' } }],
    });
  });

  it('reads an EventTime with its nanoseconds, and float seconds', async () => {
    assert.equal((await read(['app', eventTime(T, 123_456_789), { a: 1 }])).events[0]?.timeMs, T * 1000 + 123.456789);
    assert.equal((await read(['app', T + 0.25, { a: 1 }])).events[0]?.timeMs, T * 1000 + 250);
  });

  it('gives an impossible time the arrival time and keeps it as sent in forward_time', async () => {
    const cases: Array<[unknown, unknown]> = [
      [2n ** 63n, 2 ** 63],
      [-5, -5],
      [0, 0],
      [true, true],
      [eventTime(T, 2_000_000_000), `${T}.2000000000`],
      [eventTime(0, 0), '0.000000000'],
      [new ExtData(0, new Uint8Array(4)), 'ext0:00000000'],
    ];
    for (const [time, kept] of cases) {
      const e = (await read(['app', time, { a: 1 }])).events[0];
      assert.deepEqual(e, { timeMs: undefined, record: { a: 1, forward_time: kept } }, String(time));
    }
    // No time at all is no time to keep; a record's own forward_time is left alone.
    assert.deepEqual((await read(['app', null, { a: 1 }])).events[0], { timeMs: undefined, record: { a: 1 } });
    assert.deepEqual((await read(['app', -1, { forward_time: 'mine' }])).events[0]?.record, { forward_time: 'mine' });
  });

  it('reads a str second element as PackedForward entries, as the spec says, not as a time', async () => {
    await refusal(['app', 'yesterday', { a: 1 }], /entry 0 is a number/);
  });

  it('reads a time sent in milliseconds as HTTP ingest does, by its magnitude', async () => {
    assert.equal((await read(['app', T * 1000, { a: 1 }])).events[0]?.timeMs, T * 1000);
  });

  it('reads Forward mode with more entries than it keeps, in order, ignoring a compressed option', async () => {
    const entries = Array.from({ length: 70_000 }, (_, i) => [T, { n: i }]);
    const msg = await read(['app', entries, { chunk: 'big', compressed: 'gzip' }], { ...LIMITS, maxEntries: 100_000 });
    assert.equal(msg.events.length, 70_000);
    assert.ok(msg.events.every((e, i) => e.record.n === i));
  });

  it('reads Forward mode and its chunk', async () => {
    const msg = await read([
      'app',
      [
        [T, { n: 1 }],
        [eventTime(T + 2, 0), { n: 3 }],
      ],
      { chunk: 'abc=' },
    ]);
    assert.deepEqual(msg, {
      tag: 'app',
      chunk: 'abc=',
      events: [
        { timeMs: T * 1000, record: { n: 1 } },
        { timeMs: (T + 2) * 1000, record: { n: 3 } },
      ],
    });
  });

  it('refuses a whole Forward or Message when one entry is not [time, map]', async () => {
    await refusal(['app', [[T, { n: 1 }], 'junk']], /entry 1 is a string, not \[time, record\]/);
    await refusal(
      [
        'app',
        [
          [T, { n: 1 }],
          [T, 'text'],
        ],
      ],
      /entry 1: the record is a string, not a map/,
    );
    await refusal(['app', T, [1, 2]], /the record is an array of 2, not a map/);
    await refusal(['app', T], /the record is nil/);
  });

  it('reads PackedForward from bin, in batches when it has more entries than it keeps', async () => {
    const entries = Array.from({ length: 25 }, (_, i) => [T, { n: i }]);
    const msg = await read(['app', packed(...entries), { size: 25 }]);
    assert.deepEqual(
      msg.events.map((e) => e.record.n),
      entries.map((_, i) => i),
    );
  });

  it("reads PackedForward with its entries as str32, as Fluentd's out_forward sends them", async () => {
    const entries = packed([T, { log: 'héllo' }], [eventTime(T, 5_000_000), { n: 2 }]);
    const head = Buffer.alloc(5);
    head.writeUInt8(0xdb, 0);
    head.writeUInt32BE(entries.length, 1);
    const frame = Buffer.concat([
      Buffer.from([0x93]),
      encode('fluentd.app'),
      head,
      entries,
      encode({ size: 2, chunk: 'YWJj' }),
    ]);
    const msg = readForwardMessage(frame);
    assert.equal(msg.tag, 'fluentd.app');
    assert.equal(msg.chunk, 'YWJj');
    assert.equal(msg.body.mode, 'entries');
    if (msg.body.mode !== 'entries') return;
    const events: ForwardEvent[] = [];
    for await (const batch of await readPackedEntries(msg.body.entries, undefined, LIMITS)) events.push(...batch);
    assert.deepEqual(events, [
      { timeMs: T * 1000, record: { log: 'héllo' } },
      { timeMs: T * 1000 + 5, record: { n: 2 } },
    ]);
  });

  it('reads CompressedPackedForward, several gzip members included, also past what it keeps', async () => {
    const many = Array.from({ length: 30 }, (_, i) => [T, { n: i }]);
    const msg = await read([
      'app',
      Buffer.concat([gzipSync(packed([T, { n: -1 }])), gzipSync(packed(...many))]),
      { compressed: 'gzip', chunk: 'c1' },
    ]);
    assert.deepEqual(
      msg.events.map((e) => e.record.n),
      [-1, ...many.map((_, i) => i)],
    );
    assert.equal(msg.chunk, 'c1');
  });

  it('refuses packed entries that do not inflate, an unknown compression, and one that is not a string', async () => {
    await refusal(['app', packed([T, { n: 1 }]), { compressed: 'gzip' }], /gzip-compressed entries do not inflate/);
    await refusal(['app', packed([T, { n: 1 }]), { compressed: 'lz4' }], /compression "lz4" is not supported/);
    await refusal(['app', packed([T, { n: 1 }]), { compressed: 1 }], /compressed is number/);
  });

  it('refuses packed entries with a broken or cut entry, publishing none of them', async () => {
    const good = packed([T, { n: 1 }]);
    await refusal(['app', Buffer.concat([good, Buffer.from([0xc1])])], /not MessagePack/);
    await refusal(['app', Buffer.concat([good, good.subarray(0, 3)])], /end in the middle of an entry/);
    await refusal(['app', Buffer.concat([good, encode(42)])], /entry 1 is a number/);
  });

  it('refuses more entries, or more inflated bytes, than its limits', async () => {
    const entries = packed(...Array.from({ length: 20 }, () => [T, { n: 1 }]));
    await refusal(['app', entries], /more than 19 entries/, { ...LIMITS, maxEntries: 19 });
    await refusal(['app', Array.from({ length: 20 }, () => [T, { n: 1 }])], /more than 19 entries/, {
      ...LIMITS,
      maxEntries: 19,
    });
    const wide = packed(...Array.from({ length: 900 }, () => [T, { message: 'x'.repeat(1200) }]));
    await refusal(['app', gzipSync(wide), { compressed: 'gzip' }], /inflate to more than 1048576 bytes/);
  });

  it('takes the chunk option as the id to acknowledge, in every mode', async () => {
    assert.equal((await read(['app', T, { a: 1 }, { chunk: 'm' }])).chunk, 'm');
    assert.equal((await read(['app', [[T, { a: 1 }]], { chunk: 'f' }])).chunk, 'f');
    assert.equal((await read(['app', packed([T, { a: 1 }]), { chunk: 'p' }])).chunk, 'p');
    assert.equal((await read(['app', T, { a: 1 }, { chunk: 42 }])).chunk, undefined);
    assert.equal(readForwardMessage(encode(['app', T, 'not a map', { chunk: 'r' }])).chunk, 'r');
  });

  it('turns record values that arrived as bin into text', async () => {
    assert.deepEqual((await read(['app', T, { log: Buffer.from('héllo'), n: 1 }])).events[0]?.record, {
      log: 'héllo',
      n: 1,
    });
  });

  it('keeps a __proto__ key as an ordinary property, at any depth, without touching prototypes', async () => {
    const record = JSON.parse('{"__proto__": {"polluted": 1}, "a": {"__proto__": 2}, "message": "m"}') as Record<
      string,
      unknown
    >;
    const e = (await read(['app', packed([T, { first: 1 }], [T, record]), { chunk: 'p' }])).events[1];
    assert.equal(Object.getPrototypeOf(e?.record), Object.prototype);
    assert.equal(JSON.stringify(e?.record), '{"a":{"__proto__":2},"message":"m","__proto__":{"polluted":1}}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a whole value the decoder does not take (a map key that is an array), without knowing its chunk', () => {
    const frame = Buffer.concat([
      Buffer.from([0x94]),
      encode('app'),
      encode(T),
      Buffer.from([0x81, 0x91, 0x01, 0x02]),
      encode({ chunk: 'k' }),
    ]);
    const msg = readForwardMessage(frame);
    assert.equal(msg.chunk, undefined);
    assert.equal(msg.body.mode, 'refused');
    assert.match(
      msg.body.mode === 'refused' ? msg.body.reason : '',
      /does not decode: The type of key must be string or number/,
    );
  });

  it('throws ForwardProtocolError for what is not a forward message', () => {
    for (const v of [null, 42, 'app', [], ['app'], [1, T, {}]]) {
      assert.throws(() => readForwardMessage(encode(v)), ForwardProtocolError, JSON.stringify(v));
    }
  });
});
