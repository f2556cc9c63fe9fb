import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keySlot } from '../../bus/cluster/key-slot.js';
import { groupKeys, slotTagOf } from './group-keys.js';

const keysOf = (stream: string, group: string): string[] => {
  const k = groupKeys(stream, group);
  return [k.next, k.lease, k.windows, k.producers, k.partials(1_700_000_000_000), k.rollup(10_000)];
};

describe('group keys', () => {
  it('put every key of a group in the hash slot of its stream, with or without a hash tag in the stream name', () => {
    for (const stream of ['logs.ingest', 'logs.ingest{0}', 'logs.ingest{3}', 'a{b', '{x}y'])
      for (const key of keysOf(stream, 'g')) assert.equal(keySlot(key), keySlot(stream), `${key} vs ${stream}`);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => slotTagOf(s) !== undefined),
        fc.string({ minLength: 1 }),
        (stream, group) => keysOf(stream, group).every((key) => keySlot(key) === keySlot(stream)),
      ),
    );
  });

  it('keep the groups of different streams and names apart', () => {
    const all = [
      ...keysOf('logs{1}', 'g'),
      ...keysOf('other{1}', 'g'),
      ...keysOf('logs{1}', 'h'),
      ...keysOf('logs.ingest', 'g'),
    ];
    assert.equal(new Set(all).size, all.length);
  });
});
