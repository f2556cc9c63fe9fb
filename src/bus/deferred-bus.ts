import type { Bus, BusCounters, BusReconnect, BusStatus, MessageHandler, RangeSink, Subscription } from './bus.js';
import { subscribeRanges } from './range-subscribe.js';
import type { Payload } from '../protocol/payload.js';
import { describeError } from './errors.js';
import { createStatusCell } from './status-cell.js';

export interface DeferredBusOptions {
  /** The bus to use, once known; a rejection is shown as the status error and nothing is delivered. */
  choice: Promise<Bus>;
  /** Gives up on the choice (the bus is closed before it was made). */
  cancel(): void;
  /** Unsent messages at which `publish` returns false (as the chosen bus's). */
  highWaterMark: number;
  /** Messages held until the choice; beyond it they are dropped and counted. */
  maxQueue: number;
  /** How long `close` waits for a pending choice before it drops what is held. */
  closeTimeoutMs: number;
}

/** Tells a failed attempt at making the choice; the status shows it as a connection error. */
export type DeferredBusReport = (error: string | undefined) => void;

/**
 * A bus that stands in for one that is not chosen yet (which kind depends on what the server
 * says it is): it holds publishes (bounded, like a bus cut off from Redis) and subscriptions,
 * and hands them to the chosen bus in order once it exists; from then on every call goes
 * straight through. `report` shows failed attempts at choosing as `reconnecting`.
 */
export function createDeferredBus(opts: DeferredBusOptions): { bus: Bus; report: DeferredBusReport } {
  const status = createStatusCell('connecting');
  const statusListeners = new Set<(s: BusStatus) => void>();
  const reconnectListeners = new Set<(info: BusReconnect) => void>();
  let held: Array<[string, Payload]> = [];
  const waiting: Array<() => void> = [];
  let chosen: Bus | undefined;
  let failed: string | undefined;
  let droppedHere = 0;
  let closed: Promise<void> | undefined;
  // Set when `close` stopped waiting for the choice: a bus chosen after that is closed at once.
  let abandoned = false;
  const lowWaterMark = Math.floor(opts.highWaterMark / 2);

  const settled = new Promise<void>((resolve) => waiting.push(resolve));
  const wake = (): void => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  status.listen((s) => {
    for (const listener of [...statusListeners]) listener(s);
  });

  opts.choice.then(
    (bus) => {
      if (abandoned) {
        void bus.close();
        return;
      }
      chosen = bus;
      bus.onStatus((s) => status.set(s.state, s.error));
      bus.onReconnect?.((info) => {
        for (const listener of [...reconnectListeners]) listener(info);
      });
      const queue = held;
      held = [];
      for (const [channel, payload] of queue) bus.publish(channel, payload);
      status.set(bus.status().state, bus.status().error);
      wake();
    },
    (err: unknown) => {
      failed = describeError(err);
      droppedHere += held.length;
      held = [];
      status.set('reconnecting', failed);
      wake();
    },
  );

  const bus: Bus = {
    publish(channel, payload) {
      if (chosen !== undefined) return chosen.publish(channel, payload);
      if (closed !== undefined || failed !== undefined || held.length >= opts.maxQueue) {
        droppedHere++;
        return false;
      }
      held.push([channel, payload]);
      return held.length < opts.highWaterMark;
    },
    async drain() {
      if (chosen === undefined && held.length < lowWaterMark) return;
      await settled;
      await chosen?.drain();
    },
    async flush() {
      await settled;
      await chosen?.flush();
    },
    async subscribe(channel: string, handler: MessageHandler): Promise<Subscription> {
      if (closed !== undefined) throw new Error('bus is closed');
      await settled;
      if (chosen === undefined) throw new Error(`cannot subscribe: ${failed ?? 'bus is closed'}`);
      return chosen.subscribe(channel, handler);
    },
    async subscribeRanges(channel: string, sink: RangeSink): Promise<Subscription> {
      if (closed !== undefined) throw new Error('bus is closed');
      await settled;
      if (chosen === undefined) throw new Error(`cannot subscribe: ${failed ?? 'bus is closed'}`);
      return subscribeRanges(chosen, channel, sink);
    },
    status: () => status.get(),
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    counters(): BusCounters {
      const c = chosen?.counters() ?? { published: 0, dropped: 0, received: 0 };
      return { ...c, dropped: c.dropped + droppedHere };
    },
    close() {
      closed ??= (async () => {
        if (chosen === undefined && failed === undefined) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([settled, new Promise<void>((r) => (timer = setTimeout(r, opts.closeTimeoutMs)))]);
          clearTimeout(timer);
        }
        if (chosen === undefined) {
          abandoned = true;
          opts.cancel();
          droppedHere += held.length;
          held = [];
          wake();
          status.set('closed');
          return;
        }
        await chosen.close();
        status.set('closed');
      })();
      return closed;
    },
  };
  return {
    bus,
    report: (error) => {
      if (chosen === undefined && failed === undefined) status.set('reconnecting', error);
    },
  };
}
