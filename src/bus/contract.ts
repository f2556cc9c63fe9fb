import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bus, BusState } from './bus.js';
import type { BusHandlerError } from './errors.js';
import { subscribeRanges } from './range-subscribe.js';
import { payloadText, type Payload } from '../protocol/payload.js';

/** What the contract asks of `makeBus`; adapters must honour both. */
export interface ContractBusOptions {
  highWaterMark?: number;
  /** Unsent messages held at most; beyond it `publish` drops and counts. */
  maxQueue?: number;
  onError?: (error: BusHandlerError) => void;
}

export interface ContractOptions {
  /** Longest wait for a message to arrive (default 5 s). */
  timeoutMs?: number;
}

interface Inbox {
  messages: Payload[];
  texts(): string[];
  /** Resolves once `count` messages arrived (or `done` holds); fails the test after the timeout. */
  until(done: number | ((texts: string[]) => boolean)): Promise<void>;
  unsubscribe(): Promise<void>;
}

/** Same bytes whether an adapter hands back the Buffer or text. */
function assertSameBytes(got: Payload | undefined, sent: Payload): void {
  assert.ok(got !== undefined, 'message missing');
  if (typeof got !== 'string' && typeof sent !== 'string') assert.ok(got.equals(sent), 'payload bytes differ');
  else assert.equal(payloadText(got), payloadText(sent));
}

/**
 * Registers the behaviour every Bus adapter promises, as one `describe(name)` suite. Each test
 * gets a fresh bus from `makeBus` and closes it.
 */
