import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectToWire, textToWire } from './normalise.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const EVENT = Date.UTC(2026, 10, 28, 11);
const wire = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;

describe('objectToWire', () => {
  it("maps Docker's fluentd driver record: container name to service, source to stream, a plain log through the line parser", () => {
    const out = wire(objectToWire({ container_id: 'abc', container_name: '/shop-api', source: 'stderr', log: '[WARN] slow query\n' }, NOW, EVENT, { fallback: 'docker.tag' }));
    assert.equal(out.service, 'shop-api');
    assert.equal(out.level, 'WARN');
    assert.equal(out.message, 'slow query');
    assert.equal(out.timestamp, '2026-11-28T11:00:00.000000');
    assert.equal(out.stream, 'stderr');
    assert.equal(out.container_id, 'abc');
  });

  it('gives an access line in `log` its own time and status level', () => {
    const out = wire(objectToWire({ container_name: '/nginx', log: '1.2.3.4 - - [28/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 404 0' }, NOW, EVENT, { fallback: 't' }));
    assert.equal(out.level, 'WARN');
    assert.equal(out.timestamp, '2026-11-28T10:00:00.000000');
    assert.equal(out.status, 404);
  });

  it('merges a JSON `log`, the application keys winning', () => {
    const out = wire(objectToWire({ container_name: '/api', log: '{"level":"error","msg":"boom","service":"billing"}' }, NOW, EVENT, { fallback: 't' }));
    assert.deepEqual([out.level, out.message, out.service], ['ERROR', 'boom', 'billing']);
  });

  it('falls back to the tag for the service, and lets --service override everything', () => {
    assert.equal(wire(objectToWire({ message: 'x' }, NOW, EVENT, { fallback: 'app.tag' })).service, 'app.tag');
    assert.equal(wire(objectToWire({ service: 'api', message: 'x' }, NOW, EVENT, { override: 'forced', fallback: 't' })).service, 'forced');
  });

  it('uses the transport time when the record has none, else the arrival time', () => {
    assert.equal(wire(objectToWire({ message: 'x' }, NOW, EVENT, { fallback: 't' })).timestamp, '2026-11-28T11:00:00.000000');
    assert.equal(wire(objectToWire({ message: 'x' }, NOW, undefined, { fallback: 't' })).timestamp, '2026-11-28T12:00:00.000000');
  });
});

describe('textToWire', () => {
  it('normalises one text record with the fallback service', () => {
    assert.deepEqual(wire(textToWire('ERROR: disk full', NOW, { fallback: 'stdin' })), {
      timestamp: '2026-11-28T12:00:00.000000', level: 'ERROR', service: 'stdin', message: 'disk full',
    });
  });
});
