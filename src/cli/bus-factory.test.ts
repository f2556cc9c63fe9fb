import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBus } from '../bus/memory-bus.js';
import { redisConnectOptions, reportBusDrops } from './bus-factory.js';

describe('reportBusDrops', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it('tells when messages are dropped, at most every 5 s, and stops with the bus', async () => {
    // A full queue drops as a bus does while Redis is unreachable.
    const bus = createMemoryBus({ highWaterMark: 10, maxQueue: 10 });
    const told: string[] = [];
    reportBusDrops(bus, (m) => told.push(m));
    const publish = (n: number): void => {
      for (let i = 0; i < n; i++) bus.publish('logs.ingest', 'x');
    };
    publish(2_510);
    mock.timers.tick(1_000);
    assert.deepEqual(told, ['dropped 2,500 messages (Redis unreachable and the queue full); 2,500 in all']);
    publish(3);
    mock.timers.tick(3_000);
    assert.equal(told.length, 1, 'not again within 5 s');
    mock.timers.tick(2_000);
    assert.equal(told[1], 'dropped 3 messages (Redis unreachable and the queue full); 2,503 in all');
    mock.timers.tick(10_000);
    assert.equal(told.length, 2, 'nothing new dropped, nothing told');
    await bus.close();
    publish(5);
    mock.timers.tick(10_000);
    assert.equal(told.length, 2, 'nothing told after close');
    assert.ok(told.every((m) => !m.includes('secret')));
  });
});

describe('redisConnectOptions', () => {
  it('scrubs a password from the process title only when the URL was typed on the command line', (t) => {
    const warnings: string[] = [];
    t.mock.method(process.stderr, 'write', (chunk: string | Uint8Array) => warnings.push(String(chunk)) > 0);
    const title = process.title;
    const url = 'redis://app:s3cret@127.0.0.1:6390';
    try {
      const opts = redisConnectOptions('send', { redis: url }, {}, ['node', 'main.js', 'send']);
      assert.equal(opts.url, url);
      assert.deepEqual(warnings, [], 'a URL from $REDIS_URL or the config file is not in ps');
      redisConnectOptions('send', { redis: url }, {}, ['node', 'main.js', 'send', `--redis=${url}`]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /password in --redis shows in ps/);
    } finally {
      process.title = title;
    }
  });
});

describe('redisConnectOptions for a transport', () => {
  const argv = ['node', 'main.js', 'tui'];
  it('keeps Pub/Sub by default and refuses options that need streams', () => {
    assert.equal(redisConnectOptions('tui', { redis: 'redis://h' }, {}, argv).transport, undefined);
    for (const extra of [{ retention: { kind: 'count', count: 5 } as const }, { backfill: 10 }]) {
      assert.throws(
        () => redisConnectOptions('tui', { redis: 'redis://h', transport: 'pubsub', ...extra }, {}, argv),
        /needs --transport streams/,
      );
    }
  });

  it('passes retention on, caps the stats stream on its own and backfills only the logs channel', () => {
    const opts = redisConnectOptions(
      'tui',
      {
        redis: 'redis://h',
        transport: 'streams',
        retention: { kind: 'span', spanMs: 900_000 },
        since: 1_000_000 - 300_000,
        buffer: 5_000,
        logsChannel: 'logs',
        statsChannel: 'stats',
      },
      {},
      argv,
      1_000_000,
    );
    assert.equal(opts.transport, 'streams');
    assert.deepEqual(opts.retention, { kind: 'span', spanMs: 900_000 });
    assert.deepEqual(opts.retentionByChannel, { stats: { kind: 'count', count: 3_600 } });
    // --since alone loads at most what the buffer holds.
    assert.deepEqual(opts.backfill, { channels: ['logs'], count: 5_000, sinceMs: 300_000 });
  });

  it('takes --since on Pub/Sub too, where it only filters and loads nothing', () => {
    const opts = redisConnectOptions('tui', { redis: 'redis://h', since: 0, logsChannel: 'logs' }, {}, argv);
    assert.equal(opts.transport, undefined);
    assert.equal(opts.backfill, undefined);
  });

  it('loads no more of the past than the buffer holds', () => {
    const opts = redisConnectOptions(
      'tui',
      { redis: 'redis://h', transport: 'streams', backfill: 50_000, buffer: 10_000, logsChannel: 'logs' },
      {},
      argv,
    );
    assert.equal(opts.backfill?.count, 10_000);
  });
});

describe('redisConnectOptions for a Redis Cluster', () => {
  const env = {};
  it('takes comma-separated seeds with --cluster, and --shards for the logs channel', () => {
    const opts = redisConnectOptions(
      'analyze',
      { redis: 'redis://10.0.0.1:7000, redis://10.0.0.2:7001', cluster: true, shards: 4, logsChannel: 'app.logs' },
      env,
      [],
    );
    assert.equal(opts.url, 'redis://10.0.0.1:7000');
    assert.deepEqual(opts.cluster, { seeds: ['redis://10.0.0.2:7001'] });
    assert.deepEqual(opts.shards, { channel: 'app.logs', count: 4 });
  });

  it('takes several nodes or --shards as a cluster without --cluster, and one URL alone as a node to ask', () => {
    assert.deepEqual(redisConnectOptions('send', { redis: 'redis://h:1,redis://h2:2' }, env, []).cluster, {
      seeds: ['redis://h2:2'],
    });
    const sharded = redisConnectOptions('send', { redis: 'redis://h:1', shards: 2 }, env, []);
    assert.deepEqual([sharded.cluster, sharded.shards], [{ seeds: [] }, { channel: 'logs.ingest', count: 2 }]);
    assert.equal(redisConnectOptions('send', { redis: 'redis://h:1' }, env, []).cluster, undefined);
  });

  it('refuses a bad seed in the list', () => {
    assert.throws(
      () => redisConnectOptions('send', { redis: 'redis://h:1,h2:2', cluster: true }, env, []),
      /invalid Redis URL "h2:2"/,
    );
  });
});
