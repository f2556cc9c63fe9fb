import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeLog } from '../../protocol/log-decode.js';
import { createStamper } from '../../protocol/producer-stamp.js';
import { LogEngine } from './engine.js';
import { describeGap } from './stream-gaps.js';

const log = (level: string, message: string): string =>
  JSON.stringify({ timestamp: '2026-11-28T11:00:00.000000', level, service: 'auth-service', message });

describe('LogEngine', () => {
  it('decodes and buffers payloads, newest first, and counts non-JSON ones', () => {
    const engine = new LogEngine(100, { now: () => 0 });
    engine.ingest(log('INFO', 'first'));
    engine.ingest('plain text line');
    engine.ingest(log('ERROR', 'third'));
    const snap = engine.snapshot({ anchor: undefined, height: 10, margin: 0 });
    assert.deepEqual(
      snap.rows.map((r) => r.message),
      ['third', 'plain text line', 'first'],
    );
    assert.equal(snap.counters.received, 3);
    assert.equal(snap.counters.plain, 1);
  });

  it('cuts logs above maxLineBytes and keeps them as plain text, in the list and in the detail view', () => {
    const long = log('INFO', 'x'.repeat(5_000));
    const cut = new LogEngine(100, { now: () => 0, maxLineBytes: 1_000 });
    cut.ingest(long);
    const snap = cut.snapshot({ anchor: undefined, height: 10, margin: 0 });
    assert.equal(snap.counters.truncated, 1);
    const seq = snap.rows[0]?.seq ?? -1;
    assert.match(snap.rows[0]?.message ?? '', /…\[truncated: 5,0\d\d bytes, first 1,000 kept\]$/);
    // The detail view shows the part kept, as plain text.
    assert.equal(cut.record(seq)?.plain, true);
    assert.ok((cut.record(seq)?.message.length ?? 0) <= 1_000);
    // The default limit (64 KiB) takes the same log whole.
    const whole = new LogEngine(100, { now: () => 0 });
    whole.ingest(long);
    const wholeSnap = whole.snapshot({ anchor: undefined, height: 10, margin: 0 });
    assert.equal(wholeSnap.counters.truncated, 0);
    assert.equal(whole.record(wholeSnap.rows[0]?.seq ?? -1)?.message, 'x'.repeat(5_000));
  });

  it('counts lines its sources cut with the logs it cut itself', () => {
    let cutBySource = 2;
    const engine = new LogEngine(100, { now: () => 0, maxLineBytes: 100, sourceTruncated: () => cutBySource });
    engine.ingest(log('INFO', 'y'.repeat(500)));
    cutBySource = 5;
    assert.equal(engine.snapshot({ anchor: undefined, height: 10, margin: 0 }).counters.truncated, 6);
  });

  it('reports what its sources dropped, and nothing of the kind when it has no sources', () => {
    assert.equal(new LogEngine(10, { sourceDropped: () => 7 }).counters().dropped, 7);
    assert.equal(new LogEngine(10).counters().dropped, undefined);
  });

  it('keeps stamped logs without their stamp, which the detail view never showed', () => {
    const engine = new LogEngine(100, { now: () => 0 });
    const stamped = createStamper('send-').stamp(
      JSON.stringify({
        timestamp: '2026-11-28T11:00:00.000000',
        level: 'ERROR',
        service: 'api',
        message: 'boom',
        order: 7,
      }),
    );
    engine.ingest(Buffer.from(stamped));
    const seq = engine.snapshot({ anchor: undefined, height: 10, margin: 0 }).rows[0]?.seq ?? -1;
    const record = engine.record(seq);
    const direct = decodeLog(stamped, 0);
    assert.deepEqual(
      [record?.message, record?.level, record?.service, record?.fields],
      [direct.message, direct.level, direct.service, direct.fields],
    );
    assert.doesNotMatch(record?.raw ?? '', /_ls/);
  });

  it('cuts a snapshot around the anchor with the requested margin', () => {
    const engine = new LogEngine(1000);
    for (let i = 0; i < 100; i++) engine.ingest(log('INFO', `m${i}`));
    const snap = engine.snapshot({ anchor: 49, height: 10, margin: 5 });
    assert.equal(snap.startIndex, 45);
    assert.equal(snap.rows.length, 20);
    assert.equal(snap.rows.findIndex((r) => r.seq === 49) + snap.startIndex, 50);
  });

  it('filters the whole buffer, keeps gap markers visible, and rejects an invalid pattern', () => {
    const engine = new LogEngine(100);
    engine.ingest(log('INFO', 'ok'));
    engine.markGap({ missed: 12, downMs: 3200 });
    engine.ingest(log('ERROR', 'bad'));
    assert.equal(engine.setFilter('^ERROR'), undefined);
    const snap = engine.snapshot({ anchor: undefined, height: 10, margin: 0 });
    assert.deepEqual(
      snap.rows.map((r) => r.message),
      ['bad', describeGap({ missed: 12, downMs: 3200 })],
    );
    assert.equal(snap.filter, '^ERROR');
    assert.ok(engine.setFilter('(') !== undefined);
    assert.equal(engine.snapshot({ anchor: undefined, height: 10, margin: 0 }).filter, '^ERROR');
    assert.equal(snap.counters.missed, 12);
    assert.equal(snap.counters.disconnects, 1);
  });

  it('describes gaps the way the status line and list show them', () => {
    assert.equal(describeGap({ missed: 41_200, downMs: 3200 }), '── connection lost 3.2 s, ~41,200 logs missed ──');
    assert.equal(
      describeGap({ missed: undefined, downMs: 1000 }),
      '── connection lost 1.0 s, logs published meanwhile were missed ──',
    );
  });

  it('keeps the top row when the anchor rotated out of the buffer', () => {
    const engine = new LogEngine(10);
    for (let i = 0; i < 30; i++) engine.ingest(log('INFO', `m${i}`));
    const snap = engine.snapshot({ anchor: 3, height: 4, margin: 0 });
    assert.equal(snap.startIndex, 6);
  });
});

