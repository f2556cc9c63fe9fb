import type { Bus, BusReconnect, MessageHandler, Subscription } from './bus.js';
import { Fifo } from './fifo.js';
import type { Payload } from '../protocol/payload.js';

// Held payloads handed over per macrotask, so that taking over a big past leaves the thread
// free to answer between slices.
const SLICE = 4096;

/**
 * Subscribes `channel` on `bus` at once and holds what arrives (and any reconnect) until the
 * returned bus's first `subscribe` of that channel takes it over (at once, while the subscription
 * may still be loading a past; it resolves when the bus's would): the collector's worker
 * subscribes before its engine's modules have loaded, so that a stream's past (backfill) is
 * fetched meanwhile. Held payloads are then handed over a slice per macrotask, in order, before
 * new ones. At most `limit` are held (the engine's buffer keeps no more); beyond it the oldest
 * are let go. Everything else is the bus's own.
 */
export function holdChannel(bus: Bus, channel: string, limit: number): Bus {
  const held = new Fifo<Payload>();
  const reconnects: BusReconnect[] = [];
  let handler: MessageHandler | undefined;
  let draining = false;
  const drain = (): void => {
    const h = handler;
    if (h === undefined) return;
    for (let n = 0; n < SLICE; n++) {
      const payload = held.shift();
      if (payload === undefined) {
        draining = false;
        return;
      }
      h(payload, channel);
    }
    setImmediate(drain);
  };
  const early: Promise<Subscription> = bus.subscribe(channel, (payload) => {
    if (handler !== undefined && !draining) return handler(payload, channel);
    held.push(payload);
    if (held.length > limit) held.shift();
  });
  // Whoever takes the channel over gets the rejection; until then it is not unhandled.
  early.catch(() => undefined);
  const offReconnect = bus.onReconnect?.((info) => reconnects.push(info));
  let taken = false;

  return {
    publish: (name, payload) => bus.publish(name, payload),
    drain: () => bus.drain(),
    flush: () => bus.flush(),
    status: () => bus.status(),
    onStatus: (listener) => bus.onStatus(listener),
    counters: () => bus.counters(),
    close: () => bus.close(),
    async subscribe(name, h) {
      if (name !== channel || taken) return bus.subscribe(name, h);
      taken = true;
      // Taken over at once, not once the subscription is active: a past still loading then goes
      // straight to `h` as it is delivered.
      handler = h;
      draining = held.length > 0;
      if (draining) drain();
      return early;
    },
    ...(bus.onReconnect !== undefined
      ? {
          onReconnect(listener: (info: BusReconnect) => void) {
            offReconnect?.();
            for (const info of reconnects.splice(0)) listener(info);
            return (bus.onReconnect as NonNullable<Bus['onReconnect']>)(listener);
          },
        }
      : {}),
  };
}
