import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRedisSubscriber } from './redis-subscriber.js';
import { RespParser } from './resp/resp-parser.js';
import type { RespConnection } from './resp/resp-connection.js';
import { splitAt } from '../../test/helpers/chunks.js';

const CHANNEL = 'logs.ingest';

/** A message push as Redis writes it; `payload` null is a `$-1` bulk. */
function frame(channel: string, payload: Buffer | null): Buffer {
  const name = Buffer.from(channel);
  const head = Buffer.from(`*3\r\n$7\r\nmessage\r\n$${name.length}\r\n`);
  const body = payload === null ? [Buffer.from('$-1\r\n')] : [Buffer.from(`$${payload.length}\r\n`), payload];
  return Buffer.concat([head, name, Buffer.from('\r\n'), ...body, ...(payload === null ? [] : [Buffer.from('\r\n')])]);
}

/** A subscriber on a connection that accepts every write, fed by the real parser. */
function wired() {
  const conn = { ready: true, write: () => true } as unknown as RespConnection;
  const subscriber = createRedisSubscriber(() => conn, {
    counters: { published: 0, dropped: 0, received: 0 },
    reportError: (_channel, err) => assert.fail(String(err)),
    onReconnect: () => {},
  });
  const parser = new RespParser({ onReply: (r) => subscriber.onReply(r), onMessage: subscriber.onMessage });
  const feed = (chunk: Buffer): void => {
    parser.feed(chunk);
    subscriber.onChunkEnd?.();
  };
  return { subscriber, feed };
}

describe('the Redis subscriber', () => {
  it('hands a range sink and a payload handler the same payloads, in order, however the socket cuts the stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { weight: 10, arbitrary: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)) },
            { weight: 1, arbitrary: fc.constant(null) },
            { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 70_000 }).map((n) => Buffer.alloc(n, 0x7b)) },
          ),
          { maxLength: 60 },
        ),
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        async (payloads, cuts, otherChannel) => {
          const { subscriber, feed } = wired();
          const ranged: Buffer[] = [];
          let owed: Array<[Buffer, number, number]> = [];
          const handled: Buffer[] = [];
          const subscribeRanges = subscriber.subscribeRanges;
          assert.ok(subscribeRanges !== undefined);
          const a = subscribeRanges(CHANNEL, {
            message: (bytes, start, end) => void owed.push([bytes, start, end]),
            // Copied only at the chunk's end, as the threads' batch writer does.
            chunkEnd() {
              for (const [bytes, start, end] of owed) ranged.push(Buffer.from(bytes.subarray(start, end)));
              owed = [];
            },
          });
          const b = subscriber.subscribe(CHANNEL, (p) => void handled.push(Buffer.from(p)));
          feed(Buffer.from(`*3\r\n$9\r\nsubscribe\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n:1\r\n`));
          await Promise.all([a, b]);
          // Messages of a channel nobody here subscribed to are skipped in between.
          const frames = payloads.flatMap((p) =>
            otherChannel ? [frame('other', Buffer.from('x')), frame(CHANNEL, p)] : [frame(CHANNEL, p)],
          );
          for (const chunk of splitAt(Buffer.concat(frames), cuts)) feed(chunk);
          const want = payloads.map((p) => p ?? Buffer.alloc(0));
          assert.equal(owed.length, 0);
          assert.deepEqual(ranged, want);
          assert.deepEqual(handled, want);
        },
      ),
      { numRuns: 120 },
    );
  });
});
