import { BusConfigError } from './errors.js';

/** What the Redis adapter needs from a validated URL. */
export interface RedisTarget {
  url: string;
  tls: boolean;
  host: string;
  port: number;
  /** Database to SELECT, when the URL names one. */
  db?: number;
  /** Decoded ACL user name from the URL. */
  username?: string;
  /** Decoded password from the URL; sent in AUTH and scrubbed from error text. */
  password?: string;
}

/** The URL with any `user:pass@` part replaced by `***@`; works on strings that are not valid URLs. */
export function redactUrl(url: string): string {
  // Greedy up to the last '@': an unencoded '@' or '/' in a password must not leak its tail.
  return url.replace(/\/\/\S*@/, '//***@');
}

/** `text` with every occurrence of the given secrets (raw and URL-encoded) masked. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\/\/[^/\s]*@/g, '//***@');
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}

/** Checks a `redis://` or `rediss://` URL up front, so a typo fails at start-up with one clear line. */
export function parseRedisUrl(url: string): RedisTarget {
  const fail = (why: string): never => {
    throw new BusConfigError(`invalid Redis URL ${JSON.stringify(redactUrl(url))}: ${why}`);
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail('not a URL (expected redis://host:port or rediss://host:port)');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    fail(`unsupported scheme ${parsed.protocol} (expected redis: or rediss:)`);
  }
  if (parsed.hostname === '') fail('no host');
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) fail(`database must be a number, got ${JSON.stringify(db)}`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  // URL keeps IPv6 literals bracketed; sockets want them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const target: RedisTarget = { url, tls: parsed.protocol === 'rediss:', host, port };
  if (db !== '') target.db = Number(db);
  if (parsed.username !== '') target.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') target.password = decodeURIComponent(parsed.password);
  return target;
}
