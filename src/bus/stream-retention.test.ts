import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetention, parseSpan, trimArgs, xaddHead, xaddHeads } from './stream-retention.js';
import { encodeCommand } from './resp/resp-encoder.js';

describe('stream retention', () => {
  it('reads a count or a span, and nothing else', () => {
    assert.deepEqual(parseRetention('1000000'), { kind: 'count', count: 1_000_000 });
    assert.deepEqual(parseRetention('15m'), { kind: 'span', spanMs: 900_000 });
    assert.deepEqual(parseRetention('2h'), { kind: 'span', spanMs: 7_200_000 });
    for (const bad of ['', '0', '-5', '1e6', '15 minutes', 'm', '0s', '1.5'])
      assert.equal(parseRetention(bad), undefined, bad);
    assert.equal(parseSpan('500ms'), 500);
    assert.equal(parseSpan('1.5s'), 1_500);
  });

  it('trims by MAXLEN ~ for a count and by MINID ~ now minus the span for a time', () => {
    assert.deepEqual(trimArgs({ kind: 'count', count: 10 }, 5_000), ['MAXLEN', '~', '10']);
    assert.deepEqual(trimArgs({ kind: 'span', spanMs: 1_000 }, 5_000), ['MINID', '~', '4000']);
  });

  it('writes a head that, followed by the payload bulk, is exactly the XADD command', () => {
    const head = xaddHead('logs:raw', { kind: 'count', count: 7 }, 0);
    const payload = Buffer.from('ログ\r\n');
    const frame = Buffer.concat([head, Buffer.from(`$${payload.length}\r\n`), payload, Buffer.from('\r\n')]);
    assert.ok(frame.equals(encodeCommand(['XADD', 'logs:raw', 'MAXLEN', '~', '7', '*', 'p', payload])));
  });

  it('moves the MINID of a time cap once a second', () => {
    let now = 10_000;
    const heads = xaddHeads({ kind: 'span', spanMs: 1_000 }, () => now);
    const first = heads('c');
    now += 500;
    assert.equal(heads('c'), first);
    now += 600;
    assert.match(heads('c').toString(), /\r\n10100\r\n/);
  });

  it('caps a channel given its own retention by that one', () => {
    const heads = xaddHeads({ kind: 'count', count: 1_000_000 }, () => 0, { stats: { kind: 'count', count: 3_600 } });
    assert.match(heads('stats').toString(), /\r\n3600\r\n/);
    assert.match(heads('logs').toString(), /\r\n1000000\r\n/);
  });
});
