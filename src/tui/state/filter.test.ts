import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilter, filterSubject } from './filter.js';
import { testLog } from './test-logs.js';

describe('compileFilter', () => {
  it('matches against "LEVEL service message" as the original did', () => {
    const log = testLog('User login successful', { level: 'error', service: 'auth-service' });
    assert.equal(filterSubject(log), 'ERROR auth-service User login successful');
    const f = compileFilter('^ERROR auth');
    assert.ok(f.ok && f.predicate?.(log));
  });

  it('shows everything for an empty or blank pattern', () => {
    const f = compileFilter('  ');
    assert.ok(f.ok);
    assert.equal(f.predicate, undefined);
  });

  it('reports an invalid regex as a one-line error instead of throwing', () => {
    const f = compileFilter('(unclosed');
    assert.equal(f.ok, false);
    assert.ok(!f.ok && f.error.length > 0 && !f.error.includes('\n'));
  });

  it('matches CJK and emoji text', () => {
    const f = compileFilter('通知');
    assert.ok(f.ok && f.predicate?.(testLog('通知を送信しました 📨')));
  });
});
