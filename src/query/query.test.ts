import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileQuery, parseQuery } from './query.js';
import { testLog } from './test-logs.js';

const logs = [
  testLog('User login successful', { level: 'info', service: 'auth-service' }),
  testLog('Token expired', { level: 'warn', service: 'auth-service' }),
  testLog('Payment failed: card declined', { level: 'error', service: 'payment-service' }),
  testLog('Database down', { level: 'fatal', service: 'order-service' }),
  testLog('cache hit', { level: 'debug', service: 'api-gateway' }),
];

function shown(query: string, levelMin?: 'error' | 'warn'): string[] {
  const r = compileQuery(query, levelMin);
  assert.ok(r.ok, query);
  return logs.filter((l) => r.predicate === undefined || r.predicate(l)).map((l) => l.message);
}

describe('filter queries', () => {
  it('splits field terms from the regex', () => {
    assert.deepEqual(parseQuery('level:warn+ service:auth -expired token  \\d+'), {
      levels: [{ min: 'warn', exact: false }],
      services: ['auth'],
      excludes: ['expired'],
      regex: 'token \\d+',
    });
  });

  it('shows a level and above with level:X+, exactly that level with level:X', () => {
    assert.deepEqual(shown('level:warn+'), ['Token expired', 'Payment failed: card declined', 'Database down']);
    assert.deepEqual(shown('level:error'), ['Payment failed: card declined']);
  });

  it('matches services by substring, case-insensitively', () => {
    assert.deepEqual(shown('service:AUTH'), ['User login successful', 'Token expired']);
  });

  it('excludes logs containing a -term', () => {
    assert.deepEqual(shown('service:auth -expired'), ['User login successful']);
  });

  it('uses smart case: lower case ignores case, upper case is exact', () => {
    assert.deepEqual(shown('payment'), ['Payment failed: card declined']);
    assert.deepEqual(shown('Payment'), ['Payment failed: card declined']);
    assert.deepEqual(shown('PAYMENT'), []);
    assert.deepEqual(shown('^ERROR'), ['Payment failed: card declined']);
  });

  it('combines field terms, the regex and the quick level toggle', () => {
    assert.deepEqual(shown('service:service down|failed'), ['Payment failed: card declined', 'Database down']);
    assert.deepEqual(shown('', 'error'), ['Payment failed: card declined', 'Database down']);
    assert.deepEqual(shown('level:warn', 'error'), []);
  });

  it('rejects unknown levels and invalid regexes with one line', () => {
    for (const q of ['level:loud+', '(unclosed']) {
      const r = compileQuery(q, undefined);
      assert.ok(!r.ok && !r.error.includes('\n'), q);
    }
  });

  it('never throws, whatever is typed, and its predicate never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (q) => {
        const r = compileQuery(q, undefined);
        if (r.ok && r.predicate !== undefined) for (const l of logs) r.predicate(l);
      }),
      { numRuns: 500 },
    );
  });
});
