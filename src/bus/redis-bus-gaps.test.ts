import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startRedisServer } from '../../test/helpers/redis-server.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { BusReconnect, BusState } from './bus.js';
import { createRedisBus } from './redis-bus.js';
import { payloadText } from '../protocol/payload.js';

/** Publishes `count` messages from a separate process, so a blocked event loop here does not stop it. */
function floodFromOutside(port: number, channel: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = [
      '-p',
      String(port),
      '-n',
      String(count),
      '-c',
      '2',
      '-P',
      '64',
      '-q',
      'publish',
      channel,
      'x'.repeat(225),
    ];
    const child = spawn('redis-benchmark', args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });
}

describe('redis bus when Redis cuts the subscriber off', { timeout: 60_000 }, () => {
  it('reconnects a subscriber Redis disconnected for falling behind, reports the gap and receives again', async () => {
    const server = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 64kb 32kb 1'] });
    const receiver = createRedisBus({ url: server.url, name: 'slow' });
    const sender = createRedisBus({ url: server.url });
    try {
      const gaps: BusReconnect[] = [];
      receiver.onReconnect?.((info) => gaps.push(info));
      const states: BusState[] = [];
      receiver.onStatus((s) => states.push(s.state));
      let blocked = false;
      const got: string[] = [];
      await receiver.subscribe('flood', (p) => {
        if (!blocked) {
          blocked = true;
          // A handler far slower than the flood: Redis's output buffer for us passes 64 kB.
          const until = Date.now() + 1_500;
          while (Date.now() < until) {
            // busy: the event loop (and so the socket) is not served meanwhile
          }
        }
        if (p.length < 100) got.push(payloadText(p));
      });
      const flooding = floodFromOutside(server.port, 'flood', 300_000);
      await waitFor(() => gaps.length > 0, 'the reconnect after Redis cut the slow subscriber off', 30_000);
      await flooding;
      assert.ok(states.includes('reconnecting'), `states: ${states.join(',')}`);
      assert.deepEqual(gaps[0]?.channels, ['flood']);
      assert.ok((gaps[0]?.downMs ?? -1) >= 0);
      assert.match(gaps[0]?.reason ?? '', /closed by the server|ECONNRESET/);
      // Redis 7.2+ counts these disconnections; 7.0 does not have the field.
      const stats = await server.cli('INFO', 'stats');
      if (stats.includes('client_output_buffer_limit_disconnections'))
        assert.match(stats, /client_output_buffer_limit_disconnections:[1-9]/);

      sender.publish('flood', 'after the gap');
      await waitFor(() => got.includes('after the gap'), 'a message after the reconnect', 2_000);
      assert.equal(receiver.status().state, 'ready');
    } finally {
      await Promise.all([receiver.close(), sender.close()]);
      await server.stop();
    }
  });

  it('reconnects after CLIENT KILL TYPE pubsub and reports the gap once per cut', async () => {
    const server = await startRedisServer();
    const receiver = createRedisBus({ url: server.url });
    const sender = createRedisBus({ url: server.url });
    try {
      const gaps: BusReconnect[] = [];
      receiver.onReconnect?.((info) => gaps.push(info));
      const got: string[] = [];
      await receiver.subscribe('killed', (p) => got.push(payloadText(p)));
      await receiver.subscribe('killed-too', (p) => got.push(payloadText(p)));
      assert.equal(gaps.length, 0, 'the first connect is not a reconnect');

      assert.equal(await server.cli('CLIENT', 'KILL', 'TYPE', 'pubsub'), '1');
      const killedAt = Date.now();
      await waitFor(() => gaps.length === 1, 'the reconnect', 2_000);
      assert.ok(Date.now() - killedAt < 2_000);
      assert.deepEqual(gaps[0]?.channels.sort(), ['killed', 'killed-too']);

      sender.publish('killed', 'one');
      sender.publish('killed-too', 'two');
      await waitFor(() => got.length === 2, 'messages on both channels after the reconnect', 2_000);
      assert.deepEqual(got.sort(), ['one', 'two']);
      assert.equal(gaps.length, 1);
      // The publisher's connection is of another type and stayed up.
      assert.deepEqual(sender.counters(), { published: 2, dropped: 0, received: 0 });
    } finally {
      await Promise.all([receiver.close(), sender.close()]);
      await server.stop();
    }
  });
});
