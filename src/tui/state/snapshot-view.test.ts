import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogEngine } from '../../services/collector/engine.js';
import { SnapshotView } from './snapshot-view.js';

const log = (level: string, message: string): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000000', level, service: 'auth-service', message });

describe('SnapshotView', () => {
  it('answers positions from the snapshot rows and nothing beyond them', () => {
    const engine = new LogEngine(1000);
    for (let i = 0; i < 100; i++) engine.ingest(log('INFO', `m${i}`));
    const view = new SnapshotView(engine.snapshot({ anchor: 59, height: 5, margin: 5 }));
    assert.equal(view.size, 100);
    assert.equal(view.seqAt(40), 59);
    assert.equal(view.seqAt(0), undefined);
    assert.equal(view.indexAtOrBefore(1000), 35);
    assert.equal(view.rowOf(55)?.message, 'm55');
  });
});

describe('SnapshotView positions', () => {
  it('finds a sequence number inside a snapshot cut around the anchor', () => {
    const engine = new LogEngine(1000);
    for (let i = 0; i < 100; i++) engine.ingest(log('INFO', `m${i}`));
    assert.equal(new SnapshotView(engine.snapshot({ anchor: 49, height: 10, margin: 5 })).indexOf(49), 50);
  });
});
