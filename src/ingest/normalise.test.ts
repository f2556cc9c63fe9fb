import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { objectToWire, textToWire } from './normalise.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const EVENT = Date.UTC(2026, 10, 28, 11);
const wire = (s: string): Record<string, unknown> => JSON.parse(s) as Record<string, unknown>;

describe('objectToWire', () => {
  it("maps Docker's fluentd driver record: container name to service, source to stream, a plain log through the line parser", () => {
    const out = wire(
      objectToWire(
        { container_id: 'abc', container_name: '/shop-api', source: 'stderr', log: '[WARN] slow query\n' },
        NOW,
        EVENT,
        { fallback: 'docker.tag' },
      ),
    );
    assert.equal(out.service, 'shop-api');
    assert.equal(out.level, 'WARN');
    assert.equal(out.message, 'slow query');
    assert.equal(out.timestamp, '2026-11-28T11:00:00.000000');
    assert.equal(out.stream, 'stderr');
    assert.equal(out.container_id, 'abc');
  });

  it('gives an access line in `log` its own time and status level', () => {
    const out = wire(
      objectToWire(
        { container_name: '/nginx', log: '1.2.3.4 - - [28/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 404 0' },
        NOW,
        EVENT,
        { fallback: 't' },
      ),
    );
    assert.equal(out.level, 'WARN');
    assert.equal(out.timestamp, '2026-11-28T10:00:00.000000');
    assert.equal(out.status, 404);
  });

  it('merges a JSON `log`, the application keys winning', () => {
    const out = wire(
      objectToWire({ container_name: '/api', log: '{"level":"error","msg":"boom","service":"billing"}' }, NOW, EVENT, {
        fallback: 't',
      }),
    );
    assert.deepEqual([out.level, out.message, out.service], ['ERROR', 'boom', 'billing']);
  });

  it('falls back to the tag for the service, and lets --service override everything', () => {
    assert.equal(wire(objectToWire({ message: 'x' }, NOW, EVENT, { fallback: 'app.tag' })).service, 'app.tag');
    assert.equal(
      wire(objectToWire({ service: 'api', message: 'x' }, NOW, EVENT, { override: 'forced', fallback: 't' })).service,
      'forced',
    );
  });

  it('never throws: a part nested deeper than 64 levels, a cycle or a BigInt is replaced, and the rest kept', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    // A text line in `log` as well: the shape the record joiner holds and sends later from a timer.
    const out = wire(objectToWire({ log: 'ERROR deep one', deep, n: 1n }, NOW, EVENT, { fallback: 't' }));
    assert.deepEqual([out.level, out.message, out.n], ['ERROR', 'deep one', '1']);
    let inner: unknown = out.deep;
    // `deep` is level 2 (the record is level 1); the array at level 64 holds the marker.
    for (let level = 3; level <= 64; level++) inner = (inner as unknown[])[0];
    assert.deepEqual(inner, ['[nested deeper than 64 levels]']);
    const cyclic: Record<string, unknown> = { message: 'loop' };
    cyclic.self = cyclic;
    const loop = wire(objectToWire(cyclic, NOW, EVENT, { fallback: 't' }));
    assert.deepEqual([loop.message, loop.self], ['loop', '[cycle]']);
  });

  it('uses the transport time when the record has none, else the arrival time', () => {
    assert.equal(
      wire(objectToWire({ message: 'x' }, NOW, EVENT, { fallback: 't' })).timestamp,
      '2026-11-28T11:00:00.000000',
    );
    assert.equal(
      wire(objectToWire({ message: 'x' }, NOW, undefined, { fallback: 't' })).timestamp,
      '2026-11-28T12:00:00.000000',
    );
  });
});

describe('textToWire', () => {
  it('normalises one text record with the fallback service', () => {
    assert.deepEqual(wire(textToWire('ERROR: disk full', NOW, { fallback: 'stdin' })), {
      timestamp: '2026-11-28T12:00:00.000000',
      level: 'ERROR',
      service: 'stdin',
      message: 'disk full',
    });
  });
});
