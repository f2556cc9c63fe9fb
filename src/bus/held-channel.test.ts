import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';
import { payloadText } from '../protocol/payload.js';
import { holdChannel } from './held-channel.js';
import { createMemoryBus } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';

let server: RedisServerHandle;
before(async () => {
  server = await startRedisServer();
});
after(async () => {
  await server.stop();
});

/** Resolves after the turns a memory bus delivers in and a held channel hands over in. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('holdChannel', () => {
  it('hands what arrived before the first subscribe to it, in order, before what follows', async () => {
    const inner = createMemoryBus({ highWaterMark: 100_000, maxQueue: 100_000 });
    const bus = holdChannel(inner, 'logs', 100_000);
    await settle();
    for (let i = 0; i < 10_000; i++) inner.publish('logs', `early-${i}`);
    await inner.flush();
    await settle();
    const got: string[] = [];
    await bus.subscribe('logs', (p) => got.push(String(p)));
    inner.publish('logs', 'late');
    await inner.flush();
    await settle();
    assert.equal(got.length, 10_001);
    assert.deepEqual(got.slice(0, 2), ['early-0', 'early-1']);
    assert.equal(got[9_999], 'early-9999');
    assert.equal(got[10_000], 'late');
    await bus.close();
  });

  it('holds at most its limit, letting the oldest go', async () => {
    const inner = createMemoryBus();
    const bus = holdChannel(inner, 'logs', 3);
    await settle();
    for (let i = 0; i < 10; i++) inner.publish('logs', String(i));
    await inner.flush();
    await settle();
    const got: string[] = [];
    await bus.subscribe('logs', (p) => got.push(String(p)));
    await settle();
    assert.deepEqual(got, ['7', '8', '9']);
    await bus.close();
  });

  it('leaves other channels and a second subscriber of the channel to the bus', async () => {
    const inner = createMemoryBus();
    const bus = holdChannel(inner, 'logs', 10);
    const stats: string[] = [];
    const second: string[] = [];
    await bus.subscribe('stats', (p) => stats.push(String(p)));
    await bus.subscribe('logs', () => undefined);
    await bus.subscribe('logs', (p) => second.push(String(p)));
    bus.publish('stats', 's');
    bus.publish('logs', 'l');
    await bus.flush();
    await settle();
    assert.deepEqual([stats, second], [['s'], ['l']]);
    await bus.close();
  });

  it('takes a stream over while its past still loads, so the past goes straight to the new handler', async () => {
    const writer = createRedisBus({ url: server.url, transport: 'streams' });
    const texts = Array.from({ length: 20_000 }, (_, i) => `m${i}`);
    for (const t of texts) if (!writer.publish('past', t)) await writer.drain();
    await writer.flush();
    const inner = createRedisBus({
      url: server.url,
      transport: 'streams',
      backfill: { channels: ['past'], count: 20_000 },
    });
    const bus = holdChannel(inner, 'past', 100_000);
    try {
      const got: string[] = [];
      // Taken over before the first page came back: when it resolves, the whole past was handed over.
      await bus.subscribe('past', (p) => got.push(payloadText(p)));
      assert.equal(got.length, texts.length);
      assert.deepEqual(got, texts);
    } finally {
      await Promise.all([bus.close(), writer.close()]);
    }
  });
});
