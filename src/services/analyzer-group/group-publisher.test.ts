import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { createRedisRequestClient, type RedisRequestClient } from '../../bus/redis-request-client.js';
import { WindowAccumulator } from '../../core/window-accumulator.js';
import { encodePartial } from '../../core/window-partial-codec.js';
import type { LogRecord } from '../../protocol/log-record.js';
import { decodeStats } from '../../protocol/stats-codec.js';
import type { WindowStats } from '../../protocol/stats.js';
import { groupKeys } from './group-keys.js';
import { startGroupPublisher } from './group-publisher.js';
import { groupTiming } from './group-timing.js';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const LOG: LogRecord = {
  time: T0,
  timeFromEvent: true,
  level: 'info',
  service: 'api',
  message: 'ok',
  latencyMs: undefined,
  fields: undefined,
  plain: false,
  raw: '',
};

describe('the group publisher against a real redis-server', { timeout: 30_000 }, () => {
  let redis: RedisServerHandle;
  let client: RedisRequestClient;

  before(async () => {
    redis = await startRedisServer();
    client = createRedisRequestClient({ url: redis.url });
    await waitFor(() => client.ready, 'the client to connect');
  });

  after(async () => {
    await client.close();
    await redis.stop();
  });

  it('after a long spell with nobody publishing, passes over empty windows but publishes every window that holds partials', async () => {
    const keys = groupKeys('idle.logs', 'g');
    const timing = groupTiming({ latenessMs: 500, claimIdleMs: 1_000 });
    const dataAt = T0 + 500_000;
    const acc = new WindowAccumulator();
    for (let i = 0; i < 7; i++) acc.add(LOG);
    await client.call(['SET', keys.next, String(T0)]);
    await client.call(['HSET', keys.partials(dataAt), 'a/1-0', encodePartial({ acc, runs: [] })]);
    await client.call(['ZADD', keys.windows, String(dataAt), String(dataAt)]);
    // An hour later, by the publisher's clock.
    const now = T0 + 3_600_000;
    const published: WindowStats[] = [];
    const publisher = startGroupPublisher({
      client,
      keys,
      consumer: 'p',
      timing,
      statsKey: 'idle.stats',
      statsTrim: () => [],
      stats: { topServices: 10, topErrors: 5 },
      rollups: [],
      gapIdleMs: 600_000,
      maxEmptyWindows: 120,
      stateTtlMs: 60_000,
      now: () => now,
      onWindow: (w) => published.push(w),
      onError: (message) => assert.fail(message),
    });
    const lastDue = Math.floor((now - 500 - timing.graceMs) / 1_000) * 1_000 - 1_000;
    try {
      await waitFor(() => published.some((w) => Date.parse(w.window_start) === lastDue), 'the newest due window');
    } finally {
      await publisher.stop();
    }
    assert.equal(published.length, 1 + 120);
    assert.equal(published[0]?.window_start, new Date(dataAt).toISOString());
    assert.equal(published[0]?.total_count, 7);
    assert.equal(published[1]?.window_start, new Date(lastDue - 119_000).toISOString());
    assert.equal(publisher.counters.windows, 121);
    const reply = await client.call(['XRANGE', 'idle.stats', '-', '+']);
    const onStream = (Array.isArray(reply) ? reply : []).flatMap((e) =>
      Array.isArray(e) && Array.isArray(e[1]) && Buffer.isBuffer(e[1][1]) ? decodeStats(e[1][1]) : [],
    );
    assert.deepEqual(onStream, published);
    assert.equal(String(await client.call(['GET', keys.next])), String(lastDue + 1_000));
    assert.equal(await client.call(['EXISTS', keys.partials(dataAt)]), 0);
  });
});
