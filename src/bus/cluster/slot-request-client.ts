import {
  createRedisRequestClient,
  RedisUnavailableError,
  type RedisRequestClient,
  type RedisRequestClientOptions,
} from '../redis-request-client.js';
import { RespError, type RespReply } from '../resp/resp-parser.js';
import { nodeAccess, nodeUrl, parseClusterSeeds } from './cluster-seeds.js';
import { createClusterTopology } from './cluster-topology.js';
import { keySlot } from './key-slot.js';
import { addressKey, isClusterRedirect, parseRedirect, type NodeAddress } from './slot-map.js';

export interface SlotRequestClientOptions extends Omit<RedisRequestClientOptions, 'url'> {
  /** `redis://` (or `rediss://`) URLs of one or more nodes of the cluster, any role. */
  seeds: string[];
  /** Every command goes to the master of this key's slot: the caller's keys all share it. */
  key: string;
}

// A command redirected this many times in a row is answered with the last redirect.
const MAX_REDIRECTS = 3;
const REDIRECT_CONNECT_MS = 2_000;

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A RedisRequestClient on a Redis Cluster for callers whose keys share one hash slot (a consumer
 * group's stream and state, a stats stream): it talks to the master of that slot, follows it
 * through failovers and resharding (MOVED, ASK), and is not `ready` while no master serves it.
 */
export function createSlotRequestClient(opts: SlotRequestClientOptions): RedisRequestClient {
  const { seeds: urls, key, ...access } = opts;
  const { seeds, tls, credentials } = parseClusterSeeds(urls, access);
  const everyNode = { ...access, ...credentials };
  const slot = keySlot(key);
  let current: { id: string; client: RedisRequestClient } | undefined;
  let closed = false;

  const connectTo = (node: NodeAddress): RedisRequestClient => {
    const id = addressKey(node);
    if (current?.id === id) return current.client;
    const old = current?.client;
    current = { id, client: createRedisRequestClient({ ...nodeAccess(everyNode, node), url: nodeUrl(tls, node) }) };
    // Replies still due from the old master are failed; their callers retry on the new one.
    void old?.close();
    return current.client;
  };

  const topology = createClusterTopology({
    seeds,
    tls,
    // The map is read over the same TLS as the commands go (a private CA, a client certificate).
    access: { ...credentials, ...(access.tls !== undefined ? { tls: access.tls } : {}) },
    onChange: (map) => {
      const owner = map.owner(slot);
      if (!closed && owner !== undefined) connectTo(owner);
    },
  });

  /** The client for the slot's master per the newest map; while it cannot be reached, the map is asked again. */
  const sync = (): RedisRequestClient | undefined => {
    if (closed) return undefined;
    const owner = topology.owner(slot);
    const client = owner === undefined ? current?.client : connectTo(owner);
    topology.watch(client?.ready !== true);
    return client;
  };

  return {
    async call(args) {
      for (let attempt = 0; ; attempt++) {
        const client = sync();
        if (client === undefined) throw new RedisUnavailableError("the cluster's slot map is not known yet");
        const reply: RespReply = await client.call(args);
        if (!(reply instanceof RespError) || !isClusterRedirect(reply.message) || attempt >= MAX_REDIRECTS)
          return reply;
        // MOVED: the map names the new master once asked again. ASK, TRYAGAIN, CLUSTERDOWN: the
        // slot is moving or its master failing over; it settles within moments.
        await topology.refresh();
        if (parseRedirect(reply.message)?.kind !== 'MOVED') await wait(100 * (attempt + 1));
        // The new master's connection opens now: the command waits for it rather than fail.
        for (const deadline = Date.now() + REDIRECT_CONNECT_MS; sync()?.ready !== true && Date.now() < deadline;)
          await wait(20);
      }
    },
    get ready() {
      return sync()?.ready ?? false;
    },
    get error() {
      return current?.client.error ?? topology.error;
    },
    async close() {
      closed = true;
      topology.close();
      await current?.client.close();
    },
  };
}
