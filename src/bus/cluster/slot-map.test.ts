import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClusterRedirect, parseClusterSlots, parseRedirect } from './slot-map.js';

const asked = { host: '10.0.0.9', port: 7000 };

describe('slot map', () => {
  it('maps each slot of a CLUSTER SLOTS reply to its master and lists every node', () => {
    const map = parseClusterSlots(
      [
        [0, 5460, ['127.0.0.1', 7000, 'a'], ['127.0.0.1', 7003, 'd']],
        [5461, 10922, ['127.0.0.1', 7001, 'b'], ['127.0.0.1', 7004, 'e']],
        [10923, 16383, ['127.0.0.1', 7002, 'c']],
      ],
      asked,
    );
    assert.ok(map !== undefined);
    assert.deepEqual(map.owner(0), { host: '127.0.0.1', port: 7000 });
    assert.deepEqual(map.owner(5461), { host: '127.0.0.1', port: 7001 });
    assert.deepEqual(map.owner(16383), { host: '127.0.0.1', port: 7002 });
    assert.equal(map.uncovered, 0);
    assert.deepEqual(
      map.nodes.map((n) => n.port),
      [7000, 7003, 7001, 7004, 7002],
    );
  });

  it('keeps the name a node announces beside its IP, the name its TLS certificate gives', () => {
    const map = parseClusterSlots(
      [
        [0, 8191, ['10.0.0.1', 7000, 'a', ['hostname', 'redis-a.example']], ['10.0.0.4', 7003, 'd', []]],
        [8192, 16383, ['redis-b.example', 7001, 'b', ['hostname', 'redis-b.example']]],
      ],
      asked,
    );
    assert.deepEqual(map?.owner(0), { host: '10.0.0.1', port: 7000, hostname: 'redis-a.example' });
    assert.deepEqual(map?.owner(8192), { host: 'redis-b.example', port: 7001 });
    assert.deepEqual(map?.nodes[1], { host: '10.0.0.4', port: 7003 });
  });

  it('counts slots no master serves and reads an empty host as the address it asked', () => {
    const map = parseClusterSlots([[0, 99, ['', 7000, 'a']]], asked);
    assert.deepEqual(map?.owner(5), asked);
    assert.equal(map?.owner(100), undefined);
    assert.equal(map?.uncovered, 16384 - 100);
  });

  it('refuses replies of another shape', () => {
    assert.equal(parseClusterSlots('ERR This instance has cluster support disabled', asked), undefined);
    assert.equal(parseClusterSlots([[0, 'x', ['h', 1]]], asked), undefined);
  });

  it('decodes MOVED and ASK redirects and nothing else', () => {
    assert.deepEqual(parseRedirect('MOVED 3999 127.0.0.1:6381'), {
      kind: 'MOVED',
      slot: 3999,
      to: { host: '127.0.0.1', port: 6381 },
    });
    assert.deepEqual(parseRedirect('ASK 1 ::1:7000')?.to, { host: '::1', port: 7000 });
    assert.equal(parseRedirect('ERR unknown command'), undefined);
    assert.ok(isClusterRedirect('CLUSTERDOWN The cluster is down'));
    assert.ok(!isClusterRedirect('NOPERM no permissions'));
  });
});
