import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * The forward protocol's shared-key handshake: the server sends HELO with a nonce, the client
 * answers PING with sha512(salt + client hostname + nonce + shared key), the server replies
 * PONG with its own digest (so the client can check the server knows the key too), or a
 * failure with a reason, and closes.
 */

/** The server side of one connection's handshake. */
export interface Handshake {
  /** The HELO message to send first. */
  helo: unknown[];
  /** Checks a PING; returns the PONG to send and whether the client may go on. */
  answer(ping: unknown): { pong: unknown[]; ok: boolean };
}

function bytes(v: unknown): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return Buffer.alloc(0);
}

function sha512Hex(...parts: Buffer[]): string {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Starts a handshake for one connection. */
export function startHandshake(sharedKey: string, serverHostname: string): Handshake {
  const nonce = randomBytes(16);
  const key = Buffer.from(sharedKey, 'utf8');
  const host = Buffer.from(serverHostname, 'utf8');
  return {
    // `auth` empty: no user/password authentication, only the shared key.
    helo: ['HELO', { nonce, auth: '', keepalive: true }],
    answer(ping) {
      const fail = (reason: string): { pong: unknown[]; ok: boolean } => ({
        pong: ['PONG', false, reason, serverHostname, ''],
        ok: false,
      });
      if (!Array.isArray(ping) || ping[0] !== 'PING' || ping.length < 4) return fail('expected PING');
      const [, clientHost, salt, digest] = ping as unknown[];
      const expected = Buffer.from(sha512Hex(bytes(salt), bytes(clientHost), nonce, key), 'utf8');
      const got = bytes(digest);
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) return fail('shared_key mismatch');
      return { pong: ['PONG', true, '', serverHostname, sha512Hex(bytes(salt), host, nonce, key)], ok: true };
    },
  };
}
