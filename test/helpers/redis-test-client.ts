import { keySlot } from '../../src/bus/cluster/key-slot.js';
import { createSlotRequestClient } from '../../src/bus/cluster/slot-request-client.js';
import { createRedisRequestClient, type RedisRequestClient } from '../../src/bus/redis-request-client.js';
import type { RespReply } from '../../src/bus/resp/resp-parser.js';
import type { RedisServerHandle } from './redis-server.js';

/** Commands about one node, answered for the whole cluster by `redis-cli` on every node (text). */
const NODE_LOCAL = new Set(['CLIENT', 'INFO', 'CONFIG']);

/** Where the first key of a command is, for the commands the tests send. */
function firstKey(args: ReadonlyArray<string | Buffer>): string | undefined {
  const text = args.map((a) => a.toString());
  const name = (text[0] ?? '').toUpperCase();
  if (name === 'XREAD' || name === 'XREADGROUP') return text[text.findIndex((a) => a.toUpperCase() === 'STREAMS') + 1];
  if (name === 'EVAL' || name === 'EVALSHA') return Number(text[2]) > 0 ? text[3] : undefined;
  if (name === 'XGROUP' || name === 'XINFO') return text[2];
  return text[1];
}

/**
 * A test's own request client on the Redis of `redis`: one connection on a single server; on
 * the cluster of the cluster mode, one connection per slot it meets, to that slot's master, each
 * command sent to the master of its first key, and node-local ones (CLIENT LIST, INFO) to every node.
 */
export function createTestRequestClient(redis: RedisServerHandle): RedisRequestClient {
  if (!('cluster' in redis)) return createRedisRequestClient({ url: redis.url });
  const bySlot = new Map<number, RedisRequestClient>();
  const clientFor = async (key: string): Promise<RedisRequestClient> => {
    const slot = keySlot(key);
    let client = bySlot.get(slot);
    if (client === undefined) {
      client = createSlotRequestClient({ seeds: [redis.url], key });
      bySlot.set(slot, client);
    }
    for (const deadline = Date.now() + 15_000; !client.ready && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 10));
    return client;
  };
  return {
    async call(args): Promise<RespReply> {
      const name = args[0]?.toString().toUpperCase() ?? '';
      if (NODE_LOCAL.has(name)) return Buffer.from(await redis.cli(...args.map((a) => a.toString())));
      const key = firstKey(args);
      if (key === undefined) throw new Error(`test client: no key to route ${name} by`);
      return (await clientFor(key)).call(args);
    },
    ready: true,
    error: undefined,
    async close() {
      await Promise.all([...bySlot.values()].map((c) => c.close()));
    },
  };
}