export function runBusContract(
  name: string,
  makeBus: (opts: ContractBusOptions) => Promise<Bus> | Bus,
  opts: ContractOptions = {},
): void {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  let serial = 0;
  const channel = (label: string): string => `contract.${label}.${process.pid}.${++serial}`;

  const withBus = async (busOpts: ContractBusOptions, fn: (bus: Bus) => Promise<void>): Promise<void> => {
    const bus = await makeBus(busOpts);
    try {
      await fn(bus);
    } finally {
      await bus.close();
    }
  };

  const inbox = async (bus: Bus, ch: string): Promise<Inbox> => {
    const messages: Payload[] = [];
    const sub = await bus.subscribe(ch, (payload, from) => {
      assert.equal(from, ch);
      messages.push(payload);
    });
    return {
      messages,
      texts: () => messages.map(payloadText),
      async until(done) {
        const ready = typeof done === 'number' ? () => messages.length >= done : () => done(messages.map(payloadText));
        const deadline = Date.now() + timeoutMs;
        while (!ready()) {
          if (Date.now() > deadline)
            assert.fail(`${ch}: still waiting after ${timeoutMs} ms with ${messages.length} messages`);
          await new Promise((r) => setTimeout(r, 2));
        }
      },
      unsubscribe: () => sub.unsubscribe(),
    };
  };

  const spec = { timeout: timeoutMs * 4 };

  describe(name, () => {
    it('delivers a published message to its subscriber', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('one');
        const box = await inbox(bus, ch);
        assert.equal(bus.publish(ch, 'hello'), true);
        await box.until(1);
        assert.deepEqual(box.texts(), ['hello']);
      }),
    );

    it('delivers each message to every subscriber of the channel', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('many');
        const boxes = [await inbox(bus, ch), await inbox(bus, ch), await inbox(bus, ch)];
        bus.publish(ch, 'a');
        bus.publish(ch, 'b');
        for (const box of boxes) await box.until(2);
        for (const box of boxes) assert.deepEqual(box.texts(), ['a', 'b']);
      }),
    );

    it('keeps channels apart', spec, () =>
      withBus({}, async (bus) => {
        const [chA, chB] = [channel('apart-a'), channel('apart-b')];
        const [a, b] = [await inbox(bus, chA), await inbox(bus, chB)];
        bus.publish(chB, 'for b');
        bus.publish(chA, 'for a');
        bus.publish(channel('nobody'), 'for nobody');
        await Promise.all([a.until(1), b.until(1)]);
        await bus.flush();
        assert.deepEqual(a.texts(), ['for a']);
        assert.deepEqual(b.texts(), ['for b']);
      }),
    );

    it("preserves the order of one publisher's messages", spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('order');
        const box = await inbox(bus, ch);
        const sent = Array.from({ length: 1000 }, (_, i) => `m${i}`);
        for (const text of sent) bus.publish(ch, text);
        await box.until(sent.length);
        assert.deepEqual(box.texts(), sent);
      }),
    );

    it('stops delivering to a handler once its unsubscribe resolved', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('unsub');
        const [a, b] = [await inbox(bus, ch), await inbox(bus, ch)];
        await a.unsubscribe();
        bus.publish(ch, 'x');
        await b.until(1);
        // The channel's last handler leaves; a later subscriber proves later messages flowed.
        await b.unsubscribe();
        bus.publish(ch, 'y');
        const c = await inbox(bus, ch);
        bus.publish(ch, 'z');
        // 'y' was published before c subscribed; a broker may still hand it to c, but never after 'z'.
        await c.until((texts) => texts.includes('z'));
        assert.deepEqual(a.texts(), []);
        assert.deepEqual(b.texts(), ['x']);
        assert.equal(c.texts().at(-1), 'z');
      }),
    );

    it('delivers what is published after subscribe resolved, once', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('late');
        bus.publish(ch, 'early');
        const box = await inbox(bus, ch);
        bus.publish(ch, 'late');
        await box.until((texts) => texts.includes('late'));
        // Whether 'early' arrives is the adapter's business; 'late' must, after it and once.
        assert.ok(['late', 'early,late'].includes(box.texts().join(',')), box.texts().join(','));
      }),
    );

    it('carries string and Buffer payloads with the same bytes', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('bytes');
        const box = await inbox(bus, ch);
        const text = 'ログ ✓ café {"level":"ERROR"} \u0000 \r\n end';
        const sent: Payload[] = [text, Buffer.from(text, 'utf8'), Buffer.from([0, 0xff, 0xfe, 0x80, 0x0a])];
        for (const payload of sent) bus.publish(ch, payload);
        await box.until(sent.length);
        sent.forEach((payload, i) => assertSameBytes(box.messages[i], payload));
      }),
    );

    it('delivers a 1 MB payload intact', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('big');
        const box = await inbox(bus, ch);
        const big = Buffer.alloc(1024 * 1024, 0);
        for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >> 10)) & 0xff;
        bus.publish(ch, big);
        await box.until(1);
        assertSameBytes(box.messages[0], big);
      }),
    );

    it('signals backpressure through a 10,000-message burst and still delivers every message', spec, () =>
      withBus({ highWaterMark: 1_000 }, async (bus) => {
        const ch = channel('burst');
        const box = await inbox(bus, ch);
        let refusals = 0;
        for (let i = 0; i < 10_000; i++) {
          if (!bus.publish(ch, String(i))) {
            refusals++;
            await bus.drain();
          }
        }
        assert.ok(refusals > 0, 'publish never returned false above the high-water mark');
        await box.until(10_000);
        const got = box.texts();
        assert.equal(got.length, 10_000);
        got.forEach((text, i) => assert.equal(text, String(i)));
        assert.equal(bus.counters().dropped, 0);
      }),
    );

    it(
      'counts a message it has no room for as dropped before publish returns, and delivers exactly the others',
      spec,
      () =>
        withBus({ highWaterMark: 100, maxQueue: 1_000 }, async (bus) => {
          const ch = channel('room');
          const box = await inbox(bus, ch);
          // One synchronous burst, five times what the queue holds: whether a message was dropped
          // is known from the counter around its own publish, which ingest relies on to tell a
          // sender exactly which of its records were taken.
          const kept: string[] = [];
          for (let i = 0; i < 5_000; i++) {
            const before = bus.counters().dropped;
            bus.publish(ch, String(i));
            if (bus.counters().dropped === before) kept.push(String(i));
          }
          assert.ok(kept.length >= 1_000 && kept.length < 5_000, `${kept.length} kept`);
          await box.until(kept.length);
          await bus.flush();
          assert.deepEqual(box.texts(), kept);
          assert.equal(bus.counters().dropped, 5_000 - kept.length);
        }),
    );

    it('never runs a handler inside publish', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('async');
        let publishing = false;
        let ranInside = false;
        let calls = 0;
        await bus.subscribe(ch, () => {
          calls++;
          ranInside ||= publishing;
        });
        publishing = true;
        for (let i = 0; i < 10; i++) bus.publish(ch, `m${i}`);
        publishing = false;
        assert.equal(calls, 0);
        const deadline = Date.now() + timeoutMs;
        while (calls < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        assert.equal(calls, 10);
        assert.equal(ranInside, false);
      }),
    );

    it('resolves flush on an idle bus and after publishing', spec, () =>
      withBus({}, async (bus) => {
        await bus.flush();
        for (let i = 0; i < 100; i++) bus.publish(channel('flush'), 'x');
        await bus.flush();
        assert.equal(bus.counters().published, 100);
      }),
    );

    it('counts published and received messages', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('counters');
        const box = await inbox(bus, ch);
        for (let i = 0; i < 50; i++) bus.publish(ch, `m${i}`);
        await bus.flush();
        await box.until(50);
        assert.deepEqual(bus.counters(), { published: 50, dropped: 0, received: 50 });
      }),
    );

    it('reports closed once, closes idempotently and drops what is published afterwards', spec, async () => {
      const bus = await makeBus({});
      const states: BusState[] = [];
      bus.onStatus((s) => states.push(s.state));
      await bus.close();
      await bus.close();
      assert.equal(bus.status().state, 'closed');
      assert.deepEqual(
        states.filter((s) => s === 'closed'),
        ['closed'],
      );
      assert.equal(bus.publish(channel('after-close'), 'x'), false);
      assert.equal(bus.counters().dropped, 1);
      await bus.drain();
      await bus.flush();
    });

    it('hands a range sink the same bytes as a handler, in order, each range valid until its chunk ends', spec, () =>
      withBus({}, async (bus) => {
        const ch = channel('ranges');
        const box = await inbox(bus, ch);
        // Copied at chunkEnd, as a batch writer does: a range must still hold its bytes then.
        const pending: Array<[Buffer, number, number]> = [];
        const copied: Buffer[] = [];
        let ends = 0;
        const sub = await subscribeRanges(bus, ch, {
          message: (bytes, start, end) => void pending.push([bytes, start, end]),
          chunkEnd() {
            ends++;
            for (const [bytes, start, end] of pending.splice(0)) copied.push(Buffer.from(bytes.subarray(start, end)));
          },
        });
        const sent: Payload[] = ['a', Buffer.from([0, 0xff, 0x0a]), '', 'ログ', 'x'.repeat(100_000)];
        for (let i = 0; i < 2_000; i++) sent.push(`log ${i}`);
        for (const payload of sent) bus.publish(ch, payload);
        await box.until(sent.length);
        const deadline = Date.now() + timeoutMs;
        while (copied.length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
        assert.equal(copied.length, sent.length);
        sent.forEach((payload, i) => assertSameBytes(copied[i], payload));
        assert.ok(ends >= 1 && pending.length === 0);
        await sub.unsubscribe();
        bus.publish(ch, 'after');
        await box.until(sent.length + 1);
        assert.equal(copied.length, sent.length);
      }),
    );

    it('keeps delivering to other subscribers when a handler throws', spec, async () => {
      const errors: BusHandlerError[] = [];
      await withBus({ onError: (e) => errors.push(e) }, async (bus) => {
        const ch = channel('throw');
        await bus.subscribe(ch, () => {
          throw new Error('handler bug');
        });
        const box = await inbox(bus, ch);
        bus.publish(ch, 'one');
        bus.publish(ch, 'two');
        await box.until(2);
        assert.deepEqual(box.texts(), ['one', 'two']);
        assert.equal(errors.length, 2);
        assert.equal(errors[0]?.channel, ch);
        assert.match(String((errors[0]?.cause as Error).message), /handler bug/);
      });
    });
  });
}
