import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEVELS } from '../../protocol/level.js';
import { LogEngine } from './engine.js';
import { NICE_SPANS_MS, pickSpan } from './time-histogram.js';

const BASE = Date.UTC(2026, 11, 5, 10, 0, 0);

const at = (ms: number, level = 'INFO', message = `at ${ms}`): string =>
  JSON.stringify({ timestamp: new Date(ms).toISOString(), level, service: 'svc', message });

describe('histogram spans', () => {
  it('zoom from seconds to days: the shortest nice span that fits the bars', () => {
    assert.equal(pickSpan(BASE, BASE + 30_000, 100), 1_000);
    assert.equal(pickSpan(BASE, BASE + 10 * 60_000, 100), 10_000);
    assert.equal(pickSpan(BASE, BASE + 3 * 3_600_000, 100), 300_000);
    assert.equal(pickSpan(BASE, BASE + 20 * 86_400_000, 100), 21_600_000);
    assert.equal(pickSpan(BASE, BASE + 400 * 86_400_000, 100), 5 * 86_400_000);
  });

  it('always fit the range in the bars, and no shorter span would', () => {
    const time = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) });
    fc.assert(
      fc.property(time, time, fc.integer({ min: 1, max: 2000 }), (a, b, bars) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const span = pickSpan(from, to, bars);
        const used = Math.floor(to / span) - Math.floor(from / span) + 1;
        assert.ok(used <= bars, `${used} bars of ${span} ms for ${bars}`);
        const shorter = [...NICE_SPANS_MS].reverse().find((s) => s < span);
        if (shorter !== undefined && span <= NICE_SPANS_MS[NICE_SPANS_MS.length - 1]!)
          assert.ok(Math.floor(to / shorter) - Math.floor(from / shorter) + 1 > bars);
      }),
    );
  });
});

describe('the engine histogram', () => {
  it('counts the shown logs by their own time and level, and follows the filter', () => {
    const engine = new LogEngine(100, { now: () => BASE + 3_600_000 });
    engine.ingest(at(BASE + 500, 'ERROR'));
    engine.ingest(at(BASE + 1_500, 'INFO'));
    engine.ingest(at(BASE + 1_700, 'WARN'));
    engine.ingest('no time here');
    engine.ingest(at(BASE + 9_200, 'INFO'));
    engine.markGap({ missed: 3, downMs: undefined });
    const h = engine.histogram(61);
    assert.ok(h !== undefined);
    // The plain line got its arrival time (an hour later): the span zooms out to hold it.
    assert.equal(h.spanMs, 60_000);
    assert.equal(h.total, 5);
    assert.equal(h.byArrival, 1);
    assert.equal(h.bars.length, 61);
    assert.deepEqual(h.bars[0], [0, 0, 2, 1, 1, 0]);
    engine.setFilter('level:warn+');
    const errors = engine.histogram(60);
    assert.equal(errors?.spanMs, 1_000);
    assert.deepEqual(
      errors?.bars.map((b) => b[LEVELS.indexOf('error')]! + b[LEVELS.indexOf('warn')]!),
      [1, 1],
    );
    engine.setFilter('nothing matches this');
    assert.equal(engine.histogram(60), undefined);
  });

  it('finds the first log of a bar, and the first at or after a time, with the page after it', () => {
    const engine = new LogEngine(100, { now: () => BASE });
    for (let i = 0; i < 20; i++) engine.ingest(at(BASE + i * 1000, 'INFO', `log ${i} end`));
    // Sequence numbers follow arrival: log i has seq i.
    assert.deepEqual(engine.seekTime(BASE + 5_000, BASE + 6_000, 3), { seq: 5, top: 8 });
    assert.deepEqual(engine.seekTime(BASE + 4_500, undefined, 0), { seq: 5, top: 5 });
    // After every log: the newest; before every log: the oldest.
    assert.equal(engine.seekTime(BASE + 60_000, undefined, 5).seq, 19);
    assert.equal(engine.seekTime(BASE - 60_000, undefined, 5).seq, 0);
    // A bar with no log: the first one after it.
    assert.equal(engine.setFilter('-"log 6 end"'), undefined);
    assert.equal(engine.seekTime(BASE + 6_000, BASE + 7_000, 0).seq, 7);
  });
});

describe('--since and --until in the engine', () => {
  it('keep only logs whose own time is in the range, and count the others', () => {
    const engine = new LogEngine(100, { now: () => BASE, range: { since: BASE + 1_000, until: BASE + 3_000 } });
    for (let i = 0; i < 5; i++) engine.ingest(at(BASE + i * 1000));
    const snap = engine.snapshot({ anchor: undefined, height: 10, margin: 0 });
    assert.deepEqual(
      snap.rows.map((r) => r.time),
      [BASE + 2_000, BASE + 1_000],
    );
    assert.equal(snap.counters.outOfRange, 3);
    assert.equal(snap.counters.received, 5);
  });
});
