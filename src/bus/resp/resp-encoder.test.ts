import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeCommand, PublishEncoder, type SealedBatch } from './resp-encoder.js';
import { RespParser, type RespReply } from './resp-parser.js';

/** Every reply in `bytes`, as the parser sees it. */
function replies(bytes: Buffer): RespReply[] {
  const out: RespReply[] = [];
  new RespParser({ onReply: (r) => out.push(r), onMessage: () => assert.fail('not a message') }).feed(bytes);
  return out;
}

describe('encodeCommand', () => {
  it('writes an array of bulk strings', () => {
    assert.equal(
      encodeCommand(['AUTH', 'app', 'pä$$']).toString('utf8'),
      '*3\r\n$4\r\nAUTH\r\n$3\r\napp\r\n$5\r\npä$$\r\n',
    );
  });
});

/** An encoder whose sealed batches are collected in `batches`, in order. */
function collecting() {
  const batches: SealedBatch[] = [];
  const encoder = new PublishEncoder((batch) => batches.push(batch));
  return { encoder, batches, bytes: () => Buffer.concat(batches.map((b) => b.bytes)) };
}

describe('PublishEncoder', () => {
  it('writes PUBLISH frames for string and Buffer payloads, byte for byte', () => {
    const { encoder, batches, bytes } = collecting();
    encoder.append('logs.ingest', 'ログ ✓');
    encoder.append('c', Buffer.from([0, 0xff, 13, 10]));
    encoder.append('c', '');
    assert.equal(encoder.open, 3);
    encoder.seal();
    assert.equal(
      bytes().toString('latin1'),
      '*3\r\n$7\r\nPUBLISH\r\n$11\r\nlogs.ingest\r\n$' +
        `${Buffer.byteLength('ログ ✓')}\r\n${Buffer.from('ログ ✓').toString('latin1')}\r\n` +
        '*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$4\r\n\x00\xff\r\n\r\n' +
        '*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$0\r\n\r\n',
    );
    assert.deepEqual(
      batches.map((b) => b.count),
      [3],
    );
    assert.equal(encoder.pending, 0);
    assert.equal(encoder.open, 0);
    encoder.seal();
    assert.equal(batches.length, 1, 'sealing nothing hands over nothing');
  });

  it('round-trips any batch of messages through the parser, across slab boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'logs.ingest', 'ステータス'),
            fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 70_000 })),
          ),
          {
            maxLength: 40,
          },
        ),
        fc.array(fc.nat(40), { maxLength: 4 }),
        (messages, sealAfter) => {
          const { encoder, batches, bytes } = collecting();
          messages.forEach(([channel, payload], i) => {
            encoder.append(channel, typeof payload === 'string' ? payload : Buffer.from(payload));
            if (sealAfter.includes(i)) encoder.seal();
          });
          encoder.seal();
          const latin1 = (value: string | Uint8Array): string =>
            (typeof value === 'string' ? Buffer.from(value) : Buffer.from(value)).toString('latin1');
          const expected = messages.map(([channel, payload]) => ['PUBLISH', latin1(channel), latin1(payload)]);
          const decoded = replies(bytes()).map((r) => (r as Buffer[]).map((b) => b.toString('latin1')));
          assert.deepEqual(decoded, expected);
          // Each batch holds whole frames, as many as it says.
          for (const batch of batches) assert.equal(replies(batch.bytes).length, batch.count);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('seals a full slab by itself instead of moving frames to a bigger one', () => {
    const { encoder, batches } = collecting();
    for (let i = 0; i < 10_000; i++) encoder.append('c', 'y'.repeat(200));
    assert.ok(batches.length >= 8, `${batches.length} batches`);
    assert.ok(batches.every((b) => b.bytes.length <= 256 * 1024 && b.bytes.byteOffset === 0));
    assert.equal(batches.reduce((n, b) => n + b.count, 0) + encoder.open, 10_000);
  });

  it('keeps sealed batches intact while later frames are written', () => {
    const { encoder, batches } = collecting();
    encoder.append('c', 'first');
    encoder.seal();
    const first = batches[0]!.bytes;
    const copy = Buffer.from(first);
    for (let i = 0; i < 2_000; i++) encoder.append('c', 'y'.repeat(200));
    encoder.seal();
    assert.ok(first.equals(copy));
  });

  it('reuses slabs once their batches are released, and no slab while a batch still holds it', () => {
    const { encoder, batches } = collecting();
    const held = new Set<ArrayBufferLike>();
    const memory = new Set<ArrayBufferLike>();
    let kept: { bytes: Buffer; copy: Buffer } | undefined;
    for (let i = 0; i < 20_000; i++) {
      encoder.append('logs.ingest', `message ${i} `.padEnd(300, 'x'));
      while (batches.length > 0) {
        const batch = batches.shift()!;
        assert.ok(!held.has(batch.bytes.buffer), 'a slab was reused while a batch from it was unreleased');
        memory.add(batch.bytes.buffer);
        if (kept === undefined && i > 5_000) {
          // One batch the socket never finishes with: its slab must never come back.
          kept = { bytes: batch.bytes, copy: Buffer.from(batch.bytes) };
          held.add(batch.bytes.buffer);
        } else {
          encoder.release(batch);
        }
      }
    }
    assert.ok(kept !== undefined && kept.bytes.equals(kept.copy));
    // 6 MB of frames went through a handful of slabs.
    assert.ok(memory.size <= 4, `${memory.size} slabs`);
  });

  it('never overwrites an unreleased batch, whatever the order of appends, seals and releases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constant('seal' as const), fc.nat(20)), {
          maxLength: 100,
        }),
        (steps) => {
          const { encoder, batches } = collecting();
          const out: Array<{ batch: SealedBatch; copy: Buffer }> = [];
          let taken = 0;
          let appended = 0;
          for (const step of steps) {
            if (step === 'seal') encoder.seal();
            else if (step <= 20) out.splice(step % (out.length + 1), 1).forEach(({ batch }) => encoder.release(batch));
            // A different letter each time, so that an overwrite shows even at the same length.
            else encoder.append('c', String.fromCharCode(97 + (appended++ % 26)).repeat(step));
            for (; taken < batches.length; taken++)
              out.push({ batch: batches[taken]!, copy: Buffer.from(batches[taken]!.bytes) });
            for (const { batch, copy } of out) assert.ok(batch.bytes.equals(copy));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
