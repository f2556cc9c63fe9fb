import { parseRedisUrl, redactUrl } from '../redis-url.js';
import { backoffDelay, type BackoffOptions } from '../backoff.js';
import { RespConnection, type RespEndpoint, type RespTlsOptions } from '../resp/resp-connection.js';
import { encodeCommand } from '../resp/resp-encoder.js';
import { RespError, type RespReply } from '../resp/resp-parser.js';

export interface ClusterProbeOptions {
  url: string;
  username?: string;
  password?: string;
  tls?: RespTlsOptions;
  backoff?: BackoffOptions;
  /**
   * Each failed attempt to reach the node, or to get its answer while it cannot give one yet
   * (LOADING, BUSY): one line, credentials masked.
   */
  onUnreachable(error: string | undefined): void;
  /** The user may not run CLUSTER SLOTS (NOPERM): the node is taken for a single server. Once. */
  onDenied?(error: string): void;
}

/** A question asked of one node until it answers; `cancel` gives up and releases the connection. */
export interface ClusterProbe {
  /** True when the node is a Redis Cluster node; never rejects (a cancelled probe never settles). */
  readonly isCluster: Promise<boolean>;
  cancel(): void;
}

/** What a reply to CLUSTER SLOTS says: a cluster node, a single server, denied (a single server, said so), or ask again. */
export type ProbeAnswer = 'cluster' | 'single' | 'denied' | 'again';

/**
 * Reads a reply to CLUSTER SLOTS. A node still loading its data (LOADING) or running a long
 * script (BUSY) says nothing of what it is: ask again. A user without the command (NOPERM) cannot
 * know: a single server, and the user is told. Any other error (cluster support disabled) is a
 * single server.
 */
export function probeAnswer(reply: RespReply): ProbeAnswer {
  if (!(reply instanceof RespError)) return Array.isArray(reply) ? 'cluster' : 'single';
  if (/^(LOADING|BUSY)\b/.test(reply.message)) return 'again';
  if (/^NOPERM\b/.test(reply.message)) return 'denied';
  return 'single';
}

/** What the user is told once when the probe was denied CLUSTER SLOTS on `url`. */
export function deniedNotice(url: string): string {
  return (
    `cannot run CLUSTER SLOTS on ${redactUrl(url)} (no permission); treating it as a single server, ` +
    'pass --cluster if it is a Redis Cluster node'
  );
}

/**
 * Asks the node of `url` for CLUSTER SLOTS, reconnecting like the bus until it answers: a slot
 * table means a cluster node, an error reply a single server (probeAnswer). It is the question
 * the cluster bus would ask first anyway, so a node that answers it is one the cluster bus can
 * work with.
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
  let retries = 0;
  let again: NodeJS.Timeout | undefined;
  const stop = (): void => {
    done = true;
    clearTimeout(again);
    void conn.close();
  };
  const finish = (cluster: boolean): void => {
    if (done) return;
    stop();
    settle(cluster);
  };
  const ask = (): void => {
    clearTimeout(again);
    again = undefined;
    if (!done && conn.state === 'ready') conn.write(encodeCommand(['CLUSTER', 'SLOTS']));
  };
  const conn: RespConnection = new RespConnection({
    endpoint,
    ...(opts.tls !== undefined ? { tls: opts.tls } : {}),
    ...(opts.backoff !== undefined ? { backoff: opts.backoff } : {}),
    onChange: () => {
      if (!done && conn.state === 'reconnecting') opts.onUnreachable(conn.error);
    },
    onReady: ask,
    onLost: () => {},
    onReply: (reply) => {
      if (done) return;
      const answer = probeAnswer(reply);
      if (answer === 'again') {
        opts.onUnreachable((reply as RespError).message);
        // A reconnect asks at once (onReady); until then, ask again after a backoff delay.
        again = setTimeout(ask, backoffDelay(retries++, opts.backoff));
        return;
      }
      if (answer === 'denied') opts.onDenied?.((reply as RespError).message);
      finish(answer === 'cluster');
    },
    onMessage: () => {},
  });
  return {
    isCluster,
    cancel() {
      if (!done) stop();
    },
  };
}
