import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { payloadText } from '../../protocol/payload.js';
import { createMemoryBus } from '../memory-bus.js';
import { shardChannel, shardNames } from './sharded-channel.js';

describe('sharded channel', () => {
  it('names one shard per hash tag', () => {
    assert.deepEqual(shardNames({ channel: 'logs.ingest', count: 3 }), [
      'logs.ingest{0}',
      'logs.ingest{1}',
      'logs.ingest{2}',
    ]);
  });

  it("keeps each producer on one shard and merges every shard for a reader, under the channel's name", async () => {
    const memory = createMemoryBus();
    const shards = { channel: 'logs', count: 3 };
    const producers = [0, 1, 2, 4].map((pick) => shardChannel(memory, shards, pick));
    const reader = shardChannel(memory, shards);
    const merged: string[] = [];
    const raw: string[] = [];
    await reader.subscribe('logs', (p, ch) => merged.push(`${ch}:${payloadText(p)}`));
    for (const name of shardNames(shards)) await memory.subscribe(name, (p, ch) => raw.push(`${ch}:${payloadText(p)}`));
    producers.forEach((bus, i) => {
      bus.publish('logs', `p${i}a`);
      bus.publish('logs', `p${i}b`);
    });
    producers[0]?.publish('other', 'passes through');
    await waitFor(() => merged.length === 8, 'every message');
    assert.deepEqual(
      merged.sort(),
      ['p0a', 'p0b', 'p1a', 'p1b', 'p2a', 'p2b', 'p3a', 'p3b'].map((t) => `logs:${t}`),
    );
    assert.deepEqual(
      raw.filter((r) => r.startsWith('logs{1}')),
      ['logs{1}:p1a', 'logs{1}:p1b', 'logs{1}:p3a', 'logs{1}:p3b'],
    );
    await memory.close();
  });
});
