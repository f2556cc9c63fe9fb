import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { Bus, BusState } from './bus.js';
import { runBusContract } from './contract.js';
import { BusConfigError } from './errors.js';
import { createRedisBus } from './redis-bus.js';

let server: RedisServerHandle;
before(async () => {
  server = await startRedisServer();
});
after(async () => {
  await server.stop();
});

runBusContract('redis bus contract', (opts) => createRedisBus({ url: server.url, ...opts }));

/** Runs `fn` with a bus that is closed afterwards, whatever happens. */
async function withBus(bus: Bus, fn: (bus: Bus) => Promise<void>): Promise<void> {
  try {
    await fn(bus);
  } finally {
    await bus.close();
  }
}

async function clientNames(target: RedisServerHandle): Promise<string[]> {
  const list = await target.cli('CLIENT', 'LIST');
  return [...list.matchAll(/ name=(\S*)/g)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

describe('redis bus', () => {
  it('goes from connecting to ready', async () => {
    const bus = createRedisBus({ url: server.url });
    const states: BusState[] = [bus.status().state];
    bus.onStatus((s) => states.push(s.state));
    await withBus(bus, async () => {
      await waitFor(() => bus.status().state === 'ready', 'ready');
      assert.deepEqual(states, ['connecting', 'ready']);
      assert.equal(bus.status().error, undefined);
    });
  });

  it('opens the subscriber connection only when something subscribes', async () => {
    const bus = createRedisBus({ url: server.url, name: 'lazy-sub-test' });
    await withBus(bus, async () => {
      await waitFor(() => bus.status().state === 'ready', 'ready');
      assert.deepEqual(await clientNames(server), ['lazy-sub-test-pub']);
      await bus.subscribe('lazy', () => {});
      assert.deepEqual((await clientNames(server)).sort(), ['lazy-sub-test-pub', 'lazy-sub-test-sub']);
    });
    assert.deepEqual(await clientNames(server), [], 'close released both connections');
  });

  it('hands payloads to handlers as Buffers', async () => {
    const bus = createRedisBus({ url: server.url });
    await withBus(bus, async () => {
      const got: unknown[] = [];
      await bus.subscribe('buffers', (p) => got.push(p));
      bus.publish('buffers', 'text in');
      await waitFor(() => got.length === 1, 'the message');
      assert.ok(Buffer.isBuffer(got[0]));
    });
  });

  it('rejects URLs it cannot use with a one-line BusConfigError that hides the password', () => {
    for (const url of [
      'http://user:hunter2@host:6379',
      'localhost:6379',
      'redis://',
      '',
      'redis://u:hunter2@host/abc',
      'redis://u:hun/ter2@host',
    ]) {
      assert.throws(
        () => createRedisBus({ url }),
        (err: unknown) => {
          assert.ok(err instanceof BusConfigError, `${url}: ${String(err)}`);
          assert.doesNotMatch(err.message, /hunter2|hun\/ter2|\n/);
          assert.match(err.message, /invalid Redis URL/);
          return true;
        },
      );
    }
    assert.throws(() => createRedisBus({ url: 'redis://h', tls: {} }), BusConfigError);
    assert.throws(() => createRedisBus({ url: 'redis://h', name: 'two words' }), BusConfigError);
  });

  it('delivers a burst in a few batches, one synchronous loop per socket read', async () => {
    const receiver = createRedisBus({ url: server.url });
    const sender = createRedisBus({ url: server.url });
    try {
      let calls = 0;
      let turns = 0;
      let inTurn = false;
      await receiver.subscribe('batched', () => {
        calls++;
        if (!inTurn) {
          inTurn = true;
          turns++;
          // Every message of one socket chunk is handled before the next macrotask starts.
          setImmediate(() => (inTurn = false));
        }
      });
      for (let i = 0; i < 20_000; i++) if (!sender.publish('batched', 'x'.repeat(200))) await sender.drain();
      await waitFor(() => calls === 20_000, 'the burst', 10_000);
      assert.ok(turns < 20_000 / 50, `${turns} turns for 20,000 messages`);
    } finally {
      await Promise.all([receiver.close(), sender.close()]);
    }
  });

  it('selects the database given in the URL and names both connections', async () => {
    const bus = createRedisBus({ url: `${server.url}/2`, name: 'db-test' });
    await withBus(bus, async () => {
      await bus.subscribe('db', () => {});
      const list = await server.cli('CLIENT', 'LIST');
      assert.match(list, /name=db-test-pub .*\bdb=2\b/);
      assert.match(list, /name=db-test-sub .*\bdb=2\b/);
    });
  });

  it('counts a publish Redis refuses (ACL) as dropped and shows why in the status', async () => {
    await server.cli('ACL', 'SETUSER', 'narrow', 'on', '>narrow-pw-4', '~*', 'resetchannels', '&allowed', '+@all');
    const bus = createRedisBus({ url: server.url, username: 'narrow', password: 'narrow-pw-4' });
    await withBus(bus, async () => {
      await waitFor(() => bus.status().state === 'ready', 'ready');
      bus.publish('allowed', 'yes');
      bus.publish('forbidden', 'no');
      await bus.flush();
      assert.deepEqual(bus.counters(), { published: 1, dropped: 1, received: 0 });
      assert.match(bus.status().error ?? '', /NOPERM/);
      assert.doesNotMatch(JSON.stringify(bus.status()), /narrow-pw-4/);
    });
  });

  it(
    'rejects a subscribe Redis refuses (ACL) with its reason, and keeps the next one working',
    { timeout: 10_000 },
    async () => {
      await server.cli('ACL', 'SETUSER', 'listener', 'on', '>listener-pw-2', '~*', 'resetchannels', '&open', '+@all');
      const bus = createRedisBus({ url: server.url, username: 'listener', password: 'listener-pw-2' });
      await withBus(bus, async () => {
        await assert.rejects(
          bus.subscribe('closed', () => {}),
          /cannot subscribe to closed: NOPERM/,
        );
        const got: string[] = [];
        await bus.subscribe('open', (p) => got.push(String(p)));
        bus.publish('open', 'in');
        await waitFor(() => got.length === 1, 'the message');
      });
    },
  );

  describe('against a server that requires a password', () => {
    let secured: RedisServerHandle;
    before(async () => {
      secured = await startRedisServer({ args: ['--requirepass', 'right-pw-8c1f'] });
    });
    after(async () => {
      await secured.stop();
    });

    it('reports a wrong password in its status without the password', async () => {
      const bus = createRedisBus({ url: `redis://:wrong-pw-7d2e@127.0.0.1:${secured.port}` });
      await withBus(bus, async () => {
        await waitFor(() => bus.status().error !== undefined, 'an error in the status');
        const status = bus.status();
        assert.notEqual(status.state, 'ready');
        assert.match(status.error ?? '', /WRONGPASS|invalid password|AUTH/i);
        assert.doesNotMatch(JSON.stringify(status), /wrong-pw-7d2e|right-pw-8c1f/);
      });
    });

    it('connects with the right password from the URL', async () => {
      const bus = createRedisBus({ url: `redis://:right-pw-8c1f@127.0.0.1:${secured.port}` });
      await withBus(bus, async () => {
        await waitFor(() => bus.status().state === 'ready', 'ready');
      });
    });

    it('takes the password from its options, keeping it out of the URL', async () => {
      const bus = createRedisBus({ url: secured.url, password: 'right-pw-8c1f' });
      await withBus(bus, async () => {
        const got: string[] = [];
        await bus.subscribe('authed', (p) => got.push(String(p)));
        bus.publish('authed', 'in');
        await waitFor(() => got.length === 1, 'the message');
      });
    });
  });
});
