import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileLogQuery } from '../log-query.js';
import { templateTest } from './template-match.js';

const log = (message: string) => ({ level: 'info' as const, service: 'api', message });

describe('the pattern term', () => {
  it('finds the messages that fit a template, each <*> standing for one or more characters', () => {
    const fits = templateTest('user <*> logged in from <*>');
    assert.equal(fits('user 12 logged in from 10.0.0.1'), true);
    assert.equal(
      fits('user  12   logged in from 10.0.0.1\n  at a stack line'),
      true,
      'white space runs and later lines do not count',
    );
    assert.equal(fits('user logged in from 10.0.0.1'), false, 'a <*> is never empty');
    assert.equal(fits('user 12 logged out from 10.0.0.1'), false);
    assert.equal(templateTest('disk full')('disk full'), true);
    assert.equal(templateTest('blk_<*> served')('blk_-1608 served'), true);
  });

  it('is written pattern:"template" in a query, and can be negated', () => {
    const q = compileLogQuery('pattern:"user <*> logged in" -level:debug');
    assert.ok(q.ok);
    assert.equal(q.filter(log('user 7 logged in')), true);
    assert.equal(q.filter(log('user 7 logged out')), false);
    const not = compileLogQuery('-pattern:"user <*> logged in"');
    assert.ok(not.ok);
    assert.equal(not.filter(log('user 7 logged in')), false);
  });

  it('never throws, and a message made from a template always fits it', () => {
    const word = fc.stringMatching(/^[a-z:=/._-]{1,8}$/);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(word, fc.constant('<*>')), { minLength: 1, maxLength: 8 }),
        fc.array(word, { minLength: 8, maxLength: 8 }),
        (tokens, values) => {
          const template = tokens.join(' ');
          const message = tokens.map((t, i) => (t === '<*>' ? values[i]! : t)).join(' ');
          assert.equal(templateTest(template)(message), true, `${template} / ${message}`);
        },
      ),
    );
    fc.assert(fc.property(fc.string(), fc.string(), (t, m) => void templateTest(t)(m)));
  });
});
