import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusCounters } from './bus.js';
import { createRedisPublisher, type PublishLink } from './redis-publisher.js';
import { RespParser, type RespReply } from './resp/resp-parser.js';

/** A ready connection that keeps every write, and its callback, until the test completes it. */
function heldLink() {
  const writes: Array<{ bytes: Buffer; copy: Buffer; done: () => void }> = [];
  const link: PublishLink = {
    ready: true,
    write(bytes, written) {
      writes.push({ bytes, copy: Buffer.from(bytes), done: written ?? (() => undefined) });
      return true;
    },
  };
  return { link, writes };
}

function publisherOn(link: PublishLink, highWaterMark = 1_000_000) {
  const counters: BusCounters = { published: 0, dropped: 0, received: 0 };
  return createRedisPublisher(() => link, { highWaterMark, maxQueue: 2 * highWaterMark, counters });
}

/** The payloads of the PUBLISH frames in `bytes`. */
function payloads(bytes: Buffer): string[] {
  const out: RespReply[] = [];
  new RespParser({ onReply: (r) => out.push(r), onMessage: () => assert.fail('not a message') }).feed(bytes);
  return out.map((r) => ((r as Buffer[])[2] as Buffer).toString('utf8'));
}

const tick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('createRedisPublisher', () => {
  it('writes full batches while the caller is still publishing, and the rest on the next tick', async () => {
    const { link, writes } = heldLink();
    const publisher = publisherOn(link);
    const sent = Array.from({ length: 5_000 }, (_, i) => `log ${i} `.padEnd(300, '.'));
    for (const payload of sent) publisher.publish('logs.ingest', payload);
    // One synchronous run, as a sender catching up makes: most of it is already on the socket.
    const early = writes.reduce((n, w) => n + payloads(w.bytes).length, 0);
    assert.ok(early >= 4_000, `${early} of 5,000 written during the run`);
    await tick();
    assert.deepEqual(payloads(Buffer.concat(writes.map((w) => w.bytes))), sent);
  });

  it('writes exactly the frames, and reuses memory only after the socket is done with it', async () => {
    const { link, writes } = heldLink();
    const publisher = publisherOn(link);
    const sent: string[] = [];
    let completed = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 1_000; i++) {
        const payload = `round ${round} log ${i} ${'ü'.repeat(i % 7)}`.padEnd(250, 'x');
        sent.push(payload);
        publisher.publish('logs.ingest', payload);
      }
      await tick();
      // Nothing written is changed before its callback, however much was published since.
      for (const w of writes.slice(completed))
        assert.ok(w.bytes.equals(w.copy), 'a write was overwritten before it completed');
      // The socket finishes all but the newest two writes.
      for (; completed < writes.length - 2; completed++) writes[completed]!.done();
    }
    assert.deepEqual(payloads(Buffer.concat(writes.map((w) => w.copy))), sent);
    const memory = new Set(writes.map((w) => w.bytes.buffer));
    assert.ok(memory.size < writes.length / 4, `${memory.size} slabs for ${writes.length} writes`);
  });
});
