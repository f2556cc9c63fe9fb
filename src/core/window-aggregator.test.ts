import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogRecord } from '../protocol/log-record.js';
import type { WindowStats } from '../protocol/stats.js';
import { createRandom } from './random.js';
import { WindowAggregator } from './window-aggregator.js';

// A whole minute, so that window boundaries fall on round numbers.
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

function log(time: number, service = 'api'): LogRecord {
  return {
    time,
    timeFromEvent: true,
    level: 'info',
    service,
    message: 'ok',
    latencyMs: undefined,
    fields: undefined,
    plain: false,
    raw: '',
  };
}

function starts(stats: WindowStats[]): number[] {
  return stats.map((s) => Date.parse(s.window_start) - T0);
}

describe('WindowAggregator', () => {
  it('puts a log that arrives within the lateness into the window of its event time', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 + 100), T0 + 150);
    agg.add(log(T0 + 900), T0 + 1_400); // window [0, 1000) accepts until 1500
    const [w] = agg.advance(T0 + 1_500);
    assert.equal(w?.total_count, 2);
    assert.equal(w.late_count, 0);
    assert.equal(w.window_start, new Date(T0).toISOString());
    assert.equal(w.window_end, new Date(T0 + 1_000).toISOString());
  });

  it('counts a log whose window has closed in the window of now, as late', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 + 100), T0 + 150);
    assert.equal(agg.advance(T0 + 1_500).length, 1);
    agg.add(log(T0 + 999), T0 + 1_600);
    const out = agg.advance(T0 + 2_500);
    assert.deepEqual(starts(out), [1_000]);
    assert.equal(out[0]?.total_count, 1);
    assert.equal(out[0]?.late_count, 1);
  });

  it('treats a log past its lateness as late even before any window was closed', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 - 3_600_000), T0 + 300); // an hour old: no window for it is open any more
    assert.equal(agg.openWindows, 1);
    const [w, ...rest] = agg.advance(T0 + 1_500);
    assert.equal(rest.length, 0);
    assert.deepEqual([w?.window_start, w?.late_count], [new Date(T0).toISOString(), 1]);
  });

  it('keeps a log slightly in the future in its own window but counts a far-future one at now', () => {
    const agg = new WindowAggregator({ maxFutureMs: 5_000 });
    agg.add(log(T0 + 4_200), T0 + 100);
    agg.add(log(T0 + 5_200), T0 + 100);
    assert.equal(agg.openWindows, 2);
    const out = agg.advance(T0 + 5_500);
    assert.deepEqual(starts(out), [0, 1_000, 2_000, 3_000, 4_000]);
    assert.deepEqual(
      out.map((s) => [s.total_count, s.late_count]),
      [
        [1, 1],
        [0, 0],
        [0, 0],
        [0, 0],
        [1, 0],
      ],
    );
  });

  it('never puts a late log into a window it already emitted, even with a clock going back', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0), T0);
    agg.advance(T0 + 20_000);
    agg.add(log(T0 + 10), T0 + 15_000);
    const out = agg.advance(T0 + 20_500);
    assert.deepEqual(starts(out), [19_000]);
    assert.equal(out[0]?.late_count, 1);
  });

  it('emits empty windows from startMs on so the series is continuous', () => {
    const agg = new WindowAggregator({ startMs: T0 + 250 });
    assert.equal(agg.nextCloseAt(), T0 + 1_500);
    const out = agg.advance(T0 + 3_500);
    assert.deepEqual(starts(out), [0, 1_000, 2_000]);
    for (const w of out) {
      assert.equal(w.total_count, 0);
      assert.equal(w.top_service, null);
      assert.equal(w.window_seconds, 1);
    }
    assert.equal(agg.nextCloseAt(), T0 + 4_500);
  });

  it('fills the gaps between windows with logs', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 + 10), T0 + 10);
    agg.add(log(T0 + 3_010), T0 + 3_010);
    const out = agg.advance(T0 + 4_600);
    assert.deepEqual(starts(out), [0, 1_000, 2_000, 3_000]);
    assert.deepEqual(
      out.map((w) => w.total_count),
      [1, 0, 0, 1],
    );
  });

  it('emits nothing and needs no timer before the first log', () => {
    const agg = new WindowAggregator();
    assert.deepEqual(agg.advance(T0), []);
    assert.equal(agg.nextCloseAt(), Number.POSITIVE_INFINITY);
    agg.add(log(T0 + 700), T0 + 800);
    assert.equal(agg.nextCloseAt(), T0 + 1_500);
    assert.deepEqual(agg.advance(T0 + 1_499), []);
  });

  it('caps the empty windows of an idle spell and resumes up to now', () => {
    const agg = new WindowAggregator({ maxEmptyWindows: 120 });
    agg.add(log(T0 + 10), T0 + 10);
    const now = T0 + 3_600_000;
    const out = agg.advance(now);
    assert.equal(out.length, 121);
    assert.equal(out[0]?.total_count, 1);
    const emptyStarts = starts(out.slice(1));
    assert.equal(emptyStarts.at(-1), 3_600_000 - 2_000); // the last window due at `now`
    assert.ok(emptyStarts.every((s, k) => k === 0 || s - (emptyStarts[k - 1] ?? 0) === 1_000));
    assert.equal(agg.nextCloseAt(), now + 500);
    assert.deepEqual(starts(agg.advance(now + 500)), [3_599_000]);
  });

  it('keeps every window with logs when an idle cap applies', () => {
    const agg = new WindowAggregator({ maxEmptyWindows: 2 });
    agg.add(log(T0), T0);
    agg.add(log(T0 + 5_000), T0 + 5_000);
    agg.add(log(T0 + 9_000), T0 + 9_000);
    const out = agg.advance(T0 + 20_000);
    assert.deepEqual(starts(out), [0, 5_000, 9_000, 17_000, 18_000]);
    assert.deepEqual(
      out.map((w) => w.total_count),
      [1, 1, 1, 0, 0],
    );
  });

  it('counts every log exactly once, whatever their lateness or skew', () => {
    for (const seed of [11, 12, 13]) {
      const rng = createRandom(seed);
      const windowMs = rng.pick([250, 1_000]);
      const agg = new WindowAggregator({ windowMs, latenessMs: rng.pick([0, 500]), maxFutureMs: 3_000 });
      let now = T0;
      let added = 0;
      let mustBeLate = 0;
      let onTime = 0;
      const out: WindowStats[] = [];
      for (let k = 0; k < 5_000; k++) {
        now += rng.int(0, 20);
        const skew = rng.pick([0, -rng.int(0, 3_000), rng.int(0, 6_000), -1e9]);
        agg.add(log(now + skew), now);
        added++;
        if (skew === -1e9 || skew > agg.maxFutureMs) mustBeLate++;
        if (skew === 0) onTime++;
        if (rng.chance(0.05)) out.push(...agg.advance(now));
      }
      out.push(...agg.advance(now + 10_000));
      assert.equal(
        out.reduce((sum, w) => sum + w.total_count, 0),
        added,
        `seed ${seed}`,
      );
      const late = out.reduce((sum, w) => sum + w.late_count, 0);
      assert.ok(late >= mustBeLate && late <= added - onTime, `seed ${seed}: ${late} late`);
      assert.equal(agg.openWindows, 0);
      const s = starts(out);
      assert.ok(
        s.every((x, k) => k === 0 || x - (s[k - 1] ?? 0) === windowMs),
        'continuous, oldest first, no repeats',
      );
    }
  });

  it('keeps open windows bounded under a steady future-skewed stream', () => {
    const agg = new WindowAggregator();
    for (let now = T0; now < T0 + 30_000; now += 50) {
      agg.add(log(now + 4_900), now);
      agg.add(log(now - 1_400), now);
      if (now >= agg.nextCloseAt()) agg.advance(now);
      assert.ok(agg.openWindows <= (agg.latenessMs + agg.maxFutureMs) / agg.windowMs + 2);
    }
  });

  it('counts missed logs in the window of their discovery, never in a closed one', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 + 100), T0 + 100);
    agg.addMissed(7, T0 + 1_200); // window [1000, 2000)
    agg.addMissed(0, T0 + 1_300);
    const closed = agg.advance(T0 + 2_500);
    assert.deepEqual(
      closed.map((w) => w.missed_count),
      [0, 7],
    );
    // Discovered after [2000, 3000) and earlier windows were emitted, even with a clock gone back.
    agg.advance(T0 + 4_000);
    agg.addMissed(2, T0 + 1_000);
    const later = agg.advance(T0 + 5_000);
    assert.equal(
      later.reduce((n, w) => n + w.missed_count, 0),
      2,
    );
    assert.ok(later.every((w) => Date.parse(w.window_start) >= T0 + 3_000));
  });

  it('opens the series at the first gap when no log came before it', () => {
    const agg = new WindowAggregator();
    agg.addMissed(3, T0 + 500);
    assert.deepEqual(
      agg.advance(T0 + 1_500).map((w) => [w.total_count, w.missed_count]),
      [[0, 3]],
    );
  });

  it('hands out the accumulators of closed windows for rollups', () => {
    const agg = new WindowAggregator();
    agg.add(log(T0 + 1), T0 + 1);
    const [w] = agg.closeDue(T0 + 1_500);
    assert.deepEqual([w?.startMs, w?.endMs, w?.acc.totalCount], [T0, T0 + 1_000, 1]);
  });

  it('rejects a window length that is not a positive integer', () => {
    assert.throws(() => new WindowAggregator({ windowMs: 0 }), RangeError);
    assert.throws(() => new WindowAggregator({ windowMs: 2.5 }), RangeError);
    assert.throws(() => new WindowAggregator({ latenessMs: -1 }), RangeError);
  });
});
