import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LEVEL_RANK, LEVELS, type Level } from '../protocol/level.js';
import { compileFilter, filterSubject } from './filter.js';
import type { FilterFields } from './log-view.js';
import { compileQuery } from './query.js';
import { testLog } from './test-logs.js';

/**
 * The filter language as it was before fields, OR and quotes (level:, service:, -term, the rest
 * one regex), kept here to check that such filters still show the same logs.
 */
function olderLanguage(text: string): ((log: FilterFields) => boolean) | undefined {
  const levels: { min: Level; exact: boolean }[] = [];
  const services: string[] = [];
  const excludes: string[] = [];
  const rest: string[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    const level = /^level:([a-z]+)(\+?)$/i.exec(token);
    if (level !== null) {
      const name = level[1]!.toLowerCase() as Level;
      if (!LEVELS.includes(name)) return undefined;
      levels.push({ min: name, exact: level[2] !== '+' });
    } else if (token.toLowerCase().startsWith('service:') && token.length > 8)
      services.push(token.slice(8).toLowerCase());
    else if (token.startsWith('-') && token.length > 1) excludes.push(token.slice(1).toLowerCase());
    else rest.push(token);
  }
  const regex = rest.join(' ');
  const compiled = regex === '' ? undefined : compileFilter(regex, { ignoreCase: regex === regex.toLowerCase() });
  if (compiled !== undefined && !compiled.ok) return undefined;
  return (log) =>
    (levels.length === 0 ||
      levels.some((l) => (l.exact ? log.level === l.min : LEVEL_RANK[log.level] >= LEVEL_RANK[l.min]))) &&
    (services.length === 0 || services.some((s) => log.service.toLowerCase().includes(s))) &&
    !excludes.some((e) => filterSubject(log).toLowerCase().includes(e)) &&
    (compiled?.predicate?.(log) ?? true);
}

const token = fc.oneof(
  fc.constantFrom(...LEVELS).chain((l) => fc.constantFrom(`level:${l}`, `level:${l}+`, `level:${l.toUpperCase()}+`)),
  fc.constantFrom('service:auth', 'service:PAY', 'service:-svc', 'service:'),
  fc.constantFrom('-expired', '-AUTH', '-', '-ok'),
  fc.constantFrom(
    'token',
    'Payment',
    'failed|down',
    '\\d+',
    '^ERROR',
    'card',
    'timeout|refused',
    'fail(ed|ure)',
    '/api/users',
    'ERROR:',
    'a.b',
    '$',
  ),
);

const logs = [
  testLog('User login successful', { level: 'info', service: 'auth-service' }),
  testLog('Token expired', { level: 'warn', service: 'auth-service' }),
  testLog('Payment failed: card declined', { level: 'error', service: 'payment-service' }),
  testLog('Database down', { level: 'fatal', service: 'order-service' }),
  testLog('GET /api/users 200 in 12ms', { level: 'debug', service: 'api-gateway' }),
  testLog('ERROR: disk full, ok', { level: 'error', service: 'db' }),
];

describe('filters written in the older language', () => {
  it('show the same logs as they did', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), fc.constantFrom(' ', '  ', '\t'), (tokens, sep) => {
        const text = tokens.join(sep);
        const old = olderLanguage(text);
        const now = compileQuery(text, undefined);
        assert.equal(now.ok, old !== undefined, text);
        if (!now.ok || old === undefined) return;
        for (const log of logs) assert.equal(now.predicate?.(log) ?? true, old(log), `${text} on ${log.message}`);
      }),
      { numRuns: 1500 },
    );
  });
});
