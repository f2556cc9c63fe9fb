import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ORIGINAL_LOG } from './fixtures/real-world-logs.js';
import { LEVELS } from './level.js';
import { decodeLog } from './log-decode.js';
import { encodeLog, wireTimestamp } from './log-encode.js';
import { formatWireTimestamp } from './timestamp.js';
import type { LogInput } from './log-encode.js';

const T = Date.UTC(2026, 10, 28, 11, 0, 0);

describe('encodeLog', () => {
  it("writes the four keys of RustLogStream's sender, in its order and spelling", () => {
    assert.equal(
      encodeLog({ time: T + 123.456, level: 'error', service: 'auth-service', message: 'User login successful' }),
      '{"timestamp":"2026-11-28T11:00:00.123456","level":"ERROR","service":"auth-service","message":"User login successful"}',
    );
  });

  it("re-encodes the payload of RustLogStream's sender to the same object", () => {
    assert.deepEqual(JSON.parse(encodeLog(decodeLog(ORIGINAL_LOG, 0))), JSON.parse(ORIGINAL_LOG));
  });

  it('puts latency_ms and extra fields after the four keys', () => {
    const text = encodeLog({
      time: T,
      level: 'info',
      service: 's',
      message: 'm',
      latencyMs: 12.5,
      fields: { user: 'alice', n: 1 },
    });
    assert.deepEqual(Object.keys(JSON.parse(text) as object), [
      'timestamp',
      'level',
      'service',
      'message',
      'latency_ms',
      'user',
      'n',
    ]);
  });

  it('never lets extra fields overwrite the four keys', () => {
    const fields = { timestamp: 0, level: 'debug', service: 'other', message: 'shadow', extra: true };
    const obj = JSON.parse(encodeLog({ time: T, level: 'warn', service: 'api', message: 'real', fields })) as Record<
      string,
      unknown
    >;
    assert.deepEqual(obj, {
      timestamp: '2026-11-28T11:00:00.000000',
      level: 'WARN',
      service: 'api',
      message: 'real',
      extra: true,
    });
  });

  it('keeps a latency_ms field only when the log has no latency of its own', () => {
    const base = { time: T, level: 'info', service: 's', message: 'm', fields: { latency_ms: 7 } } as const;
    assert.equal((JSON.parse(encodeLog(base)) as { latency_ms: number }).latency_ms, 7);
    assert.equal((JSON.parse(encodeLog({ ...base, latencyMs: 3 })) as { latency_ms: number }).latency_ms, 3);
    assert.equal(
      'latency_ms' in (JSON.parse(encodeLog({ ...base, fields: undefined, latencyMs: NaN })) as object),
      false,
    );
  });

  it('drops fields that have no JSON form and keeps a __proto__ field as a field', () => {
    const fields: Record<string, unknown> = { gone: undefined, fn: () => 1, kept: null };
    Object.defineProperty(fields, '__proto__', { value: { x: 1 }, enumerable: true });
    const text = encodeLog({ time: T, level: 'info', service: 's', message: 'm', fields });
    assert.equal(text.endsWith(',"kept":null,"__proto__":{"x":1}}'), true);
  });

  it('escapes quotes, newlines and control characters', () => {
    const message = 'say "hi"\n\ttab \u0000 \u2028 日本語';
    const obj = JSON.parse(encodeLog({ time: T, level: 'info', service: 'a"b', message })) as Record<string, unknown>;
    assert.equal(obj.message, message);
    assert.equal(obj.service, 'a"b');
  });

  it('throws a RangeError for a time that is not finite', () => {
    assert.throws(() => encodeLog({ time: NaN, level: 'info', service: 's', message: 'm' }), RangeError);
  });
});

describe('encodeLog then decodeLog', () => {
  // Keys decodeLog reads as a latency; as plain fields they would come back as latencyMs.
  const LATENCY_KEYS = new Set([
    'latency_ms',
    'duration_ms',
    'response_time_ms',
    'elapsed_ms',
    'responseTime',
    'latency',
    'duration',
  ]);
  const OWN = new Set(['timestamp', 'level', 'service', 'message']);
  const noNegativeZero = (v: unknown): boolean =>
    !Object.is(v, -0) && (typeof v !== 'object' || v === null || Object.values(v).every(noNegativeZero));

  const input = fc.record({
    us: fc.integer({ min: 0, max: 2 ** 42 * 1000 }), // microsecond precision holds until 2109
    level: fc.constantFrom(...LEVELS),
    service: fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== ''),
    message: fc.string().filter((s) => !/[\r\n]$/.test(s)),
    fields: fc.dictionary(
      fc.string().filter((k) => !LATENCY_KEYS.has(k)),
      fc.jsonValue({ maxDepth: 3 }).filter(noNegativeZero),
      { maxKeys: 6 },
    ),
  });

  it('gives back time (to the microsecond), level, service, message and fields', () => {
    fc.assert(
      fc.property(input, ({ us, level, service, message, fields }) => {
        const log: LogInput = { time: us / 1000, level, service, message, fields };
        const record = decodeLog(encodeLog(log), 0);
        assert.equal(Math.round(record.time * 1000), us);
        assert.equal(record.timeFromEvent, true);
        assert.equal(record.level, level);
        assert.equal(record.service, service);
        assert.equal(record.message, message);
        const expected = Object.fromEntries(Object.entries(fields).filter(([k]) => !OWN.has(k)));
        assert.deepEqual(record.fields, Object.keys(expected).length > 0 ? expected : undefined);
        assert.equal(record.plain, false);
      }),
      { numRuns: 400 },
    );
  });

  it('gives back the latency', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (latencyMs) => {
        const record = decodeLog(encodeLog({ time: T, level: 'info', service: 's', message: 'm', latencyMs }), 0);
        assert.equal(record.latencyMs, latencyMs === 0 ? 0 : latencyMs);
      }),
      { numRuns: 200 },
    );
  });
});

describe('wireTimestamp', () => {
  it('formats exactly like formatWireTimestamp, within a second and across seconds (property)', () => {
    const time = fc.double({ min: 0, max: Date.UTC(2200, 0, 1), noNaN: true });
    fc.assert(
      fc.property(fc.array(time, { maxLength: 20 }), (times) => {
        for (const t of times) {
          assert.equal(wireTimestamp(t), formatWireTimestamp(t));
          assert.equal(wireTimestamp(t + 0.5), formatWireTimestamp(t + 0.5));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rounds to the microsecond and carries into the next second', () => {
    assert.equal(wireTimestamp(T + 999.9996), '2026-11-28T11:00:01.000000');
    assert.equal(wireTimestamp(T + 999.999), '2026-11-28T11:00:00.999999');
    assert.equal(wireTimestamp(T + 7.25), '2026-11-28T11:00:00.007250');
  });

  it('refuses a time that is not finite', () => {
    wireTimestamp(T);
    for (const t of [NaN, Infinity, -Infinity]) assert.throws(() => wireTimestamp(t), RangeError);
  });
});
