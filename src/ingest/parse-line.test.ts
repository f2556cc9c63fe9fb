import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLine } from './parse-line.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('parseLine', () => {
  it('reads JSON lines with every shape decodeLog knows', () => {
    const p = parseLine('{"level":50,"time":1795863600000,"service":"api","msg":"boom"}', NOW);
    assert.deepEqual([p.format, p.level, p.service, p.message, p.time], ['json', 'error', 'api', 'boom', Date.UTC(2026, 10, 28, 11)]);
  });

  it('reads the app JSON after a kubectl --timestamps stamp, its own time winning', () => {
    const p = parseLine('2026-11-28T11:00:00.5Z {"level":"warn", "msg":"slow: 2s", "service":"api"}', NOW);
    assert.deepEqual([p.format, p.level, p.service, p.message, p.time], ['json', 'warn', 'api', 'slow: 2s', Date.UTC(2026, 10, 28, 11, 0, 0, 500)]);
  });

  it('names the service from a docker compose prefix unless the line names its own', () => {
    const p = parseLine('web-1  | [ERROR] upstream timed out', NOW);
    assert.deepEqual([p.service, p.level, p.message], ['web-1', 'error', 'upstream timed out']);
    assert.equal(parseLine('web-1  | {"service":"api","msg":"x"}', NOW).service, 'api');
    // A level is not a source.
    assert.equal(parseLine('ERROR | disk full', NOW).service, 'unknown');
  });

  it('guesses the level of plain text from its words and keeps it whole', () => {
    const p = parseLine('something went wrong: Exception in handler', NOW);
    assert.equal(p.format, 'plain');
    assert.equal(p.message, 'something went wrong: Exception in handler');
    assert.equal(p.time, NOW);
    assert.equal(p.timeFromEvent, false);
  });

  it('appends the joined lines of a stack trace to the parsed message', () => {
    const p = parseLine('2026-11-28 11:00:00,123 - app - ERROR - failed\nTraceback (most recent call last):\n  File "a.py", line 1\nValueError: x', NOW);
    assert.equal(p.level, 'error');
    assert.equal(p.service, 'app');
    assert.equal(p.message, 'failed\nTraceback (most recent call last):\n  File "a.py", line 1\nValueError: x');
  });

  it('reads an access line with its status level and fields', () => {
    const p = parseLine('10.0.0.1 - - [28/Nov/2026:11:00:00 +0000] "GET / HTTP/1.1" 503 0 "-" "curl/8"', NOW);
    assert.deepEqual([p.format, p.level, p.time], ['access', 'error', Date.UTC(2026, 10, 28, 11)]);
  });

  it('never throws and always gives a finite time and a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (s) => {
        const p = parseLine(s, NOW);
        assert.ok(Number.isFinite(p.time));
        assert.equal(typeof p.message, 'string');
      }),
    );
  });
});
