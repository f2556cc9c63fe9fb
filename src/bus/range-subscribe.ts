import type { Bus, RangeSink, Subscription } from './bus.js';

/**
 * Subscribes `sink` to `channel` on any bus: with the bus's own `subscribeRanges` where it has
 * one (Redis Pub/Sub hands over ranges of the socket chunk), otherwise through `subscribe`,
 * each payload a range of its own bytes and `chunkEnd` once per run of deliveries.
 */
export function subscribeRanges(bus: Bus, channel: string, sink: RangeSink): Promise<Subscription> {
  if (bus.subscribeRanges !== undefined) return bus.subscribeRanges(channel, sink);
  let ending = false;
  const end = (): void => {
    ending = false;
    sink.chunkEnd();
  };
  return bus.subscribe(channel, (payload) => {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    sink.message(bytes, 0, bytes.length);
    if (!ending) {
      ending = true;
      queueMicrotask(end);
    }
  });
}
