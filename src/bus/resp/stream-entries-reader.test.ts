import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitAt } from '../../../test/helpers/chunks.js';
import { RespParser, type RespReply } from './resp-parser.js';
import { pageOfReply, StreamEntriesReader, type StreamEntriesPage } from './stream-entries-reader.js';

/** A RESP2 value to encode: simple string, error, integer, bulk (null: `$-1`), array (null: `*-1`). */
type Value = { s: string } | { e: string } | { i: number } | { b: Buffer | null } | { a: Value[] | null };

function encode(v: Value): string {
  if ('s' in v) return `+${v.s}\r\n`;
  if ('e' in v) return `-${v.e}\r\n`;
  if ('i' in v) return `:${v.i}\r\n`;
  if ('b' in v) return v.b === null ? '$-1\r\n' : `$${v.b.length}\r\n${v.b.toString('latin1')}\r\n`;
  return v.a === null ? '*-1\r\n' : `*${v.a.length}\r\n${v.a.map(encode).join('')}`;
}

const line = fc.stringMatching(/^[a-zA-Z0-9 ]{0,12}$/);
const bytes = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b));
const bulk: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: bytes.map((b) => ({ b })) },
  { weight: 1, arbitrary: fc.constant({ b: null }) },
);
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    line.map((s) => ({ s })),
    line.map((e) => ({ e })),
    fc.integer({ min: -1000, max: 1000 }).map((i) => ({ i })),
    bulk,
    fc.array(tie('value'), { maxLength: 3 }).map((a) => ({ a })),
    fc.constant({ a: null }),
  ),
}));
/** Field names: mostly `p` (the payload's) and near misses. */
const name: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ b: Buffer.from('p') }) },
  { weight: 1, arbitrary: fc.constantFrom<Value>({ b: Buffer.from('q') }, { b: Buffer.from('pp') }, { s: 'p' }) },
  { weight: 1, arbitrary: value },
);
const fields: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.oneof(name, bulk, value), { maxLength: 6 }).map((a) => ({ a })) },
  { weight: 1, arbitrary: value },
);
const id = fc.tuple(fc.nat(), fc.nat()).map(([ms, seq]) => ({ b: Buffer.from(`${ms}-${seq}`) }));
/** An entry as LogStream writes it: one field, `p`, holding the payload. */
const logEntry: fc.Arbitrary<Value> = fc
  .tuple(id, bytes)
  .map(([i, p]) => ({ a: [i, { a: [{ b: Buffer.from('p') }, { b: p }] }] }));
const entry: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: logEntry },
  { weight: 8, arbitrary: fc.tuple(id, fields).map((e) => ({ a: e })) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(id, value), fields, value).map((e) => ({ a: e })) },
  { weight: 1, arbitrary: value },
);
const reply: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: fc.array(entry, { maxLength: 8 }).map((a) => ({ a })) },
  { weight: 2, arbitrary: fc.array(logEntry, { maxLength: 30 }).map((a) => ({ a })) },
  { weight: 1, arbitrary: value },
);

const plain = (page: StreamEntriesPage): unknown => ({
  ...page,
  payloads: page.payloads.map((p) => p.toString('hex')),
});

/** The replies in `wire`, in order: the first read by a StreamEntriesReader, the others decoded generically. */
function readClaimingFirst(chunks: Buffer[]): { page: StreamEntriesPage | undefined; after: RespReply[] } {
  let page: StreamEntriesPage | undefined;
  const reader = new StreamEntriesReader((p) => (page = p));
  const after: RespReply[] = [];
  const parser = new RespParser({
    onReply: (r) => after.push(r),
    onMessage: () => {},
    // The claim holds until the reply is read whole; the parser asks again for the next one.
    claim: () => (page === undefined ? reader : undefined),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { page, after };
}

/** The same replies decoded generically. */
function decodeAll(wire: Buffer): RespReply[] {
  const out: RespReply[] = [];
  new RespParser({ onReply: (r) => out.push(r), onMessage: () => {} }).feed(wire);
  return out;
}

describe('StreamEntriesReader', () => {
  it('finds the payloads, the entry count and the last ID the generic decoder finds, however the reply is cut', () => {
    fc.assert(
      fc.property(reply, fc.array(fc.nat(), { maxLength: 20 }), (r, cuts) => {
        const wire = Buffer.from(`${encode(r)}+NEXT\r\n:7\r\n`, 'latin1');
        const [first, ...rest] = decodeAll(wire);
        const { page, after } = readClaimingFirst(splitAt(wire, cuts));
        assert.ok(page !== undefined);
        assert.deepEqual(plain(page), plain(pageOfReply(first ?? null)));
        // It stops exactly at the reply's end: the next replies are decoded as usual.
        assert.deepEqual(after, rest);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an XREVRANGE reply cut into single bytes', () => {
    const entries = [
      ['1733400000000-1', 'p', '{"message":"b"}'],
      ['1733400000000-0', 'p', '{"message":"a"}'],
    ];
    const wire = Buffer.from(
      `*2\r\n${entries.map(([i, f, p]) => `*2\r\n$${i?.length}\r\n${i}\r\n*2\r\n$1\r\n${f}\r\n$${p?.length}\r\n${p}\r\n`).join('')}`,
    );
    const { page } = readClaimingFirst(splitAt(wire, [...wire.keys()]));
    assert.deepEqual(page && plain(page), {
      entries: 2,
      payloads: ['{"message":"b"}', '{"message":"a"}'].map((p) => Buffer.from(p).toString('hex')),
      lastId: '1733400000000-0',
    });
  });

  it('gives an empty page for an error reply', () => {
    const { page, after } = readClaimingFirst([Buffer.from('-ERR no\r\n+OK\r\n')]);
    assert.deepEqual(page, { entries: 0, payloads: [], lastId: undefined });
    assert.deepEqual(after, ['OK']);
  });
});
