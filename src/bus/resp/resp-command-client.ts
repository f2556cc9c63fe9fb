import { parseRedisUrl } from '../redis-url.js';
import { RespConnection, type RespEndpoint, type RespTlsOptions } from './resp-connection.js';
import { encodeCommand } from './resp-encoder.js';
import { RespError, type RespReply } from './resp-parser.js';

/** A reply with bulk strings decoded as UTF-8 text; errors become rejections. */
export type RedisValue = string | number | null | RedisValue[];

export interface RedisCommandClientOptions {
  url: string;
  username?: string;
  password?: string;
  tls?: RespTlsOptions;
  /** CLIENT SETNAME value. */
  name?: string;
  /** How long `openRedisCommandClient` waits for the first connection (default 5,000 ms). */
  connectTimeoutMs?: number;
}

/** Request/response access to Redis for side tasks (INFO, CLIENT LIST, PUBSUB NUMSUB...), not for hot paths. */
export interface RedisCommandClient {
  /** Sends one command; rejects on an error reply or when the connection is lost before the reply. */
  command(...args: string[]): Promise<RedisValue>;
  close(): Promise<void>;
}

function plain(reply: RespReply): RedisValue {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map(plain);
  if (reply instanceof RespError) return reply.message;
  return reply;
}

/** Connects (reconnecting like the bus does) and resolves once the first handshake succeeded. */
export function openRedisCommandClient(opts: RedisCommandClientOptions): Promise<RedisCommandClient> {
  const target = parseRedisUrl(opts.url);
  const endpoint: RespEndpoint = { host: target.host, port: target.port, tls: target.tls };
  const username = opts.username ?? target.username;
  const password = opts.password ?? target.password;
  if (username !== undefined) endpoint.username = username;
  if (password !== undefined) endpoint.password = password;
  if (target.db !== undefined) endpoint.db = target.db;
  const pending: Array<{ resolve: (value: RedisValue) => void; reject: (err: Error) => void }> = [];
  const failAll = (why: string): void => {
    for (const waiter of pending.splice(0)) waiter.reject(new Error(why));
  };

  return new Promise((resolve, reject) => {
    let started = false;
    const conn: RespConnection = new RespConnection({
      endpoint,
      ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      onChange: () => {},
      onReady: () => {
        if (started) return;
        started = true;
        clearTimeout(timer);
        resolve(client);
      },
      onLost: (reason) => failAll(`connection lost before the reply (${reason})`),
      onReply: (reply) => {
        const waiter = pending.shift();
        if (reply instanceof RespError) waiter?.reject(new Error(reply.message));
        else waiter?.resolve(plain(reply));
      },
      onMessage: () => {},
    });
    const client: RedisCommandClient = {
      command(...args) {
        if (!conn.write(encodeCommand(args)))
          return Promise.reject(
            new Error(`not connected to Redis${conn.error !== undefined ? ` (${conn.error})` : ''}`),
          );
        return new Promise((res, rej) => pending.push({ resolve: res, reject: rej }));
      },
      async close() {
        await conn.close();
        failAll('client closed');
      },
    };
    const timer = setTimeout(() => {
      void conn.close();
      reject(
        new Error(
          `could not connect to Redis within ${opts.connectTimeoutMs ?? 5_000} ms${conn.error !== undefined ? ` (${conn.error})` : ''}`,
        ),
      );
    }, opts.connectTimeoutMs ?? 5_000);
  });
}
