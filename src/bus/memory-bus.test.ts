import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runBusContract } from './contract.js';
import { createMemoryBus } from './memory-bus.js';

runBusContract('memory bus contract', (opts) => createMemoryBus(opts));

describe('memory bus', () => {
  it('is ready from creation', async () => {
    const bus = createMemoryBus();
    assert.equal(bus.status().state, 'ready');
    await bus.close();
  });

  it('does not deliver messages published before a subscription to it', async () => {
    const bus = createMemoryBus();
    const got: string[] = [];
    bus.publish('ch', 'before');
    await bus.subscribe('ch', (p) => got.push(String(p)));
    bus.publish('ch', 'after');
    await bus.flush();
    assert.deepEqual(got, ['after']);
    await bus.close();
  });

  it('delivers a whole burst in one batch, not one callback per message', async () => {
    const bus = createMemoryBus({ highWaterMark: 1_000_000, maxQueue: 1_000_000 });
    let calls = 0;
    let batches = 0;
    let seenInTurn = 0;
    await bus.subscribe('ch', () => {
      if (seenInTurn++ === 0) {
        batches++;
        // A fresh macrotask starts a new count; all messages of one batch share a turn.
        setImmediate(() => (seenInTurn = 0));
      }
      calls++;
    });
    for (let i = 0; i < 200_000; i++) bus.publish('ch', 'x');
    await bus.flush();
    assert.equal(calls, 200_000);
    assert.equal(batches, 1);
    await bus.close();
  });

  it('drops and counts publishes beyond maxQueue', async () => {
    const bus = createMemoryBus({ highWaterMark: 10, maxQueue: 20 });
    const results = Array.from({ length: 25 }, () => bus.publish('ch', 'x'));
    // Like a stream's write(): false from the message that reaches the mark on; past 20, dropped.
    assert.equal(results.indexOf(false), 9);
    assert.equal(results.filter((r) => !r).length, 16);
    assert.equal(bus.counters().dropped, 5);
    await bus.flush();
    assert.equal(bus.counters().published, 20);
    await bus.close();
  });

  it('delivers what was queued before close', async () => {
    const bus = createMemoryBus();
    const got: string[] = [];
    await bus.subscribe('ch', (p) => got.push(String(p)));
    bus.publish('ch', 'last words');
    await bus.close();
    assert.deepEqual(got, ['last words']);
  });

  it('logs the first handler error to stderr when no onError is given, and only the first', async () => {
    const bus = createMemoryBus();
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      await bus.subscribe('ch', () => {
        throw new Error('boom');
      });
      bus.publish('ch', 'a');
      bus.publish('ch', 'b');
      await bus.flush();
    } finally {
      console.error = original;
    }
    assert.equal(logged.length, 1);
    assert.match(String(logged[0]?.[0]), /channel ch threw: boom/);
    await bus.close();
  });
});
