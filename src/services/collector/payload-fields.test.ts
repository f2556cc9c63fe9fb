import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeLog } from '../../protocol/log-decode.js';
import { fieldReader } from '../../query/eval/field-path.js';
import { fieldPlan, readPayloadFields, readPlannedKeys } from './payload-fields.js';

const KEY_POOL = [
  'host',
  'http',
  'status',
  'http.status',
  'user',
  'id',
  'a.b',
  'tags',
  '__proto__',
  'constructor',
  'message',
  'level',
  'latency_ms',
  'duration',
  'log',
  'ts',
  'service',
  'é',
  'k"q',
  'k\\n',
];
const NAMES = [
  'host',
  'http.status',
  'user.id',
  'a.b',
  'tags',
  '__proto__',
  'constructor',
  'latency_ms',
  'latency',
  'status',
  'é',
  'http',
  'duration',
];

const scalar = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('12ms', '1.5s', '"quoted"', 'back\\slash', '{"x":1}', '日本'),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEY_POOL), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const payloadArb = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...KEY_POOL), value, { maxKeys: 8 }),
    fc.constantFrom(0, 2),
    fc.constantFrom('', ' ', '\n'),
  )
  .map(([obj, indent, pad]) => `${pad}${JSON.stringify(obj, null, indent)}${pad}`);

describe('reading the keys a query names from a payload', () => {
  it('gives what a whole decode gives, for every field the query reads, or declines', () => {
    fc.assert(
      fc.property(payloadArb, fc.subarray(NAMES, { minLength: 1 }), (raw, names) => {
        const plan = fieldPlan(names);
        if (plan === undefined) return;
        const read = readPayloadFields(raw, plan);
        if (read === undefined) return;
        const whole = decodeLog(raw, 0);
        const fast = { level: whole.level, service: whole.service, message: whole.message, ...read };
        for (const name of names)
          assert.deepEqual(fieldReader(name)(fast), fieldReader(name)(whole), `${name} of ${raw}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the usual log without declining', () => {
    const plan = fieldPlan(['host', 'http.status', 'latency_ms']);
    assert.ok(plan !== undefined);
    const raw =
      '{"timestamp":"2026-11-28T11:00:00.000010","level":"INFO","service":"api","message":"GET /x","latency_ms":35,"http":{"status":200},"host":"ip-10-0-4-200"}';
    const read = readPayloadFields(raw, plan);
    assert.equal(read?.latencyMs, 35);
    assert.equal(fieldReader('http.status')({ level: 'info', service: 'api', message: '', ...read }), 200);
  });

  it('leaves keys decodeLog may take for a role, and Docker-wrapped lines, to a whole decode', () => {
    assert.equal(fieldPlan(['msg.x']), undefined);
    assert.equal(fieldPlan(['severity']), undefined);
    const plan = fieldPlan(['host']);
    assert.ok(plan !== undefined);
    assert.equal(readPayloadFields('{"log":"{\\"host\\":\\"x\\"}","host":"y"}', plan), undefined);
    assert.equal(readPayloadFields('{"host":"x"} trailing', plan), undefined);
    assert.equal(readPayloadFields('[1]', plan), undefined);
  });

  it('reads the wanted keys of a compact payload in one pass as JSON.parse does, repeated keys too (property)', () => {
    const compact = fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...KEY_POOL), value), { maxLength: 8 }), fc.constantFrom('', ' '))
      .map(
        ([pairs, sp]) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${sp}${JSON.stringify(v)}`).join(`,${sp}`)}}`,
      );
    fc.assert(
      fc.property(compact, fc.subarray(KEY_POOL), (raw, keys) => {
        const read = readPlannedKeys(raw, new Set(keys));
        const whole = JSON.parse(raw) as Record<string, unknown>;
        if (typeof fieldReader('log')({ level: 'info', service: '', message: '', fields: whole }) === 'string')
          assert.ok(read === 'log' || read === undefined);
        else if (read !== undefined && read !== 'log')
          for (const k of keys)
            assert.deepEqual(
              Object.getOwnPropertyDescriptor(read, k)?.value,
              Object.hasOwn(whole, k) ? whole[k] : undefined,
              `${k} of ${raw}`,
            );
      }),
      { numRuns: 3000 },
    );
  });

  it("reads the generator's logs without JSON.parse", () => {
    const raw =
      '{"timestamp":"2026-12-05T11:46:52.070000","level":"INFO","service":"api-gateway","message":"GET /x 200 35ms","latency_ms":35,"http_status":200,"host":"ip-10-0-4-200"}';
    assert.deepEqual(readPlannedKeys(raw, new Set(['host', 'http_status'])), {
      host: 'ip-10-0-4-200',
      http_status: 200,
    });
  });
});
