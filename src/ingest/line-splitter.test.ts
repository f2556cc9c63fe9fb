import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineSplitter } from './line-splitter.js';
import { splitAt as split } from '../../test/helpers/chunks.js';

interface Line {
  text: string;
  truncated: boolean;
}

/** Pushes `chunks` in order, then ends the input; returns the lines, decoded as latin1 so every byte shows. */
function lines(chunks: Buffer[], maxLineBytes?: number): Line[] {
  const out: Line[] = [];
  const splitter = new LineSplitter(
    ({ bytes, truncated }) => out.push({ text: bytes.toString('latin1'), truncated }),
    maxLineBytes,
  );
  for (const chunk of chunks) {
    // The caller may reuse its buffer: scribble over each chunk once it was pushed.
    const copy = Buffer.from(chunk);
    splitter.push(copy);
    copy.fill(0x23);
  }
  splitter.end();
  return out;
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
// Texts rich in line ends: the pieces that matter to a splitter.
const text = fc
  .array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', 'é', '\xff', ' '), { maxLength: 60 })
  .map((parts) => parts.join(''));
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('LineSplitter', () => {
  it('splits on LF and CRLF and emits an unfinished last line at the end', () => {
    assert.deepEqual(lines([latin1('one\ntwo\r\nthree')]), [
      { text: 'one', truncated: false },
      { text: 'two', truncated: false },
      { text: 'three', truncated: false },
    ]);
  });

  it('keeps empty lines and a lone CR inside a line', () => {
    assert.deepEqual(
      lines([latin1('\n\r\na\rb\n')]).map((l) => l.text),
      ['', '', 'a\rb'],
    );
  });

  it('joins a CRLF cut between two chunks', () => {
    assert.deepEqual(
      lines([latin1('abc\r'), latin1('\ndef\n')]).map((l) => l.text),
      ['abc', 'def'],
    );
  });

  it('emits nothing at the end when the input ended with a newline', () => {
    assert.deepEqual(
      lines([latin1('a\n')]).map((l) => l.text),
      ['a'],
    );
    assert.deepEqual(lines([]), []);
  });

  it('gives the same lines for any chunking of the input', () => {
    fc.assert(
      fc.property(text, cuts, (t, c) => {
        const bytes = latin1(t);
        assert.deepEqual(lines(split(bytes, c)), lines([bytes]));
      }),
    );
  });

  it('splits like String.split on LF with one CR dropped before each LF', () => {
    fc.assert(
      fc.property(text, (t) => {
        const expected = t.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (t === '' || t.endsWith('\n')) expected.pop();
        assert.deepEqual(
          lines([latin1(t)]).map((l) => l.text),
          expected,
        );
      }),
    );
  });

  it('cuts a line longer than the limit, flags it, and skips the rest of that line', () => {
    assert.deepEqual(lines([latin1('short\n0123456789abcdef\nnext\n')], 8), [
      { text: 'short', truncated: false },
      { text: '01234567', truncated: true },
      { text: 'next', truncated: false },
    ]);
  });

  it('keeps a line of exactly the limit whole', () => {
    assert.deepEqual(lines([latin1('01234567\n')], 8), [{ text: '01234567', truncated: false }]);
  });

  it('cuts an over-long line that arrives in many small chunks once, and holds no more than the limit', () => {
    const long = latin1(`${'x'.repeat(100)}\nafter\n`);
    const chunks = split(
      long,
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.deepEqual(lines(chunks, 10), [
      { text: 'x'.repeat(10), truncated: true },
      { text: 'after', truncated: false },
    ]);
  });

  it('drops the tail of an over-long last line that never ends', () => {
    assert.deepEqual(lines([latin1('0123456789'), latin1('abc')], 4), [{ text: '0123', truncated: true }]);
  });

  it('gives the same lines and cuts for any chunking when lines exceed the limit', () => {
    fc.assert(
      fc.property(text, cuts, fc.integer({ min: 1, max: 12 }), (t, c, max) => {
        const bytes = latin1(t);
        const whole = lines([bytes], max);
        assert.deepEqual(lines(split(bytes, c), max), whole);
        for (const l of whole) assert.ok(Buffer.byteLength(l.text, 'latin1') <= max);
      }),
    );
  });

  it('passes bytes through untouched, invalid UTF-8 included', () => {
    const out: Buffer[] = [];
    const splitter = new LineSplitter(({ bytes }) => out.push(Buffer.from(bytes)));
    splitter.push(Buffer.from([0x61, 0xff, 0xc3, 0x0a, 0xa9, 0x00, 0x0a]));
    assert.deepEqual(out, [Buffer.from([0x61, 0xff, 0xc3]), Buffer.from([0xa9, 0x00])]);
  });

  it('forgets an unfinished line on reset', () => {
    const out: string[] = [];
    const splitter = new LineSplitter(({ bytes }) => out.push(bytes.toString()));
    splitter.push(Buffer.from('old partial'));
    splitter.reset();
    splitter.push(Buffer.from('new\n'));
    splitter.end();
    assert.deepEqual(out, ['new']);
  });
});
