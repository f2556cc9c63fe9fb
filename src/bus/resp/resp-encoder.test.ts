import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeCommand, PublishEncoder } from './resp-encoder.js';
import { RespParser, type RespReply } from './resp-parser.js';

/** Every reply in `bytes`, as the parser sees it. */
function replies(bytes: Buffer): RespReply[] {
  const out: RespReply[] = [];
  new RespParser({ onReply: (r) => out.push(r), onMessage: () => assert.fail('not a message') }).feed(bytes);
  return out;
}

describe('encodeCommand', () => {
  it('writes an array of bulk strings', () => {
    assert.equal(encodeCommand(['AUTH', 'app', 'pä$$']).toString('utf8'), '*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$5\r\npä$$\r\n');
  });
});

describe('PublishEncoder', () => {
  it('writes PUBLISH frames for string and Buffer payloads, byte for byte', () => {
    const encoder = new PublishEncoder();
    encoder.append('logs.ingest', 'ログ ✓');
    encoder.append('c', Buffer.from([0, 0xff, 13, 10]));
    encoder.append('c', '');
    assert.equal(
      encoder.seal().toString('latin1'),
      '*3\r\n$7\r\nPUBLISH\r\n$11\r\nlogs.ingest\r\n$' +
        `${Buffer.byteLength('ログ ✓')}\r\n${Buffer.from('ログ ✓').toString('latin1')}\r\n` +
        '*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$4\r\n\x00\xff\r\n\r\n' +
        '*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$0\r\n\r\n',
    );
    assert.equal(encoder.pending, 0);
  });

  it('round-trips any batch of messages through the parser, across slab boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'logs.ingest', 'ステータス'), fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 70_000 }))), {
          maxLength: 40,
        }),
        fc.array(fc.nat(40), { maxLength: 4 }),
        (messages, sealAfter) => {
          const encoder = new PublishEncoder();
          const batches: Buffer[] = [];
          messages.forEach(([channel, payload], i) => {
            encoder.append(channel, typeof payload === 'string' ? payload : Buffer.from(payload));
            if (sealAfter.includes(i)) batches.push(encoder.seal());
          });
          batches.push(encoder.seal());
          const latin1 = (value: string | Uint8Array): string => (typeof value === 'string' ? Buffer.from(value) : Buffer.from(value)).toString('latin1');
          const expected = messages.map(([channel, payload]) => ['PUBLISH', latin1(channel), latin1(payload)]);
          const decoded = replies(Buffer.concat(batches)).map((r) => (r as Buffer[]).map((b) => b.toString('latin1')));
          assert.deepEqual(decoded, expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps sealed batches intact while later frames are written', () => {
    const encoder = new PublishEncoder();
    encoder.append('c', 'first');
    const first = encoder.seal();
    const copy = Buffer.from(first);
    for (let i = 0; i < 2_000; i++) encoder.append('c', 'y'.repeat(200));
    encoder.seal();
    assert.ok(first.equals(copy));
  });
});
