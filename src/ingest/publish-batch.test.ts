import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { Bus } from '../bus/bus.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import { createRedisBus } from '../bus/redis-bus.js';
import { payloadText } from '../protocol/payload.js';
import { publishBatch, type BatchSink } from './publish-batch.js';

/** The sink `logstream ingest` builds over a bus. */
function sinkOf(bus: Bus): BatchSink {
  return {
    drain: () => bus.drain(),
    dropped: () => bus.counters().dropped,
    connected: () => bus.status().state === 'ready',
  };
}

/** Every payload published on `channel`, as text. */
async function collect(bus: Bus, channel: string): Promise<string[]> {
  const got: string[] = [];
  await bus.subscribe(channel, (p) => got.push(payloadText(p)));
  return got;
}

describe('publishBatch', () => {
  let redis: RedisServerHandle;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis.stop();
  });

  it('publishes a batch many times the queue size in order, waiting whenever the bus asks', async () => {
    const bus = createMemoryBus({ highWaterMark: 100, maxQueue: 1_000 });
    const got = await collect(bus, 'c');
    const outcome = await publishBatch(20_000, (i) => bus.publish('c', String(i)), sinkOf(bus), {
      waitMs: 5_000,
      whileUnreachable: 'queue',
    });
    assert.deepEqual(outcome, { ok: true, accepted: 20_000 });
    await bus.flush();
    assert.deepEqual(
      got,
      Array.from({ length: 20_000 }, (_, i) => String(i)),
    );
    assert.equal(bus.counters().dropped, 0);
    await bus.close();
  });

  it('fills the queue of an unreachable Redis and stops at the first record it has no room for', async () => {
    const bus = createRedisBus({
      url: `redis://127.0.0.1:${await freePort()}`,
      highWaterMark: 100,
      maxQueue: 1_000,
      closeTimeoutMs: 10,
    });
    const outcome = await publishBatch(1_500, (i) => bus.publish('c', String(i)), sinkOf(bus), {
      waitMs: 5_000,
      whileUnreachable: 'queue',
    });
    assert.deepEqual(outcome, { ok: false, accepted: 1_000, stop: 'queue-full' });
    assert.equal(bus.counters().dropped, 1);
    await bus.close();
  });

  it('waits for an unreachable Redis when told to, then says it is unreachable', async () => {
    const bus = createRedisBus({
      url: `redis://127.0.0.1:${await freePort()}`,
      highWaterMark: 100,
      closeTimeoutMs: 10,
    });
    const outcome = await publishBatch(500, (i) => bus.publish('c', String(i)), sinkOf(bus), {
      waitMs: 200,
      whileUnreachable: 'wait',
      pollMs: 20,
    });
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome, { ok: false, accepted: 100, stop: 'unreachable' });
    await bus.close();
  });

  it('stops soon after its signal is aborted, saying how many items were taken', async () => {
    const bus = createRedisBus({
      url: `redis://127.0.0.1:${await freePort()}`,
      highWaterMark: 100,
      closeTimeoutMs: 10,
    });
    const gone = new AbortController();
    setTimeout(() => gone.abort(), 100);
    const started = Date.now();
    const outcome = await publishBatch(500, (i) => bus.publish('c', String(i)), sinkOf(bus), {
      waitMs: 10_000,
      whileUnreachable: 'wait',
      pollMs: 20,
      signal: gone.signal,
    });
    assert.deepEqual(outcome, { ok: false, accepted: 100, stop: 'aborted' });
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
    await bus.close();
  });

  it(
    'says Redis is slow when it takes nothing for the wait, and what it took is delivered once',
    { timeout: 30_000 },
    async () => {
      const bus = createRedisBus({ url: redis.url, highWaterMark: 100 });
      const reader = createRedisBus({ url: redis.url });
      const got = await collect(reader, 'slow');
      await waitFor(() => bus.status().state === 'ready', 'the publisher connected');
      await redis.cli('CLIENT', 'PAUSE', '1500', 'ALL');
      const outcome = await publishBatch(5_000, (i) => bus.publish('slow', String(i)), sinkOf(bus), {
        waitMs: 300,
        whileUnreachable: 'queue',
        pollMs: 20,
      });
      assert.equal(outcome.ok, false);
      assert.equal(outcome.ok ? '' : outcome.stop, 'slow');
      assert.ok(outcome.accepted >= 100 && outcome.accepted < 5_000, `${outcome.accepted} accepted`);
      // The rest, sent again from where it stopped, once Redis answers again.
      const rest = await publishBatch(
        5_000 - outcome.accepted,
        (i) => bus.publish('slow', String(outcome.accepted + i)),
        sinkOf(bus),
        { waitMs: 10_000, whileUnreachable: 'queue' },
      );
      assert.deepEqual(rest, { ok: true, accepted: 5_000 - outcome.accepted });
      await waitFor(() => got.length >= 5_000, 'every record once', 15_000);
      await bus.flush();
      assert.deepEqual(
        got,
        Array.from({ length: 5_000 }, (_, i) => String(i)),
      );
      await Promise.all([bus.close(), reader.close()]);
    },
  );
});
