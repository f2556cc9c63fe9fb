import type { RedisValue } from '../resp/resp-command-client.js';
import { SLOT_COUNT } from './key-slot.js';

/** A node of the cluster, as clients reach it. */
export interface NodeAddress {
  host: string;
  port: number;
  /**
   * The name the node announces besides its IP (`cluster-announce-hostname`): the name its TLS
   * certificate gives, checked in place of the IP.
   */
  hostname?: string;
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

/** The `hostname` of a node's metadata (Redis 7: `[key, value, ...]` after its id), unless it is the host itself. */
function announcedName(metadata: RedisValue | undefined, host: string): string | undefined {
  if (!Array.isArray(metadata)) return undefined;
  for (let i = 0; i + 1 < metadata.length; i += 2) {
    const value = metadata[i + 1];
    if (metadata[i] === 'hostname' && typeof value === 'string' && value !== '' && value !== host) return value;
  }
  return undefined;
}

function address(value: RedisValue | undefined, asked: NodeAddress): NodeAddress | undefined {
  if (!Array.isArray(value)) return undefined;
  const [host, port, , metadata] = value;
  if (typeof port !== 'number') return undefined;
  // An empty or `?` host means "the address you reached me at" (cluster-preferred-endpoint-type).
  const text = typeof host === 'string' && host !== '' && host !== '?' ? host : asked.host;
  const hostname = text === asked.host ? asked.hostname : announcedName(metadata, text);
  return hostname === undefined ? { host: text, port } : { host: text, port, hostname };
}

/**
 * Parses a CLUSTER SLOTS reply (`[[start, end, [host, port, id, metadata?], ...replicas], ...]`) asked of
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
