import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BusConfigError } from './errors.js';
import { parseRedisUrl, redactSecrets, redactUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('accepts redis:// and rediss:// URLs and keeps the decoded password for redaction', () => {
    assert.deepEqual(parseRedisUrl('redis://localhost:6379'), {
      url: 'redis://localhost:6379',
      tls: false,
      host: 'localhost',
      port: 6379,
    });
    assert.deepEqual(parseRedisUrl('rediss://u:p%40ss@cache.example:6380/2'), {
      url: 'rediss://u:p%40ss@cache.example:6380/2',
      tls: true,
      host: 'cache.example',
      port: 6380,
      db: 2,
      username: 'u',
      password: 'p@ss',
    });
  });

  it('defaults the port to 6379 and unbrackets IPv6 hosts', () => {
    assert.deepEqual(parseRedisUrl('redis://[::1]'), { url: 'redis://[::1]', tls: false, host: '::1', port: 6379 });
    assert.deepEqual(parseRedisUrl('redis://:only-pw@h/0'), {
      url: 'redis://:only-pw@h/0',
      tls: false,
      host: 'h',
      port: 6379,
      db: 0,
      password: 'only-pw',
    });
  });

  it('rejects other schemes, missing hosts and non-numeric databases with a BusConfigError', () => {
    for (const url of ['http://h', 'unix:///tmp/redis.sock', 'localhost', 'redis://', 'redis://h/zero']) {
      assert.throws(() => parseRedisUrl(url), BusConfigError, url);
    }
  });
});

describe('redaction', () => {
  it('hides the credentials of a URL, even one that does not parse', () => {
    assert.equal(redactUrl('redis://user:hunter2@h:6379/0'), 'redis://***@h:6379/0');
    assert.equal(redactUrl('redis://:p@ss/w@rd@h'), 'redis://***@h');
    assert.equal(redactUrl('redis://h:6379'), 'redis://h:6379');
  });

  it('masks a secret wherever it appears in error text, raw or URL-encoded', () => {
    const text = redactSecrets('AUTH p@ss failed for redis://u:p%40ss@h and p%40ss', ['p@ss']);
    assert.equal(text, 'AUTH *** failed for redis://***@h and ***');
  });
});
