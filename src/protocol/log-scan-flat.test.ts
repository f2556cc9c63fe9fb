import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FIXTURE_ARRIVAL_MS as ARRIVAL, REAL_WORLD_LOGS } from './fixtures/real-world-logs.js';
import { decodeLog } from './log-decode.js';
import { scanFlatLog } from './log-scan-flat.js';
import { KEYS } from './log-values.js';

const SKIP = { skipFields: true } as const;

/** Keys that play a role, keys that change how `name` is read, and keys that play none. */
const KEY = fc.oneof(
  fc.constantFrom(...KEYS.keys()),
  fc.constantFrom('hostname', 'pid', 'v', 'levelname', '__proto__', 'stream', 'fields', '@fields', '1', ''),
  fc.string({ maxLength: 8 }),
);
/** Values shaped like what logs hold in those keys, and anything else JSON has. */
const VALUE = fc.oneof(
  fc.constantFrom(
    'error',
    'WARN',
    ' info ',
    '[warn]',
    'E',
    'I',
    '3',
    '6',
    '50',
    '',
    '   ',
    'api',
    '/web-1',
    '2024-05-01T10:00:00.123Z',
    '1714557600123456',
    '12.5',
    '1m30s',
    '250µs',
    '{"level":"error"}',
    'line\n',
    'a "quoted" \\ word\u0001',
    'Traceback error here',
  ),
  fc.integer({ min: -10, max: 100 }),
  fc.double({ noNaN: true }),
  fc.constantFrom(1714557600, 1714557600123, 1714557600123456, 0, -0),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 1 }),
);

/** A JSON object text as JSON.stringify writes it, or with Python's `", "` and `": "`, or another repeat of a key. */
const OBJECT_TEXT = fc
  .tuple(fc.array(fc.tuple(KEY, VALUE), { maxLength: 10 }), fc.constantFrom('', ' '), fc.boolean())
  .map(([pairs, space, repeat]) => {
    const all = repeat && pairs.length > 0 ? [...pairs, pairs[0] as [string, unknown]] : pairs;
    const body = all.map(([k, v]) => `${JSON.stringify(k)}:${space}${JSON.stringify(v)}`).join(`,${space}`);
    return `{${body}}`;
  });

describe('scanFlatLog', () => {
  it('reads every text it accepts exactly as decodeLog without fields does (property)', () => {
    fc.assert(
      fc.property(OBJECT_TEXT, (text) => {
        const fast = scanFlatLog(text, ARRIVAL);
        if (fast !== undefined) assert.deepEqual(fast, decodeLog(text, ARRIVAL, SKIP));
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts flat objects with no escaped key and no repeated key (property)', () => {
    const flat = fc.dictionary(
      fc.constantFrom(...KEYS.keys(), 'hostname', 'host', 'pid', 'user'),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    );
    fc.assert(
      fc.property(flat, (o) => {
        const text = JSON.stringify(o);
        const log = typeof o.log === 'string' && o.log.startsWith('{') && o.log.endsWith('}');
        if (!log) assert.notEqual(scanFlatLog(text, ARRIVAL), undefined, text);
      }),
    );
  });

  it('refuses what is not JSON, which decodeLog keeps as plain text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (tail) => {
        const text = `{"level":"error"${tail}`;
        const fast = scanFlatLog(text, ARRIVAL);
        if (fast !== undefined) assert.deepEqual(fast, decodeLog(text, ARRIVAL, SKIP));
      }),
    );
    for (const text of ['{"a":01}', '{"a":1.}', '{"a":tru}', '{"a":"\t"}', '{"a":1,}', '{"a":1} x', '{"a":"\\x"}'])
      assert.equal(scanFlatLog(text, ARRIVAL), undefined, text);
  });

  it('agrees with decodeLog on the real-world fixtures it accepts', () => {
    for (const { payload } of REAL_WORLD_LOGS) {
      const fast = scanFlatLog(payload, ARRIVAL);
      if (fast !== undefined) assert.deepEqual(fast, decodeLog(payload, ARRIVAL, SKIP), payload);
    }
  });

  it('reads a journald record in one pass', () => {
    const text =
      '{"__CURSOR": "s=1;i=1", "__REALTIME_TIMESTAMP": "1714557600123456", "PRIORITY": "3", "SYSLOG_IDENTIFIER": "sshd", "_PID": "812", "MESSAGE": "Connection reset"}';
    const log = scanFlatLog(text, ARRIVAL);
    assert.ok(log);
    assert.equal(log.level, 'error');
    assert.equal(log.service, 'sshd');
    assert.equal(log.message, 'Connection reset');
    assert.equal(log.time, 1714557600123.456);
  });

  it('takes no key for a role key that only shares its length, last character and hash', () => {
    // U+106C is 108 + 4096: with the length and the last character, the same hash as `level`.
    for (const text of ['{"\u106cevel":"error","msg":"x"}', '{"\u106cevel":"error"}']) {
      assert.equal(text.charCodeAt(2), 0x106c);
      assert.deepEqual(scanFlatLog(text, ARRIVAL), decodeLog(text, ARRIVAL, SKIP), text);
    }
  });

  it('leaves a text that repeats a role key, or nests an object, to the general path', () => {
    assert.equal(scanFlatLog('{"level":"error","level":"info"}', ARRIVAL), undefined);
    assert.equal(scanFlatLog('{"msg":"x","req":{"id":1}}', ARRIVAL), undefined);
    assert.equal(scanFlatLog('{"lev\\u0065l":"error"}', ARRIVAL), undefined);
  });
});
