import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyRangeProblem, inTimeRange, parseTime } from './time-bound.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const UTC = { utc: true };
const LOCAL = { utc: false };
/** Instants from 1900 to 2200. */
const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });

function ms(text: string, now = NOW, zone = UTC): number {
  const r = parseTime(text, now, zone);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
  return r.ms;
}

describe('typed times', () => {
  it('reads how long ago, with or without a minus sign', () => {
    assert.equal(ms('15m'), NOW - 15 * 60_000);
    assert.equal(ms('-15m'), NOW - 15 * 60_000);
    assert.equal(ms('2h'), NOW - 2 * 3_600_000);
    assert.equal(ms('1d'), NOW - 86_400_000);
    assert.equal(ms('1.5h'), NOW - 5_400_000);
    assert.equal(ms(' 90s '), NOW - 90_000);
  });

  it('reads any amount of any unit as that long before now', () => {
    fc.assert(
      fc.property(fc.nat(36_000), fc.constantFrom('s', 'm', 'h', 'd'), fc.boolean(), instant, (n, unit, minus, now) => {
        const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
        assert.equal(ms(`${minus ? '-' : ''}${n}${unit}`, now), now - n * unitMs);
      }),
    );
  });

  it('reads back every instant written as ISO in UTC, and with an offset', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), (t, offsetMin) => {
        assert.equal(ms(new Date(t).toISOString(), NOW, LOCAL), t);
        const shifted = new Date(t + offsetMin * 60_000).toISOString().slice(0, 23);
        const sign = offsetMin < 0 ? '-' : '+';
        const abs = Math.abs(offsetMin);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        assert.equal(ms(`${shifted}${zone}`, NOW, LOCAL), t);
      }),
    );
  });

  it('reads a time without a zone in the zone chosen: UTC, or local as Date does', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const iso = new Date(t).toISOString().slice(0, 23);
        assert.equal(ms(iso, NOW, UTC), t);
        const d = new Date(t);
        const local = `${String(d.getFullYear()).padStart(4, '0')}-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
        assert.equal(ms(local, NOW, LOCAL), t);
      }),
    );
    assert.equal(ms('2026-12-05'), Date.UTC(2026, 11, 5));
    assert.equal(ms('2026-12-05T10:30'), Date.UTC(2026, 11, 5, 10, 30));
  });

  it('reads a clock time as that time today', () => {
    fc.assert(
      fc.property(instant, fc.nat(23), fc.nat(59), fc.nat(59), (now, h, m, s) => {
        const d = new Date(now);
        assert.equal(
          ms(`${h}:${p2(m)}:${p2(s)}`, now, UTC),
          Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, m, s),
        );
        assert.equal(
          ms(`${p2(h)}:${p2(m)}`, now, LOCAL),
          new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m).getTime(),
        );
      }),
    );
    assert.equal(ms('10:30:15.25'), Date.UTC(2026, 11, 5, 10, 30, 15, 250));
  });

  it('refuses impossible dates, clocks and words with a reason, and never throws', () => {
    for (const bad of [
      '',
      'yesterday',
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '24:00',
      '10:60',
      '15',
      '5x',
      '99999999999d',
    ])
      assert.equal(parseTime(bad, NOW, UTC).ok, false, bad);
    assert.equal(ms('2024-02-29'), Date.UTC(2024, 1, 29));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.double(), fc.boolean(), (text, now, utc) => {
        const r = parseTime(text, now, { utc });
        if (r.ok) assert.ok(Number.isFinite(r.ms));
        else assert.ok(r.error.length > 0);
      }),
    );
  });
});

describe('time ranges', () => {
  it('include since and exclude until, and say when they are empty', () => {
    assert.equal(inTimeRange(10, { since: 10, until: 20 }), true);
    assert.equal(inTimeRange(20, { since: 10, until: 20 }), false);
    assert.equal(inTimeRange(9, { since: 10 }), false);
    assert.equal(inTimeRange(NaN, {}), true);
    assert.equal(inTimeRange(NaN, { since: 0 }), false);
    assert.match(emptyRangeProblem({ since: 20, until: 10 }) ?? '', /later than --since/);
    assert.equal(emptyRangeProblem({ since: 10, until: 20 }), undefined);
  });
});

function p2(n: number): string {
  return String(n).padStart(2, '0');
}
