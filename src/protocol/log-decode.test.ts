import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FIXTURE_ARRIVAL_MS as ARRIVAL, REAL_WORLD_LOGS } from './fixtures/real-world-logs.js';
import { LEVELS } from './level.js';
import type { Level } from './level.js';
import { decodeLog } from './log-decode.js';
import type { LogRecord } from './log-record.js';

function decode(payload: string | Buffer): LogRecord {
  return decodeLog(payload, ARRIVAL);
}

function levelOf(json: string): Level {
  return decode(json).level;
}

describe('decodeLog on real-world payloads', () => {
  for (const fixture of REAL_WORLD_LOGS) {
    it(`reads ${fixture.name}`, () => {
      const record = decode(fixture.payload);
      const { timeUs, ...expected } = fixture.expect;
      if (timeUs !== undefined) {
        assert.equal(Math.round(record.time * 1000), timeUs);
        assert.equal(record.timeFromEvent, true);
      }
      for (const [key, want] of Object.entries(expected)) {
        assert.deepEqual(record[key as keyof LogRecord], want, key);
      }
      assert.equal(record.raw, fixture.payload);
      assert.equal(record.plain, false);
    });
  }

  it('reads a Buffer exactly like the same text', () => {
    for (const { payload } of REAL_WORLD_LOGS) assert.deepEqual(decode(Buffer.from(payload)), decode(payload));
  });
});

describe('decodeLog levels', () => {
  it('understands spellings in any case', () => {
    const cases: [string, Level][] = [
      ['TRACE', 'trace'],
      ['trc', 'trace'],
      ['Debug', 'debug'],
      ['DBG', 'debug'],
      ['VERBOSE', 'trace'],
      ['info', 'info'],
      ['INF', 'info'],
      ['NOTICE', 'info'],
      ['Warning', 'warn'],
      ['WRN', 'warn'],
      ['err', 'error'],
      ['ERROR', 'error'],
      ['SEVERE', 'error'],
      ['FTL', 'fatal'],
      ['CRIT', 'fatal'],
      ['critical', 'fatal'],
      ['ALERT', 'fatal'],
      ['EMERG', 'fatal'],
      ['panic', 'fatal'],
      ['[WARN]', 'warn'],
      [' error ', 'error'],
      ['E', 'error'],
    ];
    for (const [spelling, level] of cases)
      assert.equal(levelOf(`{"level":${JSON.stringify(spelling)}}`), level, spelling);
  });

  it('maps pino and bunyan numbers, custom levels in between included', () => {
    const cases: [number, Level][] = [
      [10, 'trace'],
      [20, 'debug'],
      [30, 'info'],
      [35, 'info'],
      [40, 'warn'],
      [50, 'error'],
      [60, 'fatal'],
      [100, 'fatal'],
    ];
    for (const [n, level] of cases) assert.equal(levelOf(`{"level":${n}}`), level, String(n));
    assert.equal(levelOf('{"level":"50"}'), 'error');
  });

  it('maps syslog severities from journald PRIORITY and small numeric levels', () => {
    const expected: Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];
    expected.forEach((level, n) => assert.equal(levelOf(`{"PRIORITY":"${n}"}`), level, String(n)));
    assert.equal(levelOf('{"level":5,"message":"x"}'), 'info');
    assert.equal(levelOf('{"PRIORITY":"30","message":"boom"}'), 'info');
  });

  it('prefers level over severity and falls through a value it cannot read', () => {
    assert.equal(levelOf('{"severity":"ERROR","level":"debug"}'), 'debug');
    const record = decode('{"level":"chatty","severity":"warning","message":"m"}');
    assert.equal(record.level, 'warn');
    assert.deepEqual(record.fields, { level: 'chatty' });
  });

  it('guesses the level from the message when the log has none', () => {
    const cases: [string, Level][] = [
      ['ERROR something broke', 'error'],
      ['java.lang.NullPointerException at Foo.bar', 'error'],
      ['TypeError: x is not a function', 'error'],
      ['FATAL: out of memory', 'fatal'],
      ['panic: runtime error: index out of range', 'fatal'],
      ['WARN retrying after error', 'warn'],
      ['warning: deprecated option', 'warn'],
      ['CRITICAL disk failure', 'fatal'],
      ['a critical path', 'info'],
      ['processed 3 errors', 'info'],
      ['user logged in', 'info'],
      ['', 'info'],
    ];
    for (const [message, level] of cases) assert.equal(levelOf(JSON.stringify({ message })), level, message);
  });
});

