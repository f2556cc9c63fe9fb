import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import { FORWARD_DECODE_OPTIONS } from './forward-decode.js';
import { startHandshake } from './handshake.js';

const sha512Hex = (...parts: (string | Uint8Array)[]): string => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** The nonce of a HELO as a client reads it off the wire. */
function nonceOf(helo: unknown[]): Uint8Array {
  const [kind, options] = decode(encode(helo), FORWARD_DECODE_OPTIONS) as [
    string,
    { nonce: Uint8Array; auth: unknown; keepalive: unknown },
  ];
  assert.equal(kind, 'HELO');
  assert.equal(options.auth, '');
  assert.equal(options.keepalive, true);
  return options.nonce;
}

/** A PING as Fluentd's out_forward and Fluent Bit build it: sha512_hex(salt + client hostname + nonce + shared key). */
function ping(nonce: Uint8Array, key: string, clientHost = 'fluent-bit-1', salt = 'c2FsdA=='): unknown[] {
  return ['PING', clientHost, salt, sha512Hex(salt, clientHost, nonce, key), '', ''];
}

/** What the client receives back. */
const wire = (pong: unknown[]): unknown[] => decode(encode(pong)) as unknown[];

describe('forward handshake', () => {
  it('sends a HELO with a fresh 16-byte nonce per connection', () => {
    const a = nonceOf(startHandshake('k', 'srv').helo);
    const b = nonceOf(startHandshake('k', 'srv').helo);
    assert.equal(a.length, 16);
    assert.notDeepEqual(a, b);
  });

  it('accepts a PING made with the right key and answers a PONG the client can verify', () => {
    const hs = startHandshake('change-me', 'logstream-host');
    const nonce = nonceOf(hs.helo);
    const { pong, ok } = hs.answer(ping(nonce, 'change-me', 'client-a', 'pepper'));
    assert.equal(ok, true);
    assert.deepEqual(wire(pong), [
      'PONG',
      true,
      '',
      'logstream-host',
      sha512Hex('pepper', 'logstream-host', nonce, 'change-me'),
    ]);
  });

  it('accepts a salt and hostname sent as bin', () => {
    const hs = startHandshake('k', 'srv');
    const nonce = nonceOf(hs.helo);
    const salt = Buffer.from([0xff, 0x00, 0x10]);
    const answer = hs.answer(['PING', Buffer.from('host'), salt, sha512Hex(salt, 'host', nonce, 'k'), '', '']);
    assert.equal(answer.ok, true);
  });

  it('accepts a key with non-ASCII characters, hashed as UTF-8', () => {
    const hs = startHandshake('clé-秘密', 'srv');
    assert.equal(hs.answer(ping(nonceOf(hs.helo), 'clé-秘密')).ok, true);
  });

  it('refuses a PING made with a wrong key, with a reason and no digest', () => {
    const hs = startHandshake('change-me', 'srv');
    const { pong, ok } = hs.answer(ping(nonceOf(hs.helo), 'wrong'));
    assert.equal(ok, false);
    assert.deepEqual(wire(pong), ['PONG', false, 'shared_key mismatch', 'srv', '']);
  });

  it("refuses a PING made for another connection's nonce", () => {
    const first = startHandshake('k', 'srv');
    const second = startHandshake('k', 'srv');
    assert.equal(second.answer(ping(nonceOf(first.helo), 'k')).ok, false);
  });

  it('refuses a digest of the wrong length or type without throwing', () => {
    const hs = startHandshake('k', 'srv');
    for (const digest of ['', 'abc', 42, null, 'x'.repeat(128)]) {
      assert.equal(hs.answer(['PING', 'h', 's', digest, '', '']).ok, false);
    }
  });

  it('refuses anything that is not a PING', () => {
    const hs = startHandshake('k', 'srv');
    for (const msg of [null, 'PING', ['PONG', 'h', 's', 'd'], ['PING', 'h', 's'], ['app', 1, { a: 1 }]]) {
      assert.deepEqual(hs.answer(msg), { pong: ['PONG', false, 'expected PING', 'srv', ''], ok: false });
    }
  });
});
