import { parseRedisUrl } from '../redis-url.js';
import type { BackoffOptions } from '../backoff.js';
import { RespConnection, type RespEndpoint, type RespTlsOptions } from '../resp/resp-connection.js';
import { encodeCommand } from '../resp/resp-encoder.js';
import { RespError } from '../resp/resp-parser.js';

export interface ClusterProbeOptions {
  url: string;
  username?: string;
  password?: string;
  tls?: RespTlsOptions;
  backoff?: BackoffOptions;
  /** Each failed attempt to reach the node (one line, credentials masked). */
  onUnreachable(error: string | undefined): void;
}

/** A question asked of one node until it answers; `cancel` gives up and releases the connection. */
export interface ClusterProbe {
  /** True when the node is a Redis Cluster node; never rejects (a cancelled probe never settles). */
  readonly isCluster: Promise<boolean>;
  cancel(): void;
}

/**
 * Asks the node of `url` for CLUSTER SLOTS, reconnecting like the bus until it answers: a slot
 * table means a cluster node, any error reply (cluster support disabled, or not allowed to ask)
 * a single server. It is the question the cluster bus would ask first anyway, so a node that
 * answers it is one the cluster bus can work with.
 */
export function probeCluster(opts: ClusterProbeOptions): ClusterProbe {
  const target = parseRedisUrl(opts.url);
  const endpoint: RespEndpoint = { host: target.host, port: target.port, tls: target.tls };
  const username = opts.username ?? target.username;
  const password = opts.password ?? target.password;
  if (username !== undefined) endpoint.username = username;
  if (password !== undefined) endpoint.password = password;
  let settle: (cluster: boolean) => void = () => {};
  const isCluster = new Promise<boolean>((resolve) => (settle = resolve));
  let done = false;
  const finish = (cluster: boolean): void => {
    if (done) return;
    done = true;
    void conn.close();
    settle(cluster);
  };
  const conn: RespConnection = new RespConnection({
    endpoint,
    ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
    ...(opts.backoff !== undefined ? { backoff: opts.backoff } : {}),
    onChange: () => {
      if (!done && conn.state === 'reconnecting') opts.onUnreachable(conn.error);
    },
    onReady: () => {
      conn.write(encodeCommand(['CLUSTER', 'SLOTS']));
    },
    onLost: () => {},
    onReply: (reply) => finish(!(reply instanceof RespError) && Array.isArray(reply)),
    onMessage: () => {},
  });
  return {
    isCluster,
    cancel() {
      if (done) return;
      done = true;
      void conn.close();
    },
  };
}
