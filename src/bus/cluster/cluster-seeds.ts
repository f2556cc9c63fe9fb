import { BusConfigError } from '../errors.js';
import { parseRedisUrl } from '../redis-url.js';
import type { RespTlsOptions } from '../resp/resp-connection.js';
import type { NodeAddress } from './slot-map.js';

/** A cluster as its request clients open it: the seed nodes, their scheme, and the credentials every node takes. */
export interface ClusterSeeds {
  seeds: NodeAddress[];
  /** `rediss://` for every node (the first seed's scheme). */
  tls: boolean;
  /** The options' user name and password, else the first a seed URL carries. */
  credentials: { username?: string; password?: string };
}

/** Parses the seed URLs (a typo fails here, with one clear line); throws BusConfigError without any. */
export function parseClusterSeeds(urls: string[], access: { username?: string; password?: string }): ClusterSeeds {
  const targets = urls.map(parseRedisUrl);
  const first = targets[0];
  if (first === undefined) throw new BusConfigError('a Redis Cluster needs at least one seed node URL');
  const username = access.username ?? targets.find((t) => t.username !== undefined)?.username;
  const password = access.password ?? targets.find((t) => t.password !== undefined)?.password;
  return {
    seeds: targets.map((t) => ({ host: t.host, port: t.port })),
    tls: first.tls,
    credentials: {
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    },
  };
}

/** The URL of a node in the seeds' scheme (an IPv6 host in brackets). */
export function nodeUrl(tls: boolean, node: NodeAddress): string {
  return `${tls ? 'rediss' : 'redis'}://${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`;
}

/**
 * `access` for one node: a node reached by IP that announces a name is checked against that name
 * (TLS SNI and certificate), unless the options name one for every node.
 */
export function nodeAccess<T extends { tls?: RespTlsOptions }>(access: T, node: NodeAddress): T {
  if (node.hostname === undefined || access.tls?.servername !== undefined) return access;
  return { ...access, tls: { ...access.tls, servername: node.hostname } };
}
