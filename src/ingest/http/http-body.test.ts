import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { parseBody as parseChecked, type BodyResult } from './http-body.js';
import { BodyTimeout, readBody, TooLarge } from './read-body.js';

/** A request body as the server's reader sees it, cut into `chunks`. */
function request(chunks: Buffer[], headers: IncomingHttpHeaders = {}): Readable & { headers: IncomingHttpHeaders } {
  return Object.assign(Readable.from(chunks), { headers });
}

/** `parseBody` with the records read out, for comparing whole results. */
function parseBody(
  text: string,
): { ok: true; records: Record<string, unknown>[] } | Extract<BodyResult, { ok: false }> {
  const result = parseChecked(text);
  if (!result.ok) return result;
  return { ok: true, records: Array.from({ length: result.records.count }, (_, i) => result.records.record(i)) };
}

describe('parseBody', () => {
  it('reads one JSON object', () => {
    assert.deepEqual(parseBody('{"level":"error","message":"boom"}'), {
      ok: true,
      records: [{ level: 'error', message: 'boom' }],
    });
  });

  it('reads a pretty-printed object as one record, not as NDJSON', () => {
    assert.deepEqual(parseBody('{\n  "a": 1,\n  "b": {"c": 2}\n}\n'), { ok: true, records: [{ a: 1, b: { c: 2 } }] });
  });

  it('reads a JSON array of objects, an empty one included', () => {
    assert.deepEqual(parseBody('[{"a":1},{"b":2}]'), { ok: true, records: [{ a: 1 }, { b: 2 }] });
    assert.deepEqual(parseBody('[]'), { ok: true, records: [] });
  });

  it('reads NDJSON with CRLF, blank lines and a missing final newline', () => {
    assert.deepEqual(parseBody('{"a":1}\r\n\r\n{"b":2}\n  {"c":3}'), {
      ok: true,
      records: [{ a: 1 }, { b: 2 }, { c: 3 }],
    });
  });

  it('ignores a byte order mark and surrounding whitespace', () => {
    assert.deepEqual(parseBody('\uFEFF  {"a":1}\n'), { ok: true, records: [{ a: 1 }] });
  });

  it('refuses an empty body and one that is no JSON object at all', () => {
    assert.deepEqual(parseBody(' \n '), { ok: false, reason: 'empty body' });
    assert.deepEqual(parseBody('hello'), {
      ok: false,
      reason: 'expected a JSON object, a JSON array of objects, or NDJSON',
    });
    assert.deepEqual(parseBody('42'), {
      ok: false,
      reason: 'expected a JSON object, a JSON array of objects, or NDJSON',
    });
  });

  it('refuses a broken array, and an array with something other than objects, naming the element', () => {
    const broken = parseBody('[{"a":1},');
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.reason, /^invalid JSON array: /);
    assert.deepEqual(parseBody('[{"a":1}, "text", null]'), {
      ok: false,
      reason: 'element 1 of the array is not a JSON object',
    });
    assert.deepEqual(parseBody('[[{"a":1}]]'), { ok: false, reason: 'element 0 of the array is not a JSON object' });
  });

  it('refuses the whole NDJSON body at the first bad line, naming the line', () => {
    const bad = parseBody('{"a":1}\n{"b":\n{"c":3}');
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.reason, /^line 2: invalid JSON: /);
    assert.deepEqual(parseBody('{"a":1}\n[1]\n'), { ok: false, reason: 'line 2: not a JSON object' });
  });

  it('refuses a record nested deeper than 64 levels, naming the line or element, without overflowing the stack', () => {
    const nested = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    assert.deepEqual(parseBody(nested(100_000)), { ok: false, reason: 'nested deeper than 64 levels' });
    assert.deepEqual(parseBody(`{"a":1}\n${nested(65)}\n`), {
      ok: false,
      reason: 'line 2: nested deeper than 64 levels',
    });
    assert.deepEqual(parseBody(`[{"a":1},{"b":2},${nested(65)}]`), {
      ok: false,
      reason: 'element 2 of the array: nested deeper than 64 levels',
    });
    assert.equal(parseBody(nested(64)).ok, true);
    assert.equal(parseBody(`[${nested(64)}]`).ok, true);
  });

  it('does not count brackets inside strings as nesting', () => {
    assert.deepEqual(parseBody(`{"m":"${'[{'.repeat(100)}\\"]"}`), {
      ok: true,
      records: [{ m: `${'[{'.repeat(100)}"]` }],
    });
  });

  it('counts the blank lines a body starts with in the line number it reports', () => {
    assert.deepEqual(parseBody('\n\n{"a":1}\n"x"\n'), { ok: false, reason: 'line 4: not a JSON object' });
  });
});

describe('readBody', () => {
  it('joins a body that arrives in chunks', async () => {
    assert.equal(await readBody(request([Buffer.from('{"a":'), Buffer.from('"é"}')]), 100), '{"a":"é"}');
  });

  it('gunzips a gzip body, whatever the case of the header', async () => {
    const body = '{"a":1}\n{"b":2}\n';
    const gz = gzipSync(body);
    assert.equal(
      await readBody(request([gz.subarray(0, 5), gz.subarray(5)], { 'content-encoding': 'GZIP' }), 100),
      body,
    );
  });

  it('refuses a declared length over the limit before reading', async () => {
    await assert.rejects(readBody(request([Buffer.from('{}')], { 'content-length': '101' }), 100), TooLarge);
  });

  it('refuses a body that grows over the limit, counted after gunzip (a gzip bomb stops there)', async () => {
    await assert.rejects(readBody(request([Buffer.alloc(101, 0x20)]), 100), TooLarge);
    const bomb = gzipSync(Buffer.alloc(1 << 20, 0x20));
    assert.ok(bomb.length < 10_000);
    await assert.rejects(readBody(request([bomb], { 'content-encoding': 'gzip' }), 10_000), TooLarge);
  });

  it('accepts a body of exactly the limit', async () => {
    assert.equal((await readBody(request([Buffer.alloc(100, 0x20)]), 100)).length, 100);
  });

  it('gives up on a body whose sender goes quiet', async () => {
    const body = new PassThrough();
    const req = Object.assign(body, { headers: {} });
    body.write('{"a":');
    await assert.rejects(readBody(req, 100, 50), BodyTimeout);
  });

  it('refuses a broken gzip body and an unknown encoding with a reason', async () => {
    await assert.rejects(readBody(request([Buffer.from('not gzip')], { 'content-encoding': 'gzip' }), 100), /header/);
    await assert.rejects(
      readBody(request([Buffer.from('{}')], { 'content-encoding': 'br' }), 100),
      /unsupported content-encoding br/,
    );
  });
});
