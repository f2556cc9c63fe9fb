import {
  openRedisCommandClient,
  type RedisCommandClient,
  type RedisCommandClientOptions,
  type RedisValue,
} from '../resp/resp-command-client.js';
import { nodeAccess, nodeUrl, parseClusterSeeds } from './cluster-seeds.js';
import { createClusterTopology } from './cluster-topology.js';
import { keySlot } from './key-slot.js';
import { addressKey, parseRedirect, type NodeAddress } from './slot-map.js';

export interface ClusterCommandClientOptions extends Omit<RedisCommandClientOptions, 'url'> {
  /** `redis://` (or `rediss://`) URLs of one or more nodes of the cluster, any role. */
  seeds: string[];
  /** Redirects and retries one command may take before it fails (default 5). */
  maxRedirects?: number;
}

/** Request/response access to a Redis Cluster for side tasks, routed by key. */
export interface ClusterCommandClient {
  /**
   * Sends a command to the master of `key`'s slot (any master when `key` is undefined),
   * following MOVED (the slot map is read again) and ASK (ASKING first, on the node named), and
   * retrying CLUSTERDOWN, TRYAGAIN and lost connections after a short wait; rejects with the
   * server's error, or with the last one once `maxRedirects` are spent.
   */
  command(key: string | undefined, ...args: string[]): Promise<RedisValue>;
  close(): Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Reads the slot map from the seeds and resolves once it is known (or rejects after `connectTimeoutMs`). */
export async function openClusterCommandClient(opts: ClusterCommandClientOptions): Promise<ClusterCommandClient> {
  const { seeds: urls, maxRedirects = 5, connectTimeoutMs = 5_000, ...access } = opts;
  const { seeds, tls, credentials } = parseClusterSeeds(urls, access);
  const everyNode = { ...access, ...credentials };
  const topology = createClusterTopology({
    seeds,
    tls,
    access: everyNode,
    onChange: () => {},
  });
  for (const deadline = Date.now() + connectTimeoutMs; !topology.known; await wait(20)) {
    if (Date.now() > deadline) {
      topology.close();
      throw new Error(
        `could not read the cluster's slot map within ${connectTimeoutMs} ms (${topology.error ?? 'no answer'})`,
      );
    }
  }

  const clients = new Map<string, Promise<RedisCommandClient>>();
  const clientFor = (node: NodeAddress): Promise<RedisCommandClient> => {
    const id = addressKey(node);
    let client = clients.get(id);
    if (client === undefined) {
      client = openRedisCommandClient({ ...nodeAccess(everyNode, node), url: nodeUrl(tls, node), connectTimeoutMs });
      // A node that cannot be reached is asked again next time, not remembered as failed.
      client.catch(() => clients.delete(id));
      clients.set(id, client);
    }
    return client;
  };
  const forget = async (node: NodeAddress): Promise<void> => {
    const client = clients.get(addressKey(node));
    clients.delete(addressKey(node));
    await client?.then((c) => c.close()).catch(() => {});
  };

  return {
    async command(key, ...args) {
      let target: NodeAddress | undefined;
      let asking = false;
      let last = '';
      for (let attempt = 0; attempt <= maxRedirects; attempt++) {
        const node = target ?? topology.owner(key === undefined ? 0 : keySlot(key));
        if (node === undefined) {
          last = 'no master serves the slot';
          await topology.refresh();
          continue;
        }
        try {
          const client = await clientFor(node);
          if (!asking) return await client.command(...args);
          // Pipelined on one connection: ASKING lets exactly the next command in.
          const [, reply] = await Promise.all([client.command('ASKING'), client.command(...args)]);
          return reply;
        } catch (err) {
          last = errorText(err);
          const redirect = parseRedirect(last);
          asking = redirect?.kind === 'ASK';
          target = redirect?.to;
          if (redirect?.kind === 'MOVED') void topology.refresh();
          else if (redirect === undefined) {
            if (!/^(CLUSTERDOWN|TRYAGAIN) |not connected|connection lost|could not connect/.test(last)) throw err;
            await forget(node);
            await Promise.all([topology.refresh(), wait(100 * (attempt + 1))]);
          }
        }
      }
      throw new Error(
        `${args[0] ?? 'command'}${key === undefined ? '' : ` ${key}`}: gave up after ${maxRedirects} redirects or retries (last: ${last})`,
      );
    },
    async close() {
      topology.close();
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((c) => c.then((client) => client.close()).catch(() => {})));
    },
  };
}
