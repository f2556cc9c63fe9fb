import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import type { Bus, BusStatus } from '../bus/bus.js';
import { createMemoryBus } from '../bus/memory-bus.js';
import { decodeLog } from '../protocol/log-decode.js';
import { payloadText, type Payload } from '../protocol/payload.js';
import { newProducerId, startSender } from './sender.js';

const CHANNEL = 'logs.ingest';
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

/** Subscribes to the channel and collects what arrives. */
async function collect(bus: Bus): Promise<string[]> {
  const got: string[] = [];
  await bus.subscribe(CHANNEL, (payload) => got.push(payloadText(payload)));
  return got;
}

/**
 * A bus written against the interface, to script backpressure: publish returns `accept()`'s
 * answer, and drain() waits until the test calls `release()`.
 */
function scriptedBus(accept: (n: number) => boolean) {
  const published: Payload[] = [];
  let waiting: (() => void) | undefined;
  let drains = 0;
  let state: BusStatus['state'] = 'ready';
  const bus: Bus = {
    publish(_channel, payload) {
      published.push(payload);
      return accept(published.length);
    },
    drain() {
      drains++;
      return new Promise((resolve) => (waiting = resolve));
    },
    flush: () => Promise.resolve(),
    subscribe: () => Promise.reject(new Error('not used')),
    status: () => ({ state, since: 0 }),
    onStatus: () => () => undefined,
    counters: () => ({ published: published.length, dropped: 0, received: 0 }),
    close() {
      state = 'closed';
      return Promise.resolve();
    },
  };
  return {
    bus,
    published,
    drains: () => drains,
    /** Resolves once the sender waits in drain(): it yields between batches, so not at once. */
    async untilWaiting() {
      while (waiting === undefined) await delay(1);
    },
    release() {
      const resolve = waiting;
      waiting = undefined;
      resolve?.();
    },
  };
}

/** A clock that only moves when the sender sleeps: pacing becomes exact and instant. */
function simulatedTime(start = T0) {
  const clock = { t: start, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
      return Promise.resolve();
    },
  };
}

