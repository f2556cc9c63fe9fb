import type { RedisValue } from '../resp/resp-command-client.js';
import { SLOT_COUNT } from './key-slot.js';

/** A node of the cluster, as clients reach it. */
export interface NodeAddress {
  host: string;
  port: number;
}

/** Which master serves each slot; built from one CLUSTER SLOTS reply. */
export interface SlotMap {
  /** The master serving `slot`, undefined while no master does (a failover in progress). */
  owner(slot: number): NodeAddress | undefined;
  /** Every node the reply named, masters and replicas: seeds for the next refresh. */
  nodes: NodeAddress[];
  /** Slots that no master serves. */
  uncovered: number;
}

/** `host:port`, the key nodes are told apart by. */
export function addressKey(node: NodeAddress): string {
  return `${node.host}:${node.port}`;
}

function address(value: RedisValue | undefined, asked: NodeAddress): NodeAddress | undefined {
  if (!Array.isArray(value)) return undefined;
  const [host, port] = value;
  if (typeof port !== 'number') return undefined;
  // An empty or `?` host means "the address you reached me at" (cluster-preferred-endpoint-type).
  const text = typeof host === 'string' && host !== '' && host !== '?' ? host : asked.host;
  return { host: text, port };
}

/**
 * Parses a CLUSTER SLOTS reply (`[[start, end, [host, port, id], ...replicas], ...]`) asked of
 * `asked`. Returns undefined when the reply has another shape.
 */
export function parseClusterSlots(reply: RedisValue, asked: NodeAddress): SlotMap | undefined {
  if (!Array.isArray(reply)) return undefined;
  const owners = new Array<NodeAddress | undefined>(SLOT_COUNT).fill(undefined);
  const nodes = new Map<string, NodeAddress>();
  for (const range of reply) {
    if (!Array.isArray(range)) return undefined;
    const [start, end, master, ...replicas] = range;
    const owner = address(master, asked);
    if (typeof start !== 'number' || typeof end !== 'number' || owner === undefined) return undefined;
    for (let slot = Math.max(0, start); slot <= Math.min(SLOT_COUNT - 1, end); slot++) owners[slot] = owner;
    for (const node of [owner, ...replicas.map((r) => address(r, asked))])
      if (node !== undefined) nodes.set(addressKey(node), node);
  }
  return {
    owner: (slot) => owners[slot],
    nodes: [...nodes.values()],
    uncovered: owners.filter((o) => o === undefined).length,
  };
}

/** A `-MOVED slot host:port` or `-ASK slot host:port` error reply, decoded. */
export interface Redirect {
  kind: 'MOVED' | 'ASK';
  slot: number;
  to: NodeAddress;
}

/** Decodes a redirect error message; undefined for any other error. */
export function parseRedirect(message: string): Redirect | undefined {
  const match = /^(MOVED|ASK) (\d+) (\S*):(\d+)$/.exec(message.trim());
  if (match === null) return undefined;
  const [, kind, slot, host, port] = match;
  return { kind: kind as Redirect['kind'], slot: Number(slot), to: { host: host ?? '', port: Number(port) } };
}

/** Errors after which the slot map is worth asking for again: a redirect, or a cluster in transition. */
export function isClusterRedirect(message: string): boolean {
  return /^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN) /.test(message);
}
