import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startRedisServer } from '../../test/helpers/redis-server.js';
import { startTcpProxy } from '../../test/helpers/tcp-proxy.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { BusReconnect, BusState } from './bus.js';
import { createRedisBus } from './redis-bus.js';
import { payloadText } from '../protocol/payload.js';

describe('redis bus across outages', { timeout: 30_000 }, () => {
  it('keeps retrying a closed port without throwing, then becomes ready when a server starts there', async () => {
    const port = await freePort();
    const bus = createRedisBus({ url: `redis://127.0.0.1:${port}` });
    const states: BusState[] = [];
    bus.onStatus((s) => states.push(s.state));
    const server = await (async () => {
      await waitFor(() => bus.status().state === 'reconnecting', 'reconnecting');
      assert.match(bus.status().error ?? '', /ECONNREFUSED/);
      // Several backoff rounds pass with the process alive and no exception escaping.
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(bus.status().state, 'reconnecting');
      return startRedisServer({ port });
    })();
    try {
      await waitFor(() => bus.status().state === 'ready', 'ready after the server started', 4_000);
      assert.equal(bus.status().error, undefined);
      assert.deepEqual(states.slice(-1), ['ready']);
      assert.equal(bus.publish('late-start', 'x'), true);
      await bus.flush();
      assert.equal(bus.counters().published, 1);
    } finally {
      await bus.close();
      await server.stop();
    }
  });

  it('resubscribes after the server is killed and restarted, receiving again within 2 s', async () => {
    const server = await startRedisServer();
    const bus = createRedisBus({ url: server.url });
    const gaps: BusReconnect[] = [];
    bus.onReconnect?.((info) => gaps.push(info));
    try {
      const got: string[] = [];
      await bus.subscribe('phoenix', (p) => got.push(payloadText(p)));
      bus.publish('phoenix', 'before');
      await waitFor(() => got.includes('before'), 'the first message');

      const killed = Date.now();
      await server.kill('SIGKILL');
      await waitFor(() => bus.status().state === 'reconnecting', 'reconnecting after the kill');
      await server.restart();
      const restarted = Date.now();
      let n = 0;
      const ticker = setInterval(() => bus.publish('phoenix', `after-${n++}`), 20);
      try {
        await waitFor(() => got.some((t) => t.startsWith('after-')), 'a message after the restart', 2_000);
      } finally {
        clearInterval(ticker);
      }
      assert.ok(Date.now() - restarted < 2_000);
      await waitFor(() => bus.status().state === 'ready', 'ready');
      // One outage, reported once, from the kill until the channel was subscribed again.
      assert.equal(gaps.length, 1);
      assert.deepEqual(gaps[0]?.channels, ['phoenix']);
      const downMs = gaps[0]?.downMs ?? -1;
      assert.ok(downMs > 0 && downMs <= Date.now() - killed, `downMs ${downMs}`);
    } finally {
      await bus.close();
      await server.stop();
    }
  });

  it('queues publishes while its link is down, delivers them after, and counts drops beyond maxQueue', async () => {
    const server = await startRedisServer();
    const proxy = await startTcpProxy(server.port);
    const sender = createRedisBus({ url: proxy.url, maxQueue: 100 });
    const receiver = createRedisBus({ url: server.url });
    try {
      const got: string[] = [];
      await receiver.subscribe('outage', (p) => got.push(payloadText(p)));
      sender.publish('outage', 'warm-up');
      await waitFor(() => got.length === 1, 'the warm-up message');

      await proxy.cut();
      await waitFor(() => sender.status().state === 'reconnecting', 'the sender to notice the outage');
      const accepted = Array.from({ length: 150 }, (_, i) => sender.publish('outage', `q${i}`));
      assert.equal(accepted.filter(Boolean).length, 100);
      assert.deepEqual(sender.counters(), { published: 1, dropped: 50, received: 0 });

      await proxy.reopen();
      await waitFor(() => got.length === 101, 'the queued messages', 5_000);
      assert.deepEqual(
        got.slice(1),
        Array.from({ length: 100 }, (_, i) => `q${i}`),
      );
      await sender.flush();
      assert.deepEqual(sender.counters(), { published: 101, dropped: 50, received: 0 });
    } finally {
      await Promise.all([sender.close(), receiver.close()]);
      await proxy.close();
      await server.stop();
    }
  });

  it('accounts for every message when the server dies mid-burst: each one is published or dropped', async () => {
    const server = await startRedisServer();
    const bus = createRedisBus({ url: server.url });
    try {
      await waitFor(() => bus.status().state === 'ready', 'ready');
      const total = 20_000;
      for (let i = 0; i < total; i++) bus.publish('burst', `m${i}`);
      await server.kill('SIGKILL');
      await server.restart();
      await bus.flush();
      const { published, dropped } = bus.counters();
      assert.equal(published + dropped, total);
    } finally {
      await bus.close();
      await server.stop();
    }
  });

  it('closes within its bounded wait while Redis is unreachable, counting what it could not send', async () => {
    const bus = createRedisBus({ url: `redis://127.0.0.1:${await freePort()}`, closeTimeoutMs: 300 });
    for (let i = 0; i < 10; i++) bus.publish('nowhere', 'x');
    const started = Date.now();
    await bus.close();
    assert.ok(Date.now() - started < 1_500, `close took ${Date.now() - started} ms`);
    assert.equal(bus.status().state, 'closed');
    assert.deepEqual(bus.counters(), { published: 0, dropped: 10, received: 0 });
  });
});