describe('LogEngine gap accounting', () => {
  const stamped = (p: string, s: number): string =>
    JSON.stringify({
      timestamp: '2026-11-28T11:00:00.000000',
      level: 'INFO',
      service: 'api',
      message: `m${s}`,
      _ls: { p, s },
    });

  it('marks logs missing by producer sequence numbers and counts them exactly', () => {
    const engine = new LogEngine(100, { now: () => 0 });
    for (const s of [1, 2, 3, 7, 8]) engine.ingest(stamped('send-a', s));
    engine.ingest(stamped('send-b', 40));
    engine.ingest(stamped('send-b', 42));
    const snap = engine.snapshot({ anchor: undefined, height: 20, margin: 0 });
    assert.equal(snap.counters.missed, 4);
    assert.deepEqual(
      snap.rows.filter((r) => r.gap !== undefined).map((r) => r.message),
      [describeGap({ missed: 1, downMs: undefined }), describeGap({ missed: 3, downMs: undefined })],
    );
  });

  it('adds the logs missed during a reconnect to its marker', () => {
    let now = 0;
    const engine = new LogEngine(100, { now: () => now });
    engine.ingest(stamped('send-a', 1));
    engine.ingest(stamped('send-b', 1));
    engine.markGap({ missed: undefined, downMs: 3200 });
    now = 1000;
    engine.ingest(stamped('send-a', 41_201));
    engine.ingest(stamped('send-b', 11));
    const snap = engine.snapshot({ anchor: undefined, height: 20, margin: 0 });
    const markers = snap.rows.filter((r) => r.gap !== undefined).map((r) => r.message);
    assert.deepEqual(markers, ['── connection lost 3.2 s, ~41,208 logs missed ──']);
    assert.equal(snap.counters.missed, 41_208);
    assert.equal(snap.counters.disconnects, 1);
  });
});

describe('LogEngine gap accounting with a count from the bus', () => {
  const stamped = (p: string, s: number): string =>
    JSON.stringify({
      timestamp: '2026-11-28T11:00:00.000000',
      level: 'INFO',
      service: 'api',
      message: `m${s}`,
      _ls: { p, s },
    });

  it('does not count twice the logs a reconnect marker already counted that sequence numbers show missing too', () => {
    let now = 0;
    const engine = new LogEngine(100, { now: () => now });
    engine.ingest(stamped('send-a', 1));
    // The bus counted 30 entries trimmed during the cut; the same 30 show as a sequence gap.
    engine.markGap({ missed: 30, downMs: 2000 });
    now = 1000;
    engine.ingest(stamped('send-a', 32));
    const snap = engine.snapshot({ anchor: undefined, height: 20, margin: 0 });
    assert.deepEqual(
      snap.rows.filter((r) => r.gap !== undefined).map((r) => r.message),
      ['── connection lost 2.0 s, ~30 logs missed ──'],
    );
    assert.equal(snap.counters.missed, 30);
  });

  it('keeps the larger of the two counts when sequence numbers show more missing than the bus counted', () => {
    let now = 0;
    const engine = new LogEngine(100, { now: () => now });
    engine.ingest(stamped('send-a', 1));
    engine.markGap({ missed: 0, downMs: 2000 });
    now = 1000;
    // Dropped by the producer while Redis was away: never in the stream, so not the bus's to count.
    engine.ingest(stamped('send-a', 6));
    const snap = engine.snapshot({ anchor: undefined, height: 20, margin: 0 });
    assert.equal(snap.counters.missed, 4);
  });
});
