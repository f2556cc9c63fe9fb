import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTimestamp } from '../../protocol/timestamp.js';
import { parseLine } from '../parse-line.js';
import { lineTime } from './line-time.js';

function timeOf(line: string): number {
  const b = Buffer.from(line);
  return lineTime(b, 0, b.length);
}

const ms = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) });

describe('lineTime', () => {
  it('reads the time the full line parser reads from JSON logs with a usual time key', () => {
    const key = fc.constantFrom('time', 'timestamp', 'ts', '@timestamp', 'datetime', '__REALTIME_TIMESTAMP');
    const value = fc.oneof(
      ms.map((t) => JSON.stringify(new Date(t).toISOString())),
      ms.map((t) => String(t)),
      ms.map((t) => String(t / 1000)),
      ms.map((t) => JSON.stringify(String(t * 1000))),
    );
    fc.assert(
      fc.property(key, value, fc.string(), (k, v, msg) => {
        const line = `{"level":"info","${k}":${v},"msg":${JSON.stringify(msg)}}`;
        assert.equal(timeOf(line), parseLine(line, 0).time);
      }),
    );
  });

  it('reads quoted digits as the number they spell, longer than 2^53 too', () => {
    for (const digits of ['1714557600123456', '1714557600123456789', '00001714557600', '9007199254740993000'])
      assert.equal(timeOf(`{"ts":"${digits}"}`), parseTimestamp(Number(digits)) ?? NaN, digits);
  });

  it('reads an ISO time that opens a text line, with or without a bracket', () => {
    assert.equal(timeOf('2026-12-05 11:00:00,250 ERROR db: down'), Date.UTC(2026, 11, 5, 11, 0, 0, 250));
    assert.equal(timeOf('[2026-12-05T11:00:00Z] started'), Date.UTC(2026, 11, 5, 11));
    assert.equal(timeOf('2026-12-05T11:00:00.5+01:00 INFO x'), Date.UTC(2026, 11, 5, 10, 0, 0, 500));
  });

  it('finds no time in lines that carry none', () => {
    for (const line of ['', 'hello world', '{"msg":"x"}', '12 apples', '\tat Foo.bar(Foo.java:1)'])
      assert.ok(Number.isNaN(timeOf(line)), line);
  });
});
