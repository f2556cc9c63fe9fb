import { createClient, type RedisClientType } from '@redis/client';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { BusState } from './bus.js';
import { describeError } from './errors.js';
import { redactSecrets, type RedisTarget } from './redis-url.js';

/** TLS material for `rediss://` URLs: file contents, not paths (the CLI reads the files). */
export interface RedisTlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

export interface RedisLinkOptions {
  target: RedisTarget;
  /** CLIENT SETNAME value; already validated. */
  name?: string;
  tls?: RedisTlsOptions;
  backoff?: BackoffOptions;
  /** Called after every state change of this link. */
  onChange: () => void;
  /** Called when the link becomes ready (again). */
  onReady?: () => void;
}

/** One node-redis connection and what the bus shows about it. */
export interface RedisLink {
  readonly client: RedisClientType;
  state: Exclude<BusState, 'closed'>;
  /** Last connection error, one line, credentials masked. */
  error?: string;
  /** Set once the bus lets go of the link: its events no longer change anything. */
  released: boolean;
}

const noop = (): void => {};

/** Opens a connection that reconnects forever with capped, jittered backoff and reports its state. */
export function openRedisLink(opts: RedisLinkOptions): RedisLink {
  const reconnectStrategy = (retries: number): number => backoffDelay(retries, opts.backoff);
  const secrets = opts.target.password === undefined ? [] : [opts.target.password];
  const client: RedisClientType = createClient({
    url: opts.target.url,
    name: opts.name,
    socket: opts.target.tls ? { tls: true, ...opts.tls, reconnectStrategy } : { reconnectStrategy },
    // node-redis 6 arms an AbortSignal timer per command (5 s default); at tens of thousands of
    // publishes a second that cost more than the publishing itself (measured: 8k/s with it,
    // 45-70k/s without). The bus bounds what waits itself, so commands get no timeout.
    commandOptions: { timeout: 0 },
  });
  const link: RedisLink = { client, state: 'connecting', released: false };
  const update = (state: RedisLink['state'], error?: string): void => {
    if (link.released) return;
    link.state = state;
    link.error = error;
    opts.onChange();
  };
  // node-redis throws an unhandled 'error' (crashing the process) unless someone listens.
  client.on('error', (err: unknown) => {
    update(client.isReady ? 'ready' : 'reconnecting', redactSecrets(describeError(err), secrets));
  });
  client.on('reconnecting', () => update('reconnecting', link.error));
  client.on('ready', () => {
    update('ready');
    if (!link.released) opts.onReady?.();
  });
  // connect() keeps retrying until ready; it only rejects when the link is released meanwhile.
  client.connect().catch(noop);
  return link;
}

/** Quits gracefully when connected (bounded to 1 s), then tears the connection down for sure. */
export async function releaseRedisLink(link: RedisLink): Promise<void> {
  link.released = true;
  if (link.client.isReady) await withTimeout(link.client.close().catch(noop), 1_000);
  link.client.destroy();
}

/** Waits for `promise`, but no longer than `ms`; the timer never outlives the wait. */
export async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
