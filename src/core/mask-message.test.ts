import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_PATTERN_LENGTH, maskMessage } from './mask-message.js';

describe('maskMessage', () => {
  it('masks integers, decimals and numbers with units', () => {
    assert.equal(
      maskMessage('user 4711 waited 1.5s then 123ms, 10MB, 1,000 rows, 50%'),
      'user <num> waited <num> then <num>, <num>, <num> rows, <num>%',
    );
  });

  it('masks digits glued to a word so numbered variants group together', () => {
    assert.equal(
      maskMessage('worker-7 and user42 and orders_3 on v1.2.3'),
      'worker-<num> and user<num> and orders_<num> on v<num>',
    );
  });

  it('masks UUIDs in either case', () => {
    assert.equal(
      maskMessage('request 550e8400-e29b-41d4-a716-446655440000 / 550E8400-E29B-41D4-A716-446655440000 failed'),
      'request <uuid> / <uuid> failed',
    );
  });

  it('masks hex ids of 8+ digits and 0x literals but keeps words made of a-f letters', () => {
    assert.equal(maskMessage('trace a1b2c3d4e5f6 at 0x7FFE12 in deadbeef'), 'trace <hex> at <hex> in deadbeef');
  });

  it('treats a long run of decimal digits as a number, not a hex id', () => {
    assert.equal(maskMessage('order 12345678901 and 1234567.5'), 'order <num> and <num>');
  });

  it('masks IPv4 addresses and keeps the port separator', () => {
    assert.equal(maskMessage('connect 10.0.0.12:5432 refused'), 'connect <ip>:<num> refused');
  });

  it('masks full, compressed and IPv4-mapped IPv6 addresses', () => {
    assert.equal(
      maskMessage(
        'from 2001:0db8:85a3:0000:0000:8a2e:0370:7334, fe80::1ff:fe23:4567:890a, [::1]:80, ::ffff:192.168.0.1 and fe80::1.',
      ),
      'from <ip>, <ip>, [<ip>]:<num>, <ip> and <ip>.',
    );
  });

  it('masks the unspecified address but leaves C++ scopes and clock times alone', () => {
    assert.equal(maskMessage('listening on [::]:8080'), 'listening on [<ip>]:<num>');
    assert.equal(
      maskMessage('Foo::bar and std::abc failed at 12:30:45'),
      'Foo::bar and std::abc failed at <num>:<num>:<num>',
    );
  });

  it('masks emails', () => {
    assert.equal(maskMessage('mail to john.doe+x@mail.example.com. bounced'), 'mail to <email>. bounced');
  });

  it('masks double- and single-quoted strings but not apostrophes', () => {
    assert.equal(
      maskMessage(`can't open "C:\\\\tmp \\"x\\"" or 'db-primary' (user's)`),
      `can't open "<str>" or "<str>" (user's)`,
    );
  });

  it('leaves an unterminated quote as it is', () => {
    assert.equal(maskMessage('bad "input 12'), 'bad "input <num>');
  });

  it('collapses whitespace runs, tabs and newlines, and trims', () => {
    assert.equal(maskMessage('  multi   space\t\ttab\nnew line \u00a0'), 'multi space tab new line');
  });

  it('groups variants of one error under one pattern', () => {
    const a = maskMessage('Payment 9f8e7d6c5b4a declined for user 17 (card 4242) after 31ms');
    const b = maskMessage('Payment 0a1b2c3d4e5f declined for user 90210 (card 1881) after 1.2s');
    assert.equal(a, b);
  });

  it('caps patterns at 200 characters without splitting a surrogate pair', () => {
    assert.equal(maskMessage('x'.repeat(5_000)).length, MAX_PATTERN_LENGTH);
    const emoji = maskMessage('a'.repeat(199) + '😀 tail');
    assert.equal(emoji, 'a'.repeat(199));
    assert.equal(maskMessage('a'.repeat(199) + ' tail'), 'a'.repeat(199));
  });

  it('gives long messages that share their beginning the same pattern', () => {
    const head = 'error '.repeat(40);
    assert.equal(maskMessage(head + 'A 1'), maskMessage(head + 'B "x" 2'));
  });

  it('never returns more than 200 characters or a whitespace run', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: 'binary' }), (s) => {
        const m = maskMessage(s);
        assert.ok(m.length <= MAX_PATTERN_LENGTH);
        assert.doesNotMatch(m, /\s\s|^\s|\s$|[^\S ]/);
      }),
    );
  });

  it('maps messages that differ only in a number or an id to one pattern', () => {
    const words = fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,4}$/);
    const decimal = fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(2));
    const pairOf = (arb: fc.Arbitrary<string | number>) => fc.tuple(arb, arb);
    const tokens = fc.oneof(pairOf(fc.nat()), pairOf(decimal), pairOf(fc.uuid()), pairOf(fc.ipV4()), pairOf(fc.ipV6()));
    fc.assert(
      fc.property(words, words, tokens, (head, tail, [a, b]) => {
        assert.equal(maskMessage(`${head} ${a} ${tail}`), maskMessage(`${head} ${b} ${tail}`));
      }),
    );
  });
});
