import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogEngine } from './engine.js';
import { LivePatterns, TREND_BUCKETS, TREND_BUCKET_MS } from './live-patterns.js';

const T0 = Date.UTC(2026, 11, 5, 11);

const log = (level: string, message: string): string =>
  JSON.stringify({ timestamp: '2026-12-05T11:00:00.000Z', level, service: 'auth', message });

function shown(engine: LogEngine): string[] {
  return engine.snapshot({ anchor: undefined, height: 100, margin: 0 }).rows.map((r) => r.message);
}

describe('LivePatterns', () => {
  it('groups messages of every level into templates with counts, first and last seen', () => {
    const p = new LivePatterns(T0);
    const a = p.add('user alice logged in from 10.0.0.1', T0);
    p.add('disk full on /dev/sda1', T0 + 1000);
    const b = p.add('user bob logged in from 10.0.0.2', T0 + 2000);
    assert.equal(a, b);
    const snap = p.snapshot(T0 + 3000);
    assert.equal(snap.total, 3);
    assert.deepEqual(
      snap.rows.map((r) => [r.template, r.count, r.firstSeen, r.lastSeen]),
      [
        ['user <*> logged in from <*>', 2, T0, T0 + 2000],
        ['disk full on <*>', 1, T0 + 1000, T0 + 1000],
      ],
    );
  });

  it('mines only the first line of a message: a stack trace is not part of the event', () => {
    const p = new LivePatterns(T0);
    const a = p.add('boom in handler\n  at a (x.js:1)', T0);
    const b = p.add('boom in handler\n  at b (y.js:2)\n  at c (z.js:3)', T0);
    assert.equal(a, b);
    assert.equal(p.snapshot(T0).rows[0]?.template, 'boom in handler');
  });

  it('counts logs per trend bucket up to the snapshot time, oldest bucket first', () => {
    const p = new LivePatterns(T0);
    const start = Math.floor(T0 / TREND_BUCKET_MS) * TREND_BUCKET_MS;
    for (let i = 0; i < 3; i++) p.add('tick', start);
    p.add('tick', start + TREND_BUCKET_MS);
    const trend = p.snapshot(start + 2 * TREND_BUCKET_MS).rows[0]?.trend ?? [];
    assert.equal(trend.length, TREND_BUCKETS);
    assert.deepEqual(trend.slice(-3), [3, 1, 0]);
    // Long after, the old buckets have left the trend.
    const later = p.snapshot(start + 100 * TREND_BUCKET_MS).rows[0]?.trend ?? [];
    assert.deepEqual(later, new Array<number>(TREND_BUCKETS).fill(0));
  });

  it("keeps each trend's sum equal to the logs of its window, whatever order times come in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 200 }), (offsets) => {
        const p = new LivePatterns(T0);
        const base = Math.floor(T0 / TREND_BUCKET_MS);
        for (const o of offsets) p.add('tick', (base + o) * TREND_BUCKET_MS);
        const newest = Math.max(...offsets);
        const trend = p.snapshot((base + newest) * TREND_BUCKET_MS).rows[0]?.trend ?? [];
        // Logs older than the ring reached when they came in are left out of it; none is counted twice.
        const inWindow = offsets.filter((o) => o > newest - TREND_BUCKETS).length;
        const sum = trend.reduce((a, b) => a + b, 0);
        assert.ok(sum <= inWindow && sum <= offsets.length);
        assert.ok(trend.every((v) => v >= 0));
      }),
    );
  });

  it('answers idOf like add, without learning', () => {
    const p = new LivePatterns(T0);
    const id = p.add('cache miss for key 17', T0);
    assert.equal(p.idOf('cache miss for key 99'), id);
    assert.equal(p.idOf('something else entirely'), undefined);
    assert.equal(p.snapshot(T0).total, 1);
  });
});

describe('LogEngine patterns', () => {
  it('mine nothing until the view asks, then the whole buffer and every new log, all levels', () => {
    let now = T0;
    const engine = new LogEngine(100, { now: () => now });
    engine.ingest(log('INFO', 'user alice logged in'));
    engine.ingest(log('DEBUG', 'user bob logged in'));
    assert.equal(engine.patternsSnapshot(), undefined);
    engine.startPatterns();
    now += 5000;
    engine.ingest(log('ERROR', 'user carol logged in'));
    engine.ingest(log('WARN', 'queue depth 12'));
    const snap = engine.patternsSnapshot();
    assert.equal(snap?.at, now);
    assert.deepEqual(
      snap?.rows.map((r) => [r.template, r.count]),
      [
        ['user <*> logged in', 3],
        ['queue depth <*>', 1],
      ],
    );
    assert.equal(snap?.rows[1]?.firstSeen, now);
  });

  it('filter the list by pattern:ID, new logs of the pattern included', () => {
    const engine = new LogEngine(100, { now: () => T0 });
    engine.ingest(log('INFO', 'user alice logged in'));
    engine.ingest(log('INFO', 'queue depth 12'));
    engine.startPatterns();
    const id = engine.patternsSnapshot()?.rows.find((r) => r.template.startsWith('user'))?.id;
    assert.ok(id !== undefined);
    assert.equal(engine.setFilter(`pattern:${id}`), undefined);
    engine.ingest(log('INFO', 'user bob logged in'));
    engine.ingest(log('INFO', 'queue depth 13'));
    assert.deepEqual(shown(engine), ['user bob logged in', 'user alice logged in']);
  });

  it('start mining for a pattern:ID typed before the view opened, and find nothing for an unknown id', () => {
    const engine = new LogEngine(100, { now: () => T0 });
    engine.ingest(log('INFO', 'a b c'));
    assert.equal(engine.setFilter('pattern:0'), undefined);
    assert.deepEqual(shown(engine), ['a b c']);
    assert.equal(engine.patternsSnapshot()?.total, 1);
    assert.equal(engine.setFilter('pattern:zz9'), undefined);
    assert.deepEqual(shown(engine), []);
  });

  it('give the | patterns table of a query the ids of the patterns view, counting only the logs that pass', () => {
    const engine = new LogEngine(100, { now: () => T0 });
    engine.ingest(log('INFO', 'user alice logged in'));
    engine.ingest(log('INFO', 'queue depth 12'));
    engine.ingest(log('ERROR', 'user bob logged in'));
    assert.equal(engine.setFilter('level:error | patterns'), undefined);
    engine.ingest(log('ERROR', 'user carol logged in'));
    engine.ingest(log('ERROR', 'queue depth 13'));
    const view = new Map(engine.patternsSnapshot()?.rows.map((r) => [r.template, r.id]));
    const table = engine.results()?.table;
    assert.deepEqual(
      table?.rows.map((r) => [r[0], r[1], r[2]]),
      [
        [view.get('user <*> logged in'), 'user <*> logged in', 2],
        [view.get('queue depth <*>'), 'queue depth <*>', 1],
      ],
    );
    assert.equal(engine.patternsSnapshot()?.total, 5, 'the view counts every log once');
  });
});
