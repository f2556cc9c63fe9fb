import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LinePipeline, serviceFromPath, type LinePipelineOptions } from './line-pipeline.js';

const NOW = Date.UTC(2026, 10, 28, 11);

interface Wire {
  level: string;
  service: string;
  message: string;
}

function pipeline(opts: Partial<LinePipelineOptions> = {}): { p: LinePipeline; out: Wire[] } {
  const out: Wire[] = [];
  const p = new LinePipeline({
    naming: { fallback: 'stdin' },
    publish: (wire) => {
      out.push(JSON.parse(wire) as Wire);
      return true;
    },
    now: () => NOW,
    ...opts,
  });
  return { p, out };
}

describe('LinePipeline', () => {
  it('turns bytes into normalised logs, joining a stack trace to its line', () => {
    const { p, out } = pipeline();
    p.push(Buffer.from('[ERROR] boom\n    at f (a.js:1:2)\nlevel=info msg=next service=api\n'));
    p.end();
    assert.deepEqual(out, [
      {
        timestamp: '2026-11-28T11:00:00.000000',
        level: 'ERROR',
        service: 'stdin',
        message: 'boom\n    at f (a.js:1:2)',
      },
      { timestamp: '2026-11-28T11:00:00.000000', level: 'INFO', service: 'api', message: 'next' },
    ]);
    assert.deepEqual(p.counters, { lines: 3, records: 2, truncated: 0, binary: 0 });
  });

  it('joins CRI partial lines before anything else, and counts each log of an OTLP line as a record', () => {
    const { p, out } = pipeline();
    const otlp = JSON.stringify({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }] }] }],
    });
    p.push(
      Buffer.from(`2026-11-28T10:00:00Z stdout P [WARN] half\n2026-11-28T10:00:00Z stdout F  and half\n${otlp}\n`),
    );
    p.end();
    assert.deepEqual(
      out.map((w) => [w.level, w.message]),
      [
        ['WARN', 'half and half'],
        ['INFO', 'a'],
        ['INFO', 'b'],
      ],
    );
    assert.deepEqual(p.counters, { lines: 3, records: 3, truncated: 0, binary: 0 });
  });

  it('counts cut and invalid UTF-8 lines and keeps their text', () => {
    const { p, out } = pipeline({ maxLineBytes: 8 });
    p.push(Buffer.concat([Buffer.from('0123456789\n'), Buffer.from([0x61, 0xff, 0x0a])]));
    p.end();
    assert.deepEqual(
      out.map((w) => w.message),
      ['01234567', 'a\\xff'],
    );
    assert.deepEqual(p.counters, { lines: 2, records: 2, truncated: 1, binary: 1 });
  });

  it('lets --service override what the log names', () => {
    const { p, out } = pipeline({ naming: { override: 'forced', fallback: 'stdin' } });
    p.push(Buffer.from('level=info msg=x service=api\n'));
    p.end();
    assert.equal(out[0]?.service, 'forced');
  });

  it('reports the consumer asking to wait', () => {
    const p = new LinePipeline({ naming: { fallback: 'stdin' }, publish: () => false, now: () => NOW });
    assert.equal(p.push(Buffer.from('a\n')), true, 'the line is still held');
    assert.equal(p.push(Buffer.from('b\n')), false);
    assert.equal(p.end(), false);
  });

  it('emits a held record once no line came for the idle time', async () => {
    const { p, out } = pipeline({ idleFlushMs: 5, now: Date.now });
    p.push(Buffer.from('Error: boom\n    at f (a.js:1:2)\n'));
    assert.equal(out.length, 0);
    for (let i = 0; i < 100 && out.length === 0; i++) await sleep(5);
    assert.deepEqual(
      out.map((w) => w.message),
      ['Error: boom\n    at f (a.js:1:2)'],
    );
    p.close();
  });

  it('keeps holding a record while lines keep coming within the idle time', async () => {
    let clock = NOW;
    const { p, out } = pipeline({ idleFlushMs: 5, now: () => clock });
    p.push(Buffer.from('Error: boom\n'));
    // The timer fires, but the clock says a line came just now: the record stays held.
    await sleep(15);
    p.push(Buffer.from('    at f (a.js:1:2)\n'));
    await sleep(15);
    assert.equal(out.length, 0);
    clock += 5;
    for (let i = 0; i < 100 && out.length === 0; i++) await sleep(5);
    assert.deepEqual(
      out.map((w) => w.message),
      ['Error: boom\n    at f (a.js:1:2)'],
    );
    p.close();
  });
});

describe('serviceFromPath', () => {
  it('names a file by its base name without log extensions or rotation numbers', () => {
    assert.equal(serviceFromPath('/var/log/api.log'), 'api');
    assert.equal(serviceFromPath('/var/log/nginx/access.log.1'), 'access');
    assert.equal(serviceFromPath('C:\\logs\\worker.out'), 'worker');
    assert.equal(serviceFromPath('events.ndjson'), 'events');
  });

  it('names a Kubernetes pod log after its container', () => {
    assert.equal(serviceFromPath('/var/log/pods/shop_api-7d9c_1f2e/api/0.log'), 'api');
    assert.equal(serviceFromPath('/var/log/pods/shop_api-7d9c_1f2e/api/0.log.20261128-110000.gz'), 'api');
    assert.equal(serviceFromPath(`/var/log/containers/api-7d9c_shop_api-${'a'.repeat(64)}.log`), 'api');
    assert.equal(serviceFromPath('0.log'), '0');
    assert.equal(serviceFromPath('.log'), '.log');
  });
});
