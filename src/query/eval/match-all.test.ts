import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileLogQuery } from '../log-query.js';
import { testLog } from '../test-logs.js';

const logs = [
  testLog('boom: connection reset', { level: 'error', service: 'api' }),
  testLog('user 7 logged in', { level: 'info', service: 'auth' }),
  testLog('', { level: 'debug', service: '' }),
];

function matches(query: string): string[] {
  const c = compileLogQuery(query);
  assert.ok(c.ok, `${query}: ${c.ok ? '' : c.error}`);
  return logs.filter(c.filter).map((l) => l.message);
}

describe('a bare glob word', () => {
  it('such as * or ? matches every log, as in Lucene and lnav', () => {
    const all = logs.map((l) => l.message);
    for (const q of ['*', '?', '**', '*?*', ' * ', '* *']) assert.deepEqual(matches(q), all, q);
  });

  it('adds nothing to the other terms of its group', () => {
    assert.deepEqual(matches('* level:error'), ['boom: connection reset']);
    assert.deepEqual(matches('reset *'), ['boom: connection reset']);
    assert.deepEqual(matches('* reset'), ['boom: connection reset']);
    assert.deepEqual(matches('nothing-like-this OR *').length, logs.length);
  });

  it('negated matches no log', () => {
    assert.deepEqual(matches('-*'), []);
    assert.deepEqual(matches('NOT ?'), []);
  });

  it('never makes a query fail to compile, whatever words surround it', () => {
    const word = fc.stringMatching(/^[a-z]{1,6}$/);
    const glob = fc.stringMatching(/^[*?]{1,4}$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(word, glob), { minLength: 1, maxLength: 5 }), (words) => {
        const c = compileLogQuery(words.join(' '));
        assert.ok(c.ok, words.join(' '));
        for (const l of logs) c.filter(l);
      }),
    );
  });
});

describe('the pattern id term', () => {
  it('asks its resolver for the test of pattern:ID and applies it to the message', () => {
    const asked: string[] = [];
    const c = compileLogQuery('pattern:a1 level:error', {
      patternById: (id) => {
        asked.push(id);
        return (message) => message.startsWith('boom');
      },
    });
    assert.ok(c.ok);
    assert.deepEqual(asked, ['a1']);
    assert.deepEqual(
      logs.filter(c.filter).map((l) => l.message),
      ['boom: connection reset'],
    );
  });

  it("reports the resolver's refusal at the term's column", () => {
    const c = compileLogQuery('level:error pattern:zz', { patternById: () => ({ error: 'no pattern zz' }) });
    assert.ok(!c.ok);
    assert.equal(c.error, 'col 13: no pattern zz');
  });

  it('is valid without a resolver and then matches no log', () => {
    const c = compileLogQuery('pattern:3');
    assert.ok(c.ok);
    assert.equal(logs.filter(c.filter).length, 0);
  });

  it('reads only the message: a query of pattern terms needs no other field', () => {
    const c = compileLogQuery('pattern:3 OR pattern:"user <*> logged in"');
    assert.ok(c.ok && !c.needsFields);
  });
});