describe('startSender', () => {
  it("sends exactly `count` logs in RustLogStream's wire format, then resolves done", async () => {
    const bus = createMemoryBus();
    const got = await collect(bus);
    const sender = startSender(bus, { channel: CHANNEL, rate: 200_000, count: 2_500, seed: 1 });
    assert.deepEqual(await sender.done, { sent: 2_500, dropped: 0 });
    assert.equal(got.length, 2_500);
    const first = JSON.parse(got[0]!) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).slice(0, 4), ['timestamp', 'level', 'service', 'message']);
    assert.match(String(first.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.match(String(first.level), /^(DEBUG|INFO|WARN|ERROR|FATAL)$/);
    assert.equal(decodeLog(got[0]!, Date.now()).plain, false);
    await bus.close();
  });

  it('passes the seed and the services on to the generator', async () => {
    const payloads = async (seed: number): Promise<string[]> => {
      const { now, sleep } = simulatedTime();
      const bus = createMemoryBus();
      const got = await collect(bus);
      const producerId = 'send-fixed000';
      await startSender(bus, {
        channel: CHANNEL,
        rate: 1_000,
        count: 200,
        seed,
        services: ['alpha', 'beta'],
        now,
        sleep,
        producerId,
      }).done;
      await bus.close();
      return got;
    };
    const first = await payloads(9);
    assert.deepEqual(first, await payloads(9));
    assert.notDeepEqual(first, await payloads(10));
    assert.deepEqual([...new Set(first.map((p) => decodeLog(p, 0).service))].sort(), ['alpha', 'beta']);
  });

  it('stamps every log with its producer id and a sequence number counting from 1', async () => {
    const { now, sleep } = simulatedTime();
    const bus = createMemoryBus();
    const got = await collect(bus);
    const sender = startSender(bus, { channel: CHANNEL, rate: 5_000, count: 3_000, now, sleep });
    await sender.done;
    assert.match(sender.producerId, /^send-[0-9a-z]{8}$/);
    const records = got.map((p) => decodeLog(p, 0));
    assert.deepEqual(
      records.map((r) => r.producer?.seq),
      Array.from({ length: 3_000 }, (_, i) => i + 1),
    );
    assert.ok(records.every((r) => r.producer?.id === sender.producerId && r.fields?._ls === undefined));
    // The stamp follows RustLogStream's fields, which come first.
    assert.match(
      got[0]!,
      /^\{"timestamp":"[^"]+","level":"[A-Z]+","service":"[^"]+","message":.*,"_ls":\{"p":"send-[0-9a-z]{8}","s":1\}\}$/,
    );
    assert.deepEqual(sender.progress(), { sent: 3_000, dropped: 0 });
    await bus.close();
  });

  it('escapes a producer id it is given and makes a fresh one per sender', async () => {
    const bus = createMemoryBus();
    const got = await collect(bus);
    await startSender(bus, { channel: CHANNEL, rate: 1_000, count: 1, producerId: 'we"ird' }).done;
    assert.deepEqual(decodeLog(got[0]!, 0).producer, { id: 'we"ird', seq: 1 });
    assert.notEqual(newProducerId(), newProducerId());
    assert.match(newProducerId('demo-'), /^demo-[0-9a-z]{8}$/);
    await bus.close();
  });

  it('leaves no gap in the sequence for logs it skipped behind schedule', async () => {
    const { clock, now, sleep } = simulatedTime();
    const scripted = scriptedBus((n) => n !== 10);
    const sender = startSender(scripted.bus, { channel: CHANNEL, rate: 1_000, count: 40, now, sleep, maxCatchUpMs: 5 });
    await scripted.untilWaiting();
    clock.t += 2_000; // a stall while waiting for drain
    scripted.release();
    const result = await sender.done;
    assert.ok(result.dropped > 0);
    const seqs = scripted.published.map((p) => decodeLog(p, 0).producer?.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });

  it('roughly honours the rate on the real clock', async () => {
    const bus = createMemoryBus();
    const got = await collect(bus);
    const started = performance.now();
    const sender = startSender(bus, { channel: CHANNEL, rate: 200 });
    await delay(500);
    await sender.stop();
    // About 100; loose bounds around what the time that really passed allows (a busy machine
    // may sleep longer than asked), as this is not a timing test.
    const expected = (200 * (performance.now() - started)) / 1_000;
    assert.ok(got.length >= 60 && got.length >= 0.6 * expected, `${got.length} logs, ${expected} expected`);
    assert.ok(got.length <= 1.4 * expected + 1, `${got.length} logs, ${expected} expected`);
    await bus.close();
  });

  it('paces exactly on simulated time and stamps logs with the injected clock', async () => {
    const { clock, now, sleep } = simulatedTime();
    const bus = createMemoryBus();
    const got = await collect(bus);
    const sender = startSender(bus, { channel: CHANNEL, rate: 1_000, count: 5_000, now, sleep, maxCatchUpMs: 1_000 });
    assert.deepEqual(await sender.done, { sent: 5_000, dropped: 0 });
    // The first log goes at once, the 5,000th is due 4.999 s later: ten-millisecond ticks.
    assert.ok(clock.t - T0 >= 4_990 && clock.t - T0 <= 5_000, `${clock.t - T0} ms`);
    assert.ok(clock.sleeps.every((ms) => ms === 10));
    const times = got.map((p) => decodeLog(p, 0).time);
    assert.equal(times[0], T0);
    assert.ok(times.every((t, i) => i === 0 || t >= times[i - 1]!));
    assert.equal(times.at(-1), clock.t);
    await bus.close();
  });

  it('sleeps one interval between logs at low rates instead of ticking', async () => {
    const { clock, now, sleep } = simulatedTime();
    const bus = createMemoryBus();
    const sender = startSender(bus, { channel: CHANNEL, rate: 2, count: 4, now, sleep });
    assert.equal((await sender.done).sent, 4);
    assert.deepEqual(clock.sleeps, [500, 500, 500]);
    await bus.close();
  });

  it('catches up at most maxCatchUpMs after a stall and counts the rest as dropped', async () => {
    const { clock, now } = simulatedTime();
    let stalled = false;
    const sleep = (ms: number): Promise<void> => {
      // One 5-second stall, as if the event loop had been blocked.
      clock.t += stalled ? ms : 5_000;
      stalled = true;
      return Promise.resolve();
    };
    const bus = createMemoryBus({ highWaterMark: 1_000_000, maxQueue: 1_000_000 });
    const sender = startSender(bus, { channel: CHANNEL, rate: 100, count: 300, now, sleep, maxCatchUpMs: 1_000 });
    const result = await sender.done;
    assert.equal(result.sent, 300);
    // Due after the stall: 501 logs; one sent before it, at most 100 (1 s) made up.
    assert.equal(result.dropped, 400);
    await bus.close();
  });

  it('waits for drain() when publish returns false, and resumes after it', async () => {
    const scripted = scriptedBus((n) => n % 50 !== 0);
    const sender = startSender(scripted.bus, { channel: CHANNEL, rate: 100_000, count: 120 });
    await scripted.untilWaiting();
    await delay(30);
    assert.equal(scripted.published.length, 50, 'nothing is published while waiting for drain');
    assert.equal(scripted.drains(), 1);
    scripted.release();
    await delay(30);
    await scripted.untilWaiting();
    assert.equal(scripted.published.length, 100);
    scripted.release();
    assert.deepEqual(await sender.done, { sent: 120, dropped: 0 });
  });

  it('does not make up the time spent waiting for drain beyond the catch-up bound', async () => {
    const { clock, now, sleep } = simulatedTime();
    const scripted = scriptedBus((n) => n !== 10);
    const sender = startSender(scripted.bus, {
      channel: CHANNEL,
      rate: 1_000,
      count: 2_000,
      now,
      sleep,
      maxCatchUpMs: 200,
    });
    await scripted.untilWaiting();
    assert.equal(scripted.published.length, 10);
    clock.t += 3_000; // the bus takes 3 s to drain
    scripted.release();
    const result = await sender.done;
    assert.equal(result.sent, 2_000);
    // 3,011 due at 3,010 ms, 10 sent before the wait, 200 (0.2 s) made up.
    assert.equal(result.dropped, 3_011 - 10 - 200);
  });

  it('yields to the event loop every few ms while catching up, so what it published gets written', async () => {
    // Each log takes 0.05 ms of (simulated) time to make: at 100k/s the sender never catches up.
    const clock = { t: T0 };
    const now = (): number => (clock.t += 0.05);
    const scripted = scriptedBus(() => true);
    const sender = startSender(scripted.bus, {
      channel: CHANNEL,
      rate: 100_000,
      count: 5_000,
      now,
      maxCatchUpMs: 60_000,
    });
    const seen: number[] = [0]; // the first go runs inside startSender
    const observe = (): void => {
      seen.push(scripted.published.length);
      if (scripted.published.length < 5_000) setImmediate(observe);
    };
    setImmediate(observe);
    assert.deepEqual(await sender.done, { sent: 5_000, dropped: 0 });
    seen.push(scripted.published.length);
    const gaps = seen.slice(1).map((n, i) => n - seen[i]!);
    // 2 ms of clock per go: about 40 logs between turns of the event loop, never thousands.
    assert.ok(Math.max(...gaps) <= 45, `up to ${Math.max(...gaps)} logs without a yield`);
  });

  it('stops early on stop(), flushes, and publishes nothing afterwards', async () => {
    const bus = createMemoryBus();
    const got = await collect(bus);
    const sender = startSender(bus, { channel: CHANNEL, rate: 1_000, count: 1_000_000 });
    await delay(50);
    await sender.stop();
    const result = await sender.done;
    assert.ok(result.sent > 0 && result.sent < 1_000_000);
    assert.equal(got.length, result.sent, 'flushed: everything sent was delivered');
    await delay(30);
    assert.equal(got.length, result.sent);
    await bus.close();
  });

  it('does not wait on stop() for a flush that needs a Redis that is unreachable, before or during the wait', async () => {
    for (const stopFirst of [true, false]) {
      let state: BusStatus['state'] = 'ready';
      const listeners = new Set<(s: BusStatus) => void>();
      const bus: Bus = {
        ...scriptedBus(() => true).bus,
        flush: () => new Promise<void>(() => undefined), // Redis never takes the rest
        status: () => ({ state, since: 0 }),
        onStatus: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
      // With a count the sender flushes on its own; without one it flushes when stopped.
      const sender = startSender(bus, { channel: CHANNEL, rate: 10_000, ...(stopFirst ? {} : { count: 10 }) });
      await delay(20);
      state = 'reconnecting';
      for (const listener of listeners) listener({ state, since: 0 });
      await sender.stop();
      assert.ok((await sender.done).sent > 0);
      assert.equal(listeners.size, 0, 'no listener left behind');
    }
  });

  it('stops at once even while sleeping a long interval at a low rate', async () => {
    const bus = createMemoryBus();
    const sender = startSender(bus, { channel: CHANNEL, rate: 0.01 });
    const started = Date.now();
    await delay(20);
    await sender.stop();
    assert.ok(Date.now() - started < 1_000);
    assert.equal((await sender.done).sent, 1);
    await bus.close();
  });

  it('ends on its own when the bus closes', async () => {
    const scripted = scriptedBus(() => true);
    const sender = startSender(scripted.bus, { channel: CHANNEL, rate: 1_000 });
    await delay(20);
    await scripted.bus.close();
    const result = await sender.done;
    assert.equal(result.sent, scripted.published.length);
  });

  it('refuses a rate or count it cannot honour', () => {
    const bus = createMemoryBus();
    for (const rate of [0, -1, Number.NaN, Infinity]) {
      assert.throws(() => startSender(bus, { channel: CHANNEL, rate }), RangeError);
    }
    assert.throws(() => startSender(bus, { channel: CHANNEL, rate: 1, count: 1.5 }), RangeError);
  });
});
