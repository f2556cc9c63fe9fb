import { startRedisCluster, type RedisClusterHandle } from './redis-cluster.js';
import type { RedisServerAuth, RedisServerHandle, RedisServerTls } from './redis-server.js';

/** Commands about one node (its clients, its counters, its settings): asked of every node, answers joined. */
const NODE_LOCAL = new Set(['INFO', 'CLIENT', 'CONFIG', 'FLUSHALL', 'FLUSHDB', 'DBSIZE']);

/** A RedisServerHandle on a cluster, with its cluster for tests that need more. */
export interface ClusterServerHandle extends RedisServerHandle {
  readonly cluster: RedisClusterHandle;
}

/**
 * The handle of one server, on a fresh 3+3 cluster: `url` and `port` name the first master (any
 * node would do: commands find the cluster from it); `kill` and `restart` take the whole cluster
 * down and up again, which is what a server going away means to its clients; `cli` follows
 * redirects (`redis-cli -c`), sends node-local commands to every node, and publishes with
 * SPUBLISH, as the cluster bus subscribes (sharded Pub/Sub). With `tls` every node serves TLS
 * only and `url` is `rediss://`; with `auth`, cli() logs in as that user.
 */
export async function startClusterAsServer(
  args: string[],
  access: { tls?: RedisServerTls; auth?: RedisServerAuth } = {},
): Promise<ClusterServerHandle> {
  const cluster = await startRedisCluster({ args, ...access });
  const first = cluster.nodes[0];
  if (first === undefined) throw new Error('redis cluster: no node');
  const cli = async (...argv: string[]): Promise<string> => {
    const [command = '', ...rest] = argv;
    const name = command.toUpperCase();
    if (name === 'PUBLISH') return cluster.cli('-c', 'SPUBLISH', ...rest);
    if (NODE_LOCAL.has(name)) {
      const answers = await Promise.all(cluster.nodes.map((n) => n.server.cli(...argv)));
      return answers.join('\n');
    }
    return cluster.cli('-c', ...argv);
  };
  return {
    cluster,
    port: first.port,
    url: first.server.url,
    get pid() {
      return first.server.pid;
    },
    stop: () => cluster.stop(),
    kill: (signal) => cluster.killAll(signal),
    restart: () => cluster.restartAll(),
    cli,
  };
}
