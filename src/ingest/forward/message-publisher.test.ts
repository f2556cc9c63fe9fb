import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import type { Bus } from '../../bus/bus.js';
import { createRedisBus } from '../../bus/redis-bus.js';
import type { ForwardEvent } from './forward-entry.js';
import { MessagePublisher, type PublishTarget } from './message-publisher.js';

const events = (n: number): ForwardEvent[] =>
  Array.from({ length: n }, (_, i) => ({ timeMs: undefined, record: { n: i } }));

/** A publish target over a real Redis bus, as `logstream ingest` wires it. */
function target(bus: Bus, maxWaitMs: number, stopAtDrop = false): PublishTarget {
  return {
    sink: {
      publish: (wire) => bus.publish('logs.ingest', wire),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => bus.status().state === 'ready',
    },
    push: (e) => bus.publish('logs.ingest', JSON.stringify(e.record)),
    flush: () => bus.flush(),
    maxWaitMs,
    stopAtDrop,
  };
}

async function readyBus(redis: RedisServerHandle): Promise<Bus> {
  const bus = createRedisBus({
    url: redis.url,
    name: 'publisher-test',
    highWaterMark: 100,
    maxQueue: 1000,
    closeTimeoutMs: 100,
  });
  bus.publish('warm-up', 'x');
  await waitFor(() => bus.status().state === 'ready', 'the bus connected', 10_000);
  return bus;
}

describe('MessagePublisher', () => {
  let redis: RedisServerHandle;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis.stop();
  });

  it('publishes a message larger than the bus queue whole, waiting for room instead of dropping', async () => {
    const bus = await readyBus(redis);
    try {
      const publisher = new MessagePublisher(target(bus, 30_000));
      assert.equal(await publisher.publish(events(5000)), undefined);
      assert.equal(await publisher.settle(), undefined);
      assert.deepEqual([bus.counters().published, bus.counters().dropped], [5001, 0]);
    } finally {
      await bus.close();
    }
  });

  it('gives up after its wait when Redis stops answering, and says why', { timeout: 30_000 }, async () => {
    const bus = await readyBus(redis);
    process.kill(redis.pid, 'SIGSTOP');
    try {
      const few = new MessagePublisher(target(bus, 300));
      assert.equal(await few.publish(events(10)), undefined);
      assert.match((await few.settle()) ?? '', /Redis did not confirm the logs within 0.3 s/);
      const many = new MessagePublisher(target(bus, 300));
      assert.match((await many.publish(events(500))) ?? '', /Redis took no logs for 0.3 s/);
    } finally {
      process.kill(redis.pid, 'SIGCONT');
      await bus.close();
    }
  });

  it(
    'does not wait while Redis is unreachable: what does not fit in the queue is dropped and reported',
    { timeout: 30_000 },
    async () => {
      const bus = await readyBus(redis);
      await redis.kill();
      try {
        await waitFor(() => bus.status().state !== 'ready', 'the bus noticing Redis is gone', 10_000);
        const publisher = new MessagePublisher(target(bus, 60_000));
        const started = Date.now();
        assert.equal(await publisher.publish(events(1500)), undefined);
        assert.match((await publisher.settle()) ?? '', /^500 logs were dropped meanwhile/);
        assert.ok(Date.now() - started < 10_000);
      } finally {
        await bus.close();
        await redis.restart();
      }
    },
  );

  it(
    'stops an acknowledged chunk at the first event the queue refuses, so that the resent chunk brings none of its rest twice',
    { timeout: 30_000 },
    async () => {
      const bus = await readyBus(redis);
      await redis.kill();
      try {
        await waitFor(() => bus.status().state !== 'ready', 'the bus noticing Redis is gone', 10_000);
        // A log in flight when Redis went away may be counted as dropped too: only this chunk's count.
        const before = bus.counters().dropped;
        const publisher = new MessagePublisher(target(bus, 60_000, true));
        assert.match(
          (await publisher.publish(events(1500))) ?? '',
          /^a log was dropped \(Redis unreachable and the queue full\)/,
        );
        assert.equal(bus.counters().dropped - before, 1);
        assert.ok(publisher.published <= 1000, `${publisher.published} published`);
      } finally {
        await bus.close();
        await redis.restart();
      }
    },
  );
});
