import { describeError } from '../errors.js';
import { openRedisCommandClient, type RedisCommandClientOptions } from '../resp/resp-command-client.js';
import { nodeAccess, nodeUrl } from './cluster-seeds.js';
import { addressKey, parseClusterSlots, type NodeAddress, type SlotMap } from './slot-map.js';

export interface ClusterTopologyOptions {
  seeds: NodeAddress[];
  /** `rediss://` for every node. */
  tls: boolean;
  access: Omit<RedisCommandClientOptions, 'url'>;
  /** After each map that differs from the one before. */
  onChange(map: SlotMap): void;
  /** Time between refreshes while `watch(true)` (default 500 ms). */
  intervalMs?: number;
}

/** The slot map of a cluster, asked of its nodes again when something suggests it changed. */
export interface ClusterTopology {
  /** The master serving `slot` per the newest map; undefined before the first one or while none does. */
  owner(slot: number): NodeAddress | undefined;
  /** True once a map was read. */
  readonly known: boolean;
  /** Why the last refresh failed, one line; undefined after a success. */
  readonly error: string | undefined;
  /** Asks the nodes for the map; concurrent calls share one round, a call during a round gets the next. */
  refresh(): Promise<void>;
  /** While true, refreshes every `intervalMs` (a node is unreachable: a failover may be under way). */
  watch(on: boolean): void;
  close(): void;
}

/** Same owners for every slot. */
function sameOwners(a: SlotMap | undefined, b: SlotMap): boolean {
  if (a === undefined) return false;
  for (let slot = 0; slot < 16_384; slot++) {
    const x = a.owner(slot);
    const y = b.owner(slot);
    if (x?.host !== y?.host || x?.port !== y?.port) return false;
  }
  return true;
}

/**
 * Reads CLUSTER SLOTS from every node it knows of at once (seeds plus the nodes of the last
 * map) and keeps the first answer: a dead master refuses at once or times out while the others
 * answer. Until the first map arrives, it keeps trying every `intervalMs`.
 */
export function createClusterTopology(opts: ClusterTopologyOptions): ClusterTopology {
  const interval = opts.intervalMs ?? 500;
  let map: SlotMap | undefined;
  let error: string | undefined;
  let round: Promise<void> | undefined;
  let again = false;
  let watching = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const ask = async (node: NodeAddress): Promise<SlotMap> => {
    const client = await openRedisCommandClient({
      ...nodeAccess(opts.access, node),
      url: nodeUrl(opts.tls, node),
      connectTimeoutMs: Math.max(interval, 1_000),
    });
    try {
      const parsed = parseClusterSlots(await client.command('CLUSTER', 'SLOTS'), node);
      if (parsed === undefined) throw new Error(`${addressKey(node)} answered CLUSTER SLOTS with something else`);
      return parsed;
    } finally {
      await client.close();
    }
  };

  const once = async (): Promise<void> => {
    const candidates = new Map<string, NodeAddress>();
    for (const node of [...(map?.nodes ?? []), ...opts.seeds]) candidates.set(addressKey(node), node);
    try {
      const next = await Promise.any([...candidates.values()].map(ask));
      error = undefined;
      if (closed || sameOwners(map, next)) {
        map = next;
        return;
      }
      map = next;
      opts.onChange(next);
    } catch (err) {
      const causes = err instanceof AggregateError ? (err.errors as unknown[]) : [err];
      error = `cannot read the cluster's slot map (${causes.map(describeError).join('; ')})`;
    }
  };

  const refresh = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (round !== undefined) {
      again = true;
      return round;
    }
    round = once().finally(() => {
      round = undefined;
      if (again && !closed) {
        again = false;
        void refresh();
      }
    });
    return round;
  };

  const tick = (): void => {
    timer = undefined;
    if (closed || (!watching && map !== undefined)) return;
    void refresh().finally(() => {
      if (!closed && timer === undefined && (watching || map === undefined)) timer = setTimeout(tick, interval);
    });
  };
  tick();

  return {
    owner: (slot) => map?.owner(slot),
    get known() {
      return map !== undefined;
    },
    get error() {
      return error;
    },
    refresh,
    watch(on) {
      watching = on;
      if (on && timer === undefined) timer = setTimeout(tick, 0);
    },
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
