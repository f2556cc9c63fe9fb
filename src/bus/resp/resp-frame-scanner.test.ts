import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RespFrameScanner } from './resp-frame-scanner.js';
import { encodeCommand } from './resp-encoder.js';

/** Feeds `chunks` until the scanner reports an end; returns that end as an offset in the joined bytes. */
function endOf(chunks: Buffer[]): number {
  const scanner = new RespFrameScanner();
  let offset = 0;
  for (const chunk of chunks) {
    const end = scanner.feed(chunk);
    if (end >= 0) return offset + end;
    offset += chunk.length;
  }
  return -1;
}

/** An XREAD-shaped reply: one stream, `n` entries of one field holding `payload`. */
function xreadReply(n: number, payload: string): Buffer {
  const entries = Array.from(
    { length: n },
    (_, i) => `*2\r\n$${`1-${i}`.length}\r\n1-${i}\r\n*2\r\n$1\r\np\r\n$${payload.length}\r\n${payload}\r\n`,
  );
  return Buffer.from(`*1\r\n*2\r\n$4\r\nlogs\r\n*${n}\r\n${entries.join('')}`, 'latin1');
}

describe('RespFrameScanner', () => {
  it('finds the end of nested arrays, nulls, integers, lines and empty arrays', () => {
    const frame = Buffer.from('*4\r\n*-1\r\n:7\r\n+OK\r\n*2\r\n$-1\r\n*0\r\n', 'latin1');
    assert.equal(endOf([Buffer.concat([frame, Buffer.from('+NEXT\r\n')])]), frame.length);
  });

  it('finds the same end however a long array reply is cut into chunks', () => {
    const reply = xreadReply(300, 'x'.repeat(40) + '\r\n$9\r\n*3');
    const frame = Buffer.concat([reply, encodeCommand(['more'])]);
    fc.assert(
      fc.property(fc.array(fc.nat(frame.length), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const p of [...points, frame.length]) {
          chunks.push(frame.subarray(from, p));
          from = p;
        }
        assert.equal(endOf(chunks), reply.length);
      }),
    );
  });

  it('reports an unfinished frame as going on', () => {
    const reply = xreadReply(10, 'payload');
    assert.equal(endOf([reply.subarray(0, reply.length - 1)]), -1);
  });
});
