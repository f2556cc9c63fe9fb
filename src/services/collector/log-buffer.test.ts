import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeLog } from '../../protocol/log-decode.js';
import type { Payload } from '../../protocol/payload.js';
import { createStamper, stampLength } from '../../protocol/producer-stamp.js';
import { LogBuffer } from './log-buffer.js';
import { CHUNK_BYTES } from './text-arena.js';

const SKIP = { skipFields: true } as const;

/** Decodes and pushes a payload the way the engine does; returns its sequence number. */
function ingest(buffer: LogBuffer<string>, payload: Payload): number {
  const log = decodeLog(payload, 1000, SKIP);
  return buffer.push(log, log.raw, log.truncated === true ? undefined : payload);
}

function seqs(buffer: LogBuffer<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < buffer.size; i++) out.push(buffer.seqAt(i)!);
  return out;
}

const json = (message: string, service = 'api', extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000Z', level: 'WARN', service, message, ...extra });

describe('LogBuffer', () => {
  it('gives back what was pushed, from text and from bytes, ASCII or not', () => {
    const buffer = new LogBuffer<string>(100);
    const payloads: Payload[] = [
      json('disk almost full'),
      Buffer.from(json('disk almost full')),
      json('ユーザー 42 がログインしました', '認証'),
      Buffer.from(json('emoji 🚀 and ü', 'svc-ü')),
      json('quote " and newline \n inside'),
      Buffer.from(json('tab\tand \\ backslash')),
      'plain text, not JSON',
      Buffer.from('plain bytes ✓'),
      json(''),
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), // {"\xff":1}: invalid UTF-8
      Buffer.concat([Buffer.from('bad \xff byte then ü: '), Buffer.from([0xff, 0xfe])]),
    ];
    for (const payload of payloads) {
      const seq = ingest(buffer, payload);
      const log = decodeLog(payload, 1000, SKIP);
      const row = buffer.row(seq)!;
      assert.deepEqual(
        {
          time: row.time,
          timeFromEvent: row.timeFromEvent,
          level: row.level,
          service: row.service,
          message: row.message,
          plain: row.plain,
          gap: row.gap,
        },
        {
          time: log.time,
          timeFromEvent: log.timeFromEvent,
          level: log.level,
          service: log.service,
          message: log.message,
          plain: log.plain,
          gap: undefined,
        },
        String(payload),
      );
      assert.ok(buffer.raw(seq) === log.raw, String(payload));
    }
  });

  it('leaves out a producer stamp it is told of, from text and from bytes, ASCII or not', () => {
    const buffer = new LogBuffer<string>(100);
    const stamper = createStamper('send-');
    for (const [message, service] of [
      ['disk almost full', 'api'],
      ['ユーザー 42 がログイン', '認証'],
      ['', 'api'],
    ] as const) {
      const stamped = stamper.stamp(json(message, service, { latency_ms: 12 }));
      for (const payload of [stamped, Buffer.from(stamped)]) {
        const log = decodeLog(payload, 1000, SKIP);
        const seq = buffer.push(
          log,
          log.raw,
          payload,
          log.producer === undefined ? 0 : stampLength(log.raw, log.producer),
        );
        const row = buffer.row(seq)!;
        assert.deepEqual([row.service, row.message, row.level], [service, message, 'warn']);
        assert.equal(buffer.raw(seq), json(message, service, { latency_ms: 12 }));
      }
    }
  });

  it('keeps the last `capacity` logs, newest first, and counts the evicted ones', () => {
    const buffer = new LogBuffer<string>(3);
    for (let i = 0; i < 5; i++) ingest(buffer, json(`m${i}`));
    assert.deepEqual(seqs(buffer), [4, 3, 2]);
    assert.equal(buffer.total, 3);
    assert.equal(buffer.evicted, 2);
    assert.equal(buffer.row(1), undefined);
    assert.equal(buffer.raw(1), undefined);
    assert.equal(buffer.row(2)?.message, 'm2');
  });

  it('bounds the bytes held, evicting the oldest logs, and frees their chunks', () => {
    const maxBytes = 3 * CHUNK_BYTES;
    const buffer = new LogBuffer<string>(1_000_000, maxBytes);
    const big = 'x'.repeat(50_000);
    for (let i = 0; i < 500; i++) ingest(buffer, json(`${i} ${big}`));
    assert.ok(buffer.heldBytes <= maxBytes + CHUNK_BYTES, `held ${buffer.heldBytes}`);
    assert.ok(buffer.evicted > 400, `evicted ${buffer.evicted}`);
    assert.equal(buffer.total + buffer.evicted, 500);
    const newest = buffer.seqAt(0)!;
    assert.equal(buffer.row(newest)?.message, `499 ${big}`);
    const oldest = buffer.edgeSeq('oldest')!;
    assert.equal(buffer.row(oldest)?.message, `${oldest} ${big}`);
  });

  it('stores a record larger than a chunk in a chunk of its own', () => {
    const buffer = new LogBuffer<string>(10);
    const huge = 'y'.repeat(CHUNK_BYTES + 10);
    const raw = json(huge);
    const seq = buffer.push(
      { time: 1, timeFromEvent: true, level: 'info', service: 'api', message: huge, plain: false },
      raw,
    );
    ingest(buffer, json('after'));
    assert.ok(buffer.row(seq)?.message === huge);
    assert.ok(buffer.raw(seq) === raw);
    assert.equal(buffer.row(seq + 1)?.message, 'after');
  });

  it('stores service names beyond the interning bound with their log', () => {
    const buffer = new LogBuffer<string>(20_000);
    for (let i = 0; i < 10_050; i++) ingest(buffer, json('m', `svc-${i}`));
    assert.equal(buffer.row(10_049)?.service, 'svc-10049');
    assert.equal(buffer.row(10_049)?.message, 'm');
    assert.equal(buffer.row(5)?.service, 'svc-5');
  });

  it('filters on push and on re-index, always showing gap markers', () => {
    const buffer = new LogBuffer<string>(100);
    for (let i = 0; i < 6; i++) ingest(buffer, json(i % 2 === 0 ? `even ${i}` : `odd ${i}`));
    const gap = buffer.pushGap(5, 'warn', 'logstream', 'lost 3');
    buffer.setFilter((l) => l.message.startsWith('odd'));
    assert.deepEqual(seqs(buffer), [gap, 5, 3, 1]);
    ingest(buffer, json('odd 7'));
    ingest(buffer, json('even 8'));
    assert.deepEqual(seqs(buffer), [7, gap, 5, 3, 1]);
    assert.equal(buffer.isGap(gap), true);
    assert.equal(buffer.gap(gap), 'lost 3');
    assert.equal(buffer.row(gap)?.gap, 'lost 3');
    buffer.setFilter(undefined);
    assert.equal(buffer.size, 9);
  });

  it('forgets a gap marker once it is evicted', () => {
    const buffer = new LogBuffer<string>(2);
    const gap = buffer.pushGap(5, 'warn', 'logstream', 'lost');
    ingest(buffer, json('a'));
    ingest(buffer, json('b'));
    assert.equal(buffer.isGap(gap), false);
    assert.equal(buffer.gap(gap), undefined);
  });

  it('agrees with a plain array model on any sequence of payloads', () => {
    const payload = fc.oneof(
      fc
        .record({
          message: fc.string({ unit: 'binary', maxLength: 40 }),
          service: fc.string({ unit: 'binary', maxLength: 8 }),
        })
        .map((o) => json(o.message, o.service)),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)),
      fc.string({ maxLength: 60 }).map((s) => Buffer.from(json(s))),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(payload, { maxLength: 60 }), (capacity, payloads) => {
        const buffer = new LogBuffer<string>(capacity);
        const model: { message: string; service: string; raw: string }[] = [];
        for (const p of payloads) {
          ingest(buffer, p);
          const log = decodeLog(p, 1000, SKIP);
          model.push({ message: log.message, service: log.service, raw: log.raw });
        }
        const kept = model.slice(-capacity);
        assert.equal(buffer.total, kept.length);
        kept.forEach((want, i) => {
          const seq = model.length - kept.length + i;
          const row = buffer.row(seq)!;
          assert.deepEqual({ message: row.message, service: row.service, raw: buffer.raw(seq) }, want);
        });
      }),
      { numRuns: 300 },
    );
  });
});
