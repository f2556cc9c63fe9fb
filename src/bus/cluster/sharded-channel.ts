import { randomInt } from 'node:crypto';
import type { Bus, BusReconnect, Subscription } from '../bus.js';
import { subscribeRanges } from '../range-subscribe.js';

/** One logical channel carried by `count` channels `name{0}` … `name{count-1}`. */
export interface ChannelShards {
  channel: string;
  count: number;
}

/** The names of the shards of `shards.channel`; the `{k}` hash tag puts each in its own slot. */
export function shardNames(shards: ChannelShards): string[] {
  return Array.from({ length: shards.count }, (_, k) => `${shards.channel}{${k}}`);
}

/**
 * Spreads one channel over several (`logs.ingest{0}` … `logs.ingest{N-1}`), so that on a Redis
 * Cluster its traffic lands on several masters. A bus publishes all of its messages of the
 * channel to one shard, picked at random when it is made (or `pick`), so that one producer's
 * logs stay in order and many producers spread over the shards; a subscription to the channel
 * subscribes to every shard and hands the merged messages to the handler under the channel's
 * own name. Other channels pass through unchanged.
 */
export function shardChannel(bus: Bus, shards: ChannelShards, pick: number = randomInt(shards.count)): Bus {
  const names = shardNames(shards);
  const mine = names[pick % names.length] ?? shards.channel;
  const rename = (info: BusReconnect): BusReconnect => {
    const channels = [...new Set(info.channels.map((c) => (names.includes(c) ? shards.channel : c)))];
    return { ...info, channels };
  };
  // One subscription over all the shards: made whole or not at all.
  const everyShard = async (subscribe: (name: string) => Promise<Subscription>): Promise<Subscription> => {
    const subs: Subscription[] = [];
    try {
      for (const name of names) subs.push(await subscribe(name));
    } catch (err) {
      await Promise.all(subs.map((s) => s.unsubscribe()));
      throw err;
    }
    return { unsubscribe: async () => void (await Promise.all(subs.map((s) => s.unsubscribe()))) };
  };
  const sharded: Bus = {
    publish: (channel, payload) => bus.publish(channel === shards.channel ? mine : channel, payload),
    drain: () => bus.drain(),
    flush: () => bus.flush(),
    subscribe(channel, handler) {
      if (channel !== shards.channel) return bus.subscribe(channel, handler);
      return everyShard((name) => bus.subscribe(name, (payload) => handler(payload, channel)));
    },
    subscribeRanges(channel, sink) {
      if (channel !== shards.channel) return subscribeRanges(bus, channel, sink);
      return everyShard((name) => subscribeRanges(bus, name, sink));
    },
    status: () => bus.status(),
    onStatus: (listener) => bus.onStatus(listener),
    counters: () => bus.counters(),
    close: () => bus.close(),
  };
  const onReconnect = bus.onReconnect?.bind(bus);
  if (onReconnect !== undefined) sharded.onReconnect = (listener) => onReconnect((info) => listener(rename(info)));
  return sharded;
}