describe('decodeLog fields and types', () => {
  it('tolerates wrong types: numeric level, object time, object message, numeric service', () => {
    const record = decode('{"level":true,"timestamp":{},"message":{"a":[1,2],"b":"c"},"service":123}');
    assert.equal(record.message, '{"a":[1,2],"b":"c"}');
    assert.equal(record.service, '123');
    assert.equal(record.level, 'info');
    assert.equal(record.time, ARRIVAL);
    assert.equal(record.timeFromEvent, false);
    assert.deepEqual(record.fields, { level: true, timestamp: {} });
  });

  it('turns numbers and booleans in message into text and skips null', () => {
    assert.equal(decode('{"message":42}').message, '42');
    assert.equal(decode('{"message":null,"msg":"second"}').message, 'second');
  });

  it('uses arrival time when the time is missing or out of range', () => {
    for (const p of ['{"message":"x"}', '{"timestamp":"yesterday"}', '{"time":"1969-07-20T20:17:00Z"}', '{"ts":-5}']) {
      const record = decode(p);
      assert.equal(record.time, ARRIVAL, p);
      assert.equal(record.timeFromEvent, false, p);
    }
  });

  it('strips the leading slash of Docker container names and ignores empty services', () => {
    assert.equal(decode('{"container_name":"/api-2"}').service, 'api-2');
    assert.equal(decode('{"service":"  ","app":"shop"}').service, 'shop');
    assert.equal(decode('{"service":{"version":"1"}}').service, 'unknown');
  });

  it('trusts name as the service only in bunyan, pino or Python logging records', () => {
    assert.equal(decode('{"msg":"created user","name":"alice"}').service, 'unknown');
    assert.deepEqual(decode('{"msg":"created user","name":"alice"}').fields, { name: 'alice' });
    assert.equal(decode('{"msg":"x","name":"worker","pid":1}').service, 'worker');
  });

  it('reads latencies in milliseconds, and durations with units', () => {
    const cases: [string, number | undefined][] = [
      ['{"latency_ms":12.5}', 12.5],
      ['{"duration_ms":"40"}', 40],
      ['{"latency":"12ms"}', 12],
      ['{"latency":"1.5s"}', 1500],
      ['{"duration":"250µs"}', 0.25],
      ['{"duration":"250us"}', 0.25],
      ['{"elapsed_ms":"2 ms"}', 2],
      ['{"latency":"1m30s"}', 90_000],
      ['{"latency":"1h"}', 3_600_000],
      ['{"latency":"100ns"}', 0.0001],
      ['{"response_time_ms":0}', 0],
      ['{"latency":-1}', undefined],
      ['{"latency":"fast"}', undefined],
      ['{"latency":"1m30"}', undefined],
      ['{"latency":"12 parsecs"}', undefined],
      ['{"latency":null}', undefined],
    ];
    for (const [p, ms] of cases) assert.equal(decode(p).latencyMs, ms, p);
    assert.deepEqual(decode('{"latency":"fast"}').fields, { latency: 'fast' });
  });

  it('leaves fields undefined when every key was used', () => {
    assert.equal(
      decode('{"timestamp":"2026-11-28T11:00:00","level":"INFO","service":"s","message":"m","latency_ms":3}').fields,
      undefined,
    );
  });

  it('keeps a __proto__ key as a plain field without touching prototypes', () => {
    const record = decode('{"message":"x","__proto__":{"polluted":true}}');
    assert.deepEqual(Object.keys(record.fields ?? {}), ['__proto__']);
    assert.equal(Object.getPrototypeOf(record.fields), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('decodeLog plain payloads', () => {
  function assertPlain(payload: string | Buffer, message: string, level: Level = 'info'): void {
    const record = decode(payload);
    assert.deepEqual(
      { ...record, raw: undefined },
      {
        time: ARRIVAL,
        timeFromEvent: false,
        level,
        service: 'unknown',
        message,
        latencyMs: undefined,
        fields: undefined,
        plain: true,
        raw: undefined,
        producer: undefined,
        truncated: false,
      },
    );
  }

  it('keeps text that is not JSON as the message, trimmed of its trailing newline', () => {
    assertPlain(
      '2026-11-28 11:00:00 ERROR db: connection refused\r\n',
      '2026-11-28 11:00:00 ERROR db: connection refused',
      'error',
    );
    assertPlain('{"message": truncated', '{"message": truncated');
  });

  it('treats JSON values that are not objects as text', () => {
    assertPlain('[1,2,3]', '[1,2,3]');
    assertPlain('42', '42');
    assertPlain('"WARN quoted"', '"WARN quoted"', 'warn');
    assertPlain('null', 'null');
  });

  it('makes an empty payload an empty plain message', () => {
    assertPlain('', '');
    assertPlain(Buffer.alloc(0), '');
    assertPlain('\n', '');
  });

  it('replaces invalid UTF-8 bytes and keeps the text', () => {
    assertPlain(Buffer.from([0xff, 0xfe, 0x41, 0xc3]), '\uFFFD\uFFFDA\uFFFD');
    // Inside an otherwise valid object the bad byte does not cost the structure.
    const record = decode(Buffer.concat([Buffer.from('{"message":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    assert.equal(record.plain, false);
    assert.equal(record.message, 'caf\uFFFD');
  });

  it('reads an object after a byte order mark or leading whitespace', () => {
    assert.equal(decode('\uFEFF{"message":"bom"}').message, 'bom');
    assert.equal(decode('  \n{"message":"ws"}').message, 'ws');
  });

  it('keeps NUL bytes: escaped ones in a message, raw ones in plain text', () => {
    assert.equal(decode('{"message":"a\\u0000b"}').message, 'a\u0000b');
    assertPlain('{"message":"a\u0000b"}', '{"message":"a\u0000b"}');
  });
});

describe('decodeLog producer stamps', () => {
  const stamped = (stamp: unknown): LogRecord =>
    decode(JSON.stringify({ level: 'info', message: 'm', user: 'ann', _ls: stamp }));

  it('reads the producer id and sequence number and leaves the stamp out of the fields', () => {
    const record = stamped({ p: 'send-k3j9x0ab', s: 42 });
    assert.deepEqual(record.producer, { id: 'send-k3j9x0ab', seq: 42 });
    assert.deepEqual(record.fields, { user: 'ann' });
  });

  it('leaves fields undefined when the stamp was the only extra key', () => {
    const record = decode('{"message":"m","_ls":{"p":"send-a","s":0}}');
    assert.deepEqual(record.producer, { id: 'send-a', seq: 0 });
    assert.equal(record.fields, undefined);
  });

  it('accepts keys it does not know inside the stamp', () => {
    assert.deepEqual(stamped({ p: 'x', s: 1, v: 2 }).producer, { id: 'x', seq: 1 });
  });

  it('keeps a malformed stamp as a plain field and reads no producer from it', () => {
    const bad: unknown[] = [
      'send-a',
      7,
      null,
      [],
      {},
      { p: 'a' },
      { s: 1 },
      { p: 5, s: 1 },
      { p: '', s: 1 },
      { p: 'a', s: -1 },
      { p: 'a', s: 1.5 },
      { p: 'a', s: '1' },
      { p: 'a', s: 2 ** 53 },
      { p: 'x'.repeat(129), s: 1 },
    ];
    for (const stamp of bad) {
      const record = stamped(stamp);
      assert.equal(record.producer, undefined, JSON.stringify(stamp));
      assert.deepEqual(record.fields, { user: 'ann', _ls: stamp });
    }
  });

  it('gives unstamped and plain-text logs no producer', () => {
    assert.equal(decode('{"message":"m"}').producer, undefined);
    assert.equal(decode('_ls {"p":"a","s":1}').producer, undefined);
  });
});

describe('decodeLog size limit', () => {
  it('truncates a payload above 64 KiB by default, keeps its start as plain text and marks it', () => {
    const big = JSON.stringify({ level: 'error', message: 'y'.repeat(10 << 20) });
    const record = decode(big);
    assert.equal(record.truncated, true);
    assert.equal(record.plain, true);
    assert.equal(record.raw, big.slice(0, 65_536));
    assert.ok(record.message.startsWith('{"level":"error","message":"yyy'));
    assert.ok(
      record.message.endsWith(
        ` …[truncated: ${Buffer.byteLength(big).toLocaleString('en-US')} bytes, first 65,536 kept]`,
      ),
    );
  });

  it('honours maxLineBytes and counts bytes, not characters', () => {
    const line = 'é'.repeat(600); // 1,200 bytes
    assert.equal(decodeLog(line, ARRIVAL, { maxLineBytes: 1_200 }).truncated, false);
    const cut = decodeLog(line, ARRIVAL, { maxLineBytes: 1_001 });
    assert.equal(cut.truncated, true);
    // 1,001 bytes would split a character: the cut backs up to 1,000 bytes, 500 whole characters.
    assert.equal(cut.raw, 'é'.repeat(500));
    assert.match(cut.message, /truncated: 1,200 bytes, first 1,000 kept\]$/);
  });

  it('truncates a Buffer like the same text', () => {
    const text = `{"message":"${'ü'.repeat(2_000)}"}`;
    const opts = { maxLineBytes: 999 };
    assert.deepEqual(decodeLog(Buffer.from(text), ARRIVAL, opts), decodeLog(text, ARRIVAL, opts));
  });

  it('leaves payloads at or below the limit alone', () => {
    const record = decode(JSON.stringify({ message: 'z'.repeat(60_000) }));
    assert.equal(record.truncated, false);
    assert.equal(record.message.length, 60_000);
  });
});

describe('decodeLog on hostile input', () => {
  const roomy = { maxLineBytes: 2 << 20 };

  it('keeps a 1 MB line as one plain message when the limit allows', () => {
    const big = 'x'.repeat(1 << 20);
    const record = decodeLog(big, ARRIVAL, roomy);
    assert.equal(record.plain, true);
    assert.equal(record.message.length, 1 << 20);
  });

  it('keeps a 1 MB message in a JSON object when the limit allows', () => {
    const record = decodeLog(JSON.stringify({ level: 'info', message: 'y'.repeat(1 << 20) }), ARRIVAL, roomy);
    assert.equal(record.message.length, 1 << 20);
  });

  it('survives 10,000 levels of nesting as a payload, a field and a message', () => {
    const depth = 10_000;
    assert.equal(decode('['.repeat(depth) + ']'.repeat(depth)).plain, true);
    const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    assert.equal(decode(nested).plain, false);
    const asField = decode(`{"message":"deep","data":${nested}}`);
    assert.equal(asField.message, 'deep');
    assert.ok(asField.fields?.data !== undefined);
    const asMessage = decode(`{"message":${nested}}`);
    assert.match(asMessage.message, /^\[message not serialisable/);
    assert.equal(decodeLog(`{"log":${JSON.stringify(nested)}}`, ARRIVAL, roomy).plain, false);
  });

  it('does not throw on payloads that are not strings or buffers at all', () => {
    const record = decodeLog(null as unknown as string, ARRIVAL);
    assert.equal(record.plain, true);
    assert.equal(record.message, '');
  });

  it('never throws and always returns a well-formed record (property)', () => {
    const wellFormed = (record: LogRecord): void => {
      assert.ok(LEVELS.includes(record.level));
      assert.equal(typeof record.message, 'string');
      assert.ok(record.service.length > 0);
      assert.ok(Number.isFinite(record.time));
      assert.ok(record.latencyMs === undefined || record.latencyMs >= 0);
      assert.ok(record.fields === undefined || Object.keys(record.fields).length > 0);
      assert.ok(
        record.producer === undefined ||
          (typeof record.producer.id === 'string' && Number.isSafeInteger(record.producer.seq)),
      );
      assert.ok(!record.truncated || record.plain);
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => wellFormed(decode(s))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => wellFormed(decode(JSON.stringify(v)))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => wellFormed(decode(Buffer.from(b)))),
      { numRuns: 200 },
    );
    const keys = [
      'message',
      'msg',
      'log',
      'level',
      'severity',
      'PRIORITY',
      'time',
      'ts',
      'service',
      'name',
      'latency',
      'MESSAGE',
      '_ls',
    ];
    const logLike = fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }));
    fc.assert(
      fc.property(logLike, (o) => wellFormed(decode(JSON.stringify(o)))),
      { numRuns: 500 },
    );
    const stamp = fc.record(
      {
        p: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 1 })),
        s: fc.oneof(fc.integer(), fc.double(), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(stamp, fc.jsonValue({ maxDepth: 2 })), (v) =>
        wellFormed(decode(JSON.stringify({ message: 'm', _ls: v }))),
      ),
      { numRuns: 500 },
    );
    const limit = fc.integer({ min: 0, max: 80 });
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), limit, (s, max) =>
        wellFormed(decodeLog(s, ARRIVAL, { maxLineBytes: max })),
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), limit, (b, max) =>
        wellFormed(decodeLog(Buffer.from(b), ARRIVAL, { maxLineBytes: max })),
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips any stamp it reads (property)', () => {
    const id = fc.string({ minLength: 1, maxLength: 128 });
    const seq = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(id, seq, fc.jsonValue({ maxDepth: 1 }), (p, s, extra) => {
        const record = decode(JSON.stringify({ message: 'm', x: extra, _ls: { p, s } }));
        assert.deepEqual(record.producer, { id: p, seq: s });
        assert.equal(record.fields !== undefined && '_ls' in record.fields, false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decodeLog with skipFields', () => {
  it('maps the same fields but leaves the others undefined', () => {
    const payload = JSON.stringify({
      timestamp: '2026-11-28T11:00:00.000000',
      level: 'ERROR',
      service: 'api',
      message: 'boom',
      latency_ms: 12,
      trace_id: 't1',
    });
    const full = decodeLog(payload, 0);
    const lean = decodeLog(payload, 0, { skipFields: true });
    assert.deepEqual(full.fields, { trace_id: 't1' });
    assert.equal(lean.fields, undefined);
    assert.deepEqual({ ...lean, fields: full.fields }, full);
  });

  describe('decodeLog: nested and renamed roles', () => {
    const NOW = Date.UTC(2026, 10, 28, 12);
    it('fills the message, level and time the record lacks from `fields` or `@fields`, keeping the rest', () => {
      const r = decodeLog(
        '{"timestamp":"2024-05-01T10:00:00Z","level":"INFO","fields":{"message":"hi","user":"ann","level":"x"},"target":"t"}',
        NOW,
      );
      assert.deepEqual(
        [r.message, r.level, r.fields],
        ['hi', 'info', { target: 't', user: 'ann', 'fields.level': 'x' }],
      );
      const l = decodeLog('{"@timestamp":"2024-05-01T10:00:00Z","@message":"m","@fields":{"level":"ERROR"}}', NOW);
      assert.deepEqual([l.message, l.level], ['m', 'error']);
    });

    it('leaves a `fields` object alone when the record has its message, level and time', () => {
      const r = decodeLog('{"time":"2024-05-01T10:00:00Z","level":"info","msg":"m","fields":{"message":"other"}}', NOW);
      assert.deepEqual([r.message, r.fields], ['m', { fields: { message: 'other' } }]);
    });

    it('reads MongoDB\'s {"$date": …} times (text and $numberLong) and its short severities only', () => {
      assert.equal(
        decodeLog('{"t":{"$date":{"$numberLong":"1714557600000"}},"msg":"x"}', NOW).time,
        Date.UTC(2024, 4, 1, 10),
      );
      assert.equal(decodeLog('{"s":"W","msg":"x"}', NOW).level, 'warn');
      // A one-letter key holding something else is a field, not a time or a level.
      const other = decodeLog('{"t":42,"s":"warning signs","msg":"x"}', NOW);
      assert.deepEqual([other.time, other.level, other.fields], [NOW, 'info', { t: 42, s: 'warning signs' }]);
    });
  });
});
