import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptySnapshot } from '../state/snapshot-view.js';
import { snapshotChanged } from './engine-messages.js';

describe('engine messages', () => {
  const before = { ...emptySnapshot(10), version: 3 };

  it('counts a snapshot as unchanged when its version, start and first row are the same', () => {
    assert.equal(snapshotChanged(before, { ...before, total: 99 }), false);
  });

  it('counts a snapshot as changed when its version or its start moved', () => {
    assert.equal(snapshotChanged(before, { ...before, version: 4 }), true);
    assert.equal(snapshotChanged(before, { ...before, startIndex: 1 }), true);
  });
});
