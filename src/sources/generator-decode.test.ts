import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLogGenerator } from '../sources/generator.js';
import { decodeLog } from '../protocol/log-decode.js';
import { scanLog } from '../protocol/log-scan.js';
import { KEYS } from '../protocol/log-values.js';

const ARRIVAL = Date.UTC(2026, 10, 28, 11, 0, 5);
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0) + 0.123456;

/** The general path's record without `fields`: what the fast path must return. */
function general(payload: string | Buffer): unknown {
  return { ...decodeLog(payload, ARRIVAL), fields: undefined };
}

/** As text and as bytes (which differ where the text holds a lone surrogate). */
function assertSame(payload: string): void {
  assert.deepEqual(decodeLog(payload, ARRIVAL, { skipFields: true }), general(payload), payload);
  const bytes = Buffer.from(payload);
  assert.deepEqual(decodeLog(bytes, ARRIVAL, { skipFields: true }), general(bytes), payload);
}

const generator = createLogGenerator({ seed: 'log-scan' });
const SENDER_LOGS = Array.from({ length: 300 }, (_, i) =>
  generator.nextJson(T0 + i * 17.5, i % 3 === 0 ? '' : `,"_ls":{"p":"send-k3j9x0ab","s":${i}}`),
);

// Text that makes JSON (or the layout) break in interesting ways.
const PIECES = [
  '"',
  '\\',
  '\\"',
  '\\u0041',
  '\\n',
  '\n',
  '\u0000',
  ',',
  ':',
  '{',
  '}',
  '[',
  ']',
  ' ',
  '0',
  '-',
  '.',
  'e',
  'null',
  'true',
  '\u00e9',
  '\ud800',
  ...[...KEYS.keys()].map((k) => `"${k}":`),
  '"_ls":{"p":"x","s":1}',
  '"latency_ms":"12ms"',
  '"level":30',
];

const mutation = fc.record({ at: fc.nat(), cut: fc.nat({ max: 3 }), insert: fc.constantFrom('', ...PIECES) });

function mutate(text: string, m: { at: number; cut: number; insert: string }): string {
  const at = m.at % (text.length + 1);
  return text.slice(0, at) + m.insert + text.slice(at + m.cut);
}

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const otherKey = fc.oneof(
  { arbitrary: fc.string({ maxLength: 8 }), weight: 5 },
  { arbitrary: fc.constantFrom(...KEYS.keys()), weight: 1 },
);

/** Objects in the senders' layout, with odd values and keys mixed in. */
const layoutLike = fc
  .record({
    timestamp: fc.oneof(
      fc.constantFrom('2026-11-28T11:00:00.123456', '2026-11-28T11:00:00Z', 'yesterday', ''),
      fc.string(),
    ),
    level: fc.oneof(fc.constantFrom('INFO', 'ERROR', 'warn', 'Fatal', 'x', ' error '), fc.string({ maxLength: 6 })),
    service: fc.oneof(fc.constantFrom('auth-service', ' ', ''), fc.string({ maxLength: 6 })),
    message: fc.oneof(fc.string(), fc.constantFrom('boom\n', 'Exception in thread', 'said "hi"\\', 'ERROR x')),
    latency: fc.option(fc.oneof(fc.double({ min: -1, max: 1e6, noNaN: true }), fc.integer()), { nil: undefined }),
    others: fc.array(
      fc.tuple(
        otherKey,
        fc.oneof(
          scalar,
          fc.dictionary(fc.string({ maxLength: 3 }), scalar, { maxKeys: 2 }),
          fc.array(scalar, { maxLength: 2 }),
        ),
      ),
      { maxLength: 4 },
    ),
    stamp: fc.option(
      fc.record({
        p: fc.oneof(fc.string({ maxLength: 3 }), fc.constant('send-k3j9x0ab')),
        s: fc.oneof(fc.nat(), fc.double()),
      }),
      { nil: undefined },
    ),
    spaced: fc.boolean(),
  })
  .map((o) => {
    const members: [string, unknown][] = [
      ['timestamp', o.timestamp],
      ['level', o.level],
      ['service', o.service],
      ['message', o.message],
    ];
    if (o.latency !== undefined) members.push(['latency_ms', o.latency]);
    members.push(...o.others);
    if (o.stamp !== undefined) members.push(['_ls', o.stamp]);
    const [colon, comma] = o.spaced ? [': ', ', '] : [':', ','];
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}${colon}${JSON.stringify(v)}`).join(comma)}}`;
  });

describe('the decoder fast path', () => {
  it('takes the sender’s logs', () => {
    for (const log of SENDER_LOGS) assert.notEqual(scanLog(log, ARRIVAL), undefined, log);
  });

  it("takes the spaced payload of RustLogStream's sender", () => {
    const original =
      '{"timestamp": "2026-11-28T11:00:00.123456", "level": "ERROR", "service": "auth-service", "message": "User login successful"}';
    assert.notEqual(scanLog(original, ARRIVAL), undefined);
    assertSame(original);
  });

  it('decodes the sender’s logs exactly like the general path', () => {
    for (const log of SENDER_LOGS) assertSame(log);
  });

  it('agrees with the general path on mutated sender logs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SENDER_LOGS), fc.array(mutation, { minLength: 1, maxLength: 3 }), (log, ms) => {
        assertSame(ms.reduce(mutate, log));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the general path on generated objects in the layout, plain and mutated', () => {
    fc.assert(
      fc.property(layoutLike, fc.array(mutation, { maxLength: 2 }), (text, ms) => {
        assertSame(ms.reduce(mutate, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('is exercised by those generated objects: many of them take the fast path', () => {
    const samples = fc.sample(layoutLike, { numRuns: 1000, seed: 7 });
    const fast = samples.filter((text) => scanLog(text, ARRIVAL) !== undefined).length;
    assert.ok(fast >= 300, `${fast} of 1000`);
  });

  it('leaves recognised keys outside the fixed ones, escaped keys and duplicates to the general path', () => {
    const head = '{"timestamp":"2026-11-28T11:00:00.123456","level":"INFO","service":"api","message":"m"';
    for (const tail of [
      ',"time":1',
      ',"name":"x","pid":1',
      ',"log":"{}"',
      ',"lev\\u0065l":"error"',
      ',"level":"error"',
      ',"_ls":{"s":1,"p":"a"}',
      ',"latency_ms":"5ms"',
    ]) {
      assert.equal(scanLog(`${head}${tail}}`, ARRIVAL), undefined, tail);
      assertSame(`${head}${tail}}`);
    }
  });
});
