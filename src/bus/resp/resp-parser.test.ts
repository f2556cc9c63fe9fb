import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RespError, RespParser, type RespReply } from './resp-parser.js';
import { splitAt as split } from '../../../test/helpers/chunks.js';

type Event = { message: [string, string] } | { reply: unknown };

/** Parses `chunks` in order and returns what came out, Buffers turned into text for comparison. */
function parse(chunks: Buffer[]): Event[] {
  const events: Event[] = [];
  const plain = (r: RespReply): unknown =>
    Buffer.isBuffer(r)
      ? r.toString('latin1')
      : Array.isArray(r)
        ? r.map(plain)
        : r instanceof RespError
          ? { error: r.message }
          : r;
  const parser = new RespParser({
    onReply: (reply) => events.push({ reply: plain(reply) }),
    onMessage: (channel, bytes, start, end) =>
      events.push({ message: [channel, bytes.toString('latin1', start, end)] }),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return events;
}

const bulk = (s: string): string => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const message = (channel: string, payload: string): string => `*3\r\n$7\r\nmessage\r\n${bulk(channel)}${bulk(payload)}`;

describe('RespParser', () => {
  it('decodes every RESP2 reply type', () => {
    const wire =
      '+OK\r\n-WRONGPASS invalid\r\n:42\r\n:-7\r\n$5\r\nhello\r\n$-1\r\n$0\r\n\r\n*2\r\n$9\r\nsubscribe\r\n:1\r\n*-1\r\n*0\r\n';
    assert.deepEqual(parse([Buffer.from(wire, 'latin1')]), [
      { reply: 'OK' },
      { reply: { error: 'WRONGPASS invalid' } },
      { reply: 42 },
      { reply: -7 },
      { reply: 'hello' },
      { reply: null },
      { reply: '' },
      { reply: ['subscribe', 1] },
      { reply: null },
      { reply: [] },
    ]);
  });

  it('takes pub/sub messages out on their own path and leaves confirmations as replies', () => {
    const wire = `*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n${message('ch', 'a\r\nb')}${message('other', '')}`;
    assert.deepEqual(parse([Buffer.from(wire, 'latin1')]), [
      { reply: ['subscribe', 'ch', 1] },
      { message: ['ch', 'a\r\nb'] },
      { message: ['other', ''] },
    ]);
  });

  it('takes sharded smessage pushes out on the same path, however they are cut', () => {
    const wire = Buffer.from(
      `*3\r\n$10\r\nssubscribe\r\n$2\r\nch\r\n:1\r\n*3\r\n$8\r\nsmessage\r\n${bulk('ch')}${bulk('a\r\nb')}+OK\r\n`,
      'latin1',
    );
    const want = [{ reply: ['ssubscribe', 'ch', 1] }, { message: ['ch', 'a\r\nb'] }, { reply: 'OK' }];
    assert.deepEqual(parse([wire]), want);
    assert.deepEqual(parse([...wire].map((b) => Buffer.from([b]))), want);
  });

  it('hands payloads out as ranges of the chunk, not copies', () => {
    const chunk = Buffer.from(message('ch', 'payload'), 'latin1');
    let got: [Buffer, number, number] | undefined;
    new RespParser({ onReply: () => {}, onMessage: (_c, bytes, start, end) => (got = [bytes, start, end]) }).feed(
      chunk,
    );
    assert.ok(got !== undefined);
    assert.equal(got[0], chunk);
    assert.equal(chunk.toString('latin1', got[1], got[2]), 'payload');
  });

  it('gives the same result however the stream is cut into chunks', () => {
    const wire = Buffer.from(
      `+OK\r\n${message('logs.ingest', '{"level":"ERROR"}')}:12345\r\n-ERR x\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n${message('c', 'x'.repeat(300))}${message('c', 'y'.repeat(9_000))}+OK\r\n`,
      'latin1',
    );
    const whole = parse([wire]);
    assert.equal(whole.length, 8);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
        assert.deepEqual(parse(split(wire, cuts)), whole);
      }),
    );
    // One byte at a time is the hardest cut of all.
    assert.deepEqual(parse([...wire].map((b) => Buffer.from([b]))), whole);
  });

  it('decodes an array reply of thousands of entries, cut into socket-sized chunks anywhere, once and whole', () => {
    const entry = (i: number): string =>
      `*2\r\n${bulk(`1-${i}`)}*2\r\n${bulk('p')}${bulk(`{"message":"entry ${i}"}`.padEnd(300, ' '))}`;
    const wire = Buffer.from(
      `*1\r\n*2\r\n${bulk('logs')}*5000\r\n${Array.from({ length: 5000 }, (_, i) => entry(i)).join('')}+OK\r\n`,
      'latin1',
    );
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 70_000 }), (size) => {
        const chunks: Buffer[] = [];
        for (let at = 0; at < wire.length; at += size) chunks.push(wire.subarray(at, at + size));
        const events = parse(chunks);
        assert.equal(events.length, 2);
        const [[, list]] = (events[0] as { reply: [[string, Array<[string, [string, string]]>]] }).reply;
        assert.equal(list.length, 5000);
        assert.equal(list[4999]?.[0], '1-4999');
        assert.match(list[4999]?.[1][1] ?? '', /entry 4999/);
        assert.deepEqual(events[1], { reply: 'OK' });
      }),
      { numRuns: 20 },
    );
  });

  it('assembles a payload spread over many chunks without losing bytes', () => {
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    const wire = Buffer.concat([
      Buffer.from(`*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$${big.length}\r\n`),
      big,
      Buffer.from('\r\n:1\r\n'),
    ]);
    const got: Buffer[] = [];
    let replies = 0;
    const parser = new RespParser({
      onReply: () => replies++,
      onMessage: (_c, bytes, start, end) => got.push(bytes.subarray(start, end)),
    });
    for (let at = 0; at < wire.length; at += 65_536) parser.feed(wire.subarray(at, at + 65_536));
    assert.equal(got.length, 1);
    assert.ok(got[0]?.equals(big));
    assert.equal(replies, 1);
  });

  it('rejects bytes that are not RESP2', () => {
    const parser = new RespParser({ onReply: () => {}, onMessage: () => {} });
    assert.throws(() => parser.feed(Buffer.from('HTTP/1.1 400 Bad Request\r\n')), RespError);
    assert.throws(
      () => new RespParser({ onReply: () => {}, onMessage: () => {} }).feed(Buffer.from(':12a\r\n')),
      RespError,
    );
  });

  it('forgets a partial frame on reset', () => {
    const events: RespReply[] = [];
    const parser = new RespParser({ onReply: (r) => events.push(r), onMessage: () => {} });
    parser.feed(Buffer.from('$10\r\nabc'));
    parser.reset();
    parser.feed(Buffer.from(':1\r\n'));
    assert.deepEqual(events, [1]);
  });
});
