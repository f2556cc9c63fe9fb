import type { BackoffOptions } from './backoff.js';
import { BusConfigError } from './errors.js';
import { parseRedisUrl } from './redis-url.js';
import { RespConnection, type RespEndpoint, type RespTlsOptions } from './resp/resp-connection.js';
import { encodeCommand } from './resp/resp-encoder.js';
import type { RespReply } from './resp/resp-parser.js';

export interface RedisRequestClientOptions {
  url: string;
  username?: string;
  password?: string;
  tls?: RespTlsOptions;
  /** CLIENT SETNAME value; no spaces. */
  name?: string;
  backoff?: BackoffOptions;
}

/** The connection was not ready, or was lost before the reply came: the command may or may not have run. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/**
 * Request/response access to Redis with replies as the parser gives them (bulk strings stay
 * Buffers, error replies are RespError values, not rejections), for services that run their
 * own commands (XREADGROUP, EVAL). Reconnects forever like the bus; a command sent while it is
 * away rejects at once with a RedisUnavailableError, and the caller decides when to try again.
 */
export interface RedisRequestClient {
  call(args: ReadonlyArray<string | Buffer>): Promise<RespReply>;
  /** True while commands can be sent. */
  readonly ready: boolean;
  /** Last connection error, one line, without credentials. */
  readonly error: string | undefined;
  close(): Promise<void>;
}

/** Opens a request client; it connects in the background (see `ready`). */
export function createRedisRequestClient(opts: RedisRequestClientOptions): RedisRequestClient {
  const target = parseRedisUrl(opts.url);
  if (opts.tls !== undefined && !target.tls) {
    throw new BusConfigError('TLS options were given but the Redis URL is redis://; use rediss:// for TLS');
  }
  const endpoint: RespEndpoint = { host: target.host, port: target.port, tls: target.tls };
  const username = opts.username ?? target.username;
  const password = opts.password ?? target.password;
  if (username !== undefined) endpoint.username = username;
  if (password !== undefined) endpoint.password = password;
  if (target.db !== undefined) endpoint.db = target.db;
  const pending: Array<{ resolve: (reply: RespReply) => void; reject: (err: Error) => void }> = [];
  const failAll = (why: string): void => {
    for (const waiter of pending.splice(0)) waiter.reject(new RedisUnavailableError(why));
  };
  const conn = new RespConnection({
    endpoint,
    ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.backoff !== undefined ? { backoff: opts.backoff } : {}),
    onChange: () => {},
    onReady: () => {},
    onLost: (reason) => failAll(`connection lost before the reply (${reason})`),
    onReply: (reply) => pending.shift()?.resolve(reply),
    onMessage: () => {},
  });
  return {
    call(args) {
      if (!conn.write(encodeCommand(args))) {
        const why = conn.error !== undefined ? ` (${conn.error})` : '';
        return Promise.reject(new RedisUnavailableError(`not connected to Redis${why}`));
      }
      return new Promise((resolve, reject) => pending.push({ resolve, reject }));
    },
    get ready() {
      return conn.ready;
    },
    get error() {
      return conn.error;
    },
    async close() {
      await conn.close();
      failAll('client closed');
    },
  };
}
