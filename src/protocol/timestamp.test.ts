import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatWireTimestamp, parseTimestamp } from './timestamp.js';

const T = Date.UTC(2026, 10, 28, 11, 0, 0); // 2026-11-28T11:00:00Z

describe('parseTimestamp', () => {
  it("reads the stamp of RustLogStream's sender without a zone as UTC, keeping microseconds", () => {
    assert.equal(parseTimestamp('2026-11-28T11:00:00.123456'), T + 123.456);
  });

  it('reads ISO 8601 with Z, offsets and lower-case separators', () => {
    assert.equal(parseTimestamp('2026-11-28T11:00:00.123Z'), T + 123);
    assert.equal(parseTimestamp('2026-11-28t11:00:00z'), T);
    assert.equal(parseTimestamp('2026-11-28T20:00:00+09:00'), T);
    assert.equal(parseTimestamp('2026-11-28T20:00:00+0900'), T);
    assert.equal(parseTimestamp('2026-11-28T20:00:00+09'), T);
    assert.equal(parseTimestamp('2026-11-28T06:00:00-05:00'), T);
    assert.equal(parseTimestamp('2026-11-28T11:00:00.5+00:00'), T + 500);
  });

  it('accepts a space instead of T, a comma before the fraction and a missing seconds part', () => {
    assert.equal(parseTimestamp('2026-11-28 11:00:00'), T);
    assert.equal(parseTimestamp('2026-11-28 11:00:00,250'), T + 250); // Python logging asctime
    assert.equal(parseTimestamp('2026-11-28T11:00Z'), T);
    assert.equal(parseTimestamp('2026-11-28'), Date.UTC(2026, 10, 28));
  });

  it('keeps fractions down to nanoseconds and ignores digits beyond', () => {
    assert.equal(parseTimestamp('2026-11-28T11:00:00.123456789Z'), T + 123.456789);
    assert.equal(parseTimestamp('2026-11-28T11:00:00.1234567891234Z'), T + 123.456789);
    assert.equal(parseTimestamp('2026-11-28T11:00:00.1Z'), T + 100);
  });

  it("reads Go's default layout with the zone name after the offset", () => {
    assert.equal(parseTimestamp('2026-11-28 11:00:00.5 +0000 UTC'), T + 500);
    assert.equal(parseTimestamp('2026-11-28 20:00:00 +0900 JST'), T);
  });

  it('reads RFC 2822 dates that carry a zone', () => {
    assert.equal(parseTimestamp('Sat, 28 Nov 2026 11:00:00 GMT'), T);
  });

  it('rejects zone-less non-ISO text rather than guess a local time zone', () => {
    assert.equal(parseTimestamp('Nov 28 2026 11:00:00'), undefined);
  });

  it('chooses seconds, milliseconds, microseconds or nanoseconds by magnitude', () => {
    assert.equal(parseTimestamp(T / 1000), T);
    assert.equal(parseTimestamp(T / 1000 + 0.25), T + 250);
    assert.equal(parseTimestamp(T), T);
    assert.equal(parseTimestamp(T * 1000 + 456), T + 0.456);
    assert.equal(parseTimestamp(T * 1e6), T);
    assert.equal(parseTimestamp(BigInt(T) * 1_000_000n), T);
    assert.equal(parseTimestamp(0), 0);
  });

  it('accepts surrounding whitespace', () => {
    assert.equal(parseTimestamp(' 2026-11-28T11:00:00Z '), T);
  });

  it('reads numeric strings like numbers, as journald writes __REALTIME_TIMESTAMP', () => {
    assert.equal(parseTimestamp(String(T * 1000 + 123)), T + 0.123);
    assert.equal(parseTimestamp(String(T / 1000)), T);
    assert.equal(parseTimestamp(`${T / 1000}.5`), T + 500);
    assert.equal(parseTimestamp(` ${T} `), T);
    assert.equal(parseTimestamp(' 2026-11-28T11:00:00\n'), T);
  });

  it('accepts Date objects', () => {
    assert.equal(parseTimestamp(new Date(T)), T);
  });

  it('returns undefined outside the years 1970..2200', () => {
    assert.equal(parseTimestamp('1969-12-31T23:59:59Z'), undefined);
    assert.equal(parseTimestamp('1970-01-01T00:30:00+01:00'), undefined);
    assert.equal(parseTimestamp('2200-12-31T23:59:59.999Z'), Date.UTC(2200, 11, 31, 23, 59, 59, 999));
    assert.equal(parseTimestamp('2201-01-01T00:00:00Z'), undefined);
    assert.equal(parseTimestamp(-1), undefined);
    assert.equal(parseTimestamp(1e19), undefined);
    assert.equal(parseTimestamp(Number.MAX_VALUE), undefined);
  });

  it('returns undefined for impossible dates and malformed text', () => {
    for (const s of [
      '',
      ' ',
      'garbage',
      '2026-13-01',
      '2026-00-10',
      '2026-02-29',
      '2026-04-31',
      '2026-11-28T24:00',
      '2026-11-28T11:60',
      '2026-11-28T11:00:60',
      '2026-11-28T11:00:00.',
      '2026-11-28T11:00:00Q',
      '2026-11-28T11:00:00+25:00',
      '2026-11-28T11:00:00 Z1',
      '2026-11-28X11:00',
      '2026-1-28',
      '0x10',
      'Infinity',
      'NaN',
      '1e400',
      '12:00:00',
      '2026-11-28T11:00:00 +0000 U2C',
    ]) {
      assert.equal(parseTimestamp(s), undefined, s);
    }
    assert.equal(parseTimestamp('2024-02-29'), Date.UTC(2024, 1, 29));
  });

  it('returns undefined for values that are not strings, numbers or dates', () => {
    for (const v of [undefined, null, true, {}, [], [T], NaN, Infinity, -Infinity, new Date(NaN), Symbol('t')]) {
      assert.equal(parseTimestamp(v), undefined);
    }
  });

  it('agrees with Date.parse on millisecond ISO stamps with a zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2200, 11, 31) }), (ms) => {
        const iso = new Date(ms).toISOString();
        assert.equal(parseTimestamp(iso), ms);
        assert.equal(parseTimestamp(iso.replace('Z', '+00:00')), ms);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.jsonValue()), (v) => {
        const r = parseTimestamp(v);
        assert.ok(r === undefined || (r >= 0 && Number.isFinite(r)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the zone abbreviations servers write, and rejects the ambiguous ones', () => {
    assert.equal(parseTimestamp('2026-11-28 12:00:00.000 CET'), T);
    assert.equal(parseTimestamp('2026-11-28 06:00:00 EST'), T);
    assert.equal(parseTimestamp('2026-11-28 04:00:00 PDT'), T);
    assert.equal(parseTimestamp('2026-11-28 11:00:00 IST'), undefined);
    assert.equal(parseTimestamp('2026-11-28 11:00:00 CETX'), undefined);
  });
});

describe('formatWireTimestamp', () => {
  it("writes the form of RustLogStream's sender: UTC with microseconds and no zone", () => {
    assert.equal(formatWireTimestamp(T + 123), '2026-11-28T11:00:00.123000');
    assert.equal(formatWireTimestamp(T + 123.456), '2026-11-28T11:00:00.123456');
    assert.equal(formatWireTimestamp(0), '1970-01-01T00:00:00.000000');
    assert.equal(formatWireTimestamp(Date.UTC(2024, 1, 29, 23, 59, 59, 999) + 0.9996), '2024-03-01T00:00:00.000000');
  });

  it('matches toISOString down to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2200, 11, 31) }), (ms) => {
        assert.equal(formatWireTimestamp(ms), new Date(ms).toISOString().slice(0, 23) + '000');
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through parseTimestamp at microsecond precision until 2109', () => {
    // From 2109 on (2^42 ms) a double's resolution in epoch ms is coarser than 1 µs.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 * 1000 }), (us) => {
        const ms = us / 1000;
        const back = parseTimestamp(formatWireTimestamp(ms));
        assert.ok(back !== undefined);
        assert.equal(Math.round(back * 1000), us);
      }),
      { numRuns: 300 },
    );
  });

  it('throws a RangeError for a time that is not finite', () => {
    assert.throws(() => formatWireTimestamp(NaN), RangeError);
  });
});
