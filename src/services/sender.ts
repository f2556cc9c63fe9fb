import { randomInt } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Bus } from '../bus/bus.js';
import { STAMP_KEY } from '../protocol/log-decode.js';
import { createLogGenerator } from '../sources/generator.js';

/** What to send, how fast, and the clock, encoder and sleep to do it with. */
export interface SenderOptions {
  /** Channel to publish on (`logs.ingest`). */
  channel: string;
  /** Logs per second, from well below 1 up to hundreds of thousands. */
  rate: number;
  /** Stop after exactly this many logs; without it the sender runs until `stop()`. */
  count?: number;
  /** Generator seed: same seed, same logs (timestamps aside). */
  seed?: number | string;
  /** Service names, busiest first; replaces the generator's defaults. */
  services?: readonly string[];
  /** Let one service fail now and then (default true). */
  errorBursts?: boolean;
  /** One of several senders simulating the same system: see `LogGeneratorOptions.stream`. */
  stream?: number;
  /** With `stream`: when the bursts are scheduled from, the same for every stream (epoch ms). */
  burstOriginMs?: number;
  /** Clock for timestamps and pacing (default `Date.now`). */
  now?: () => number;
  /** Producer id stamped on every log (default `send-` and 8 random base-36 characters). */
  producerId?: string;
  /** How often the pacing loop wakes at high rates (default 10 ms). */
  tickMs?: number;
  /** Most lateness the sender makes up after a stall or backpressure, in ms (default 1000). */
  maxCatchUpMs?: number;
  /** Waits `ms`; inject it together with `now` to pace on simulated time. */
  sleep?: (ms: number) => Promise<void>;
}

/** What a sender did, once it is done. */
export interface SenderResult {
  /**
   * Logs handed to `bus.publish` (what the bus did with them is in its own counters). Also the
   * last sequence number stamped: logs are numbered 1, 2, 3, ...
   */
  sent: number;
  /** Logs that fell due but were skipped because the sender was more than `maxCatchUpMs` behind; never numbered. */
  dropped: number;
}

/** A running sender. */
export interface Sender {
  /** The producer id in the stamps. */
  readonly producerId: string;
  /** What it has done so far. */
  progress(): SenderResult;
  /**
   * Stops sending, flushes the bus (as long as it is connected: what Redis cannot take now is
   * left to the bus's close) and resolves once `done` has.
   */
  stop(): Promise<void>;
  /** Resolves after the last log is flushed: after `count` logs, `stop()`, or the bus closing. */
  done: Promise<SenderResult>;
}

/** Resolves once `bus` is not connected (at once if it is not now); `cancel` drops the listener. */
function whenDisconnected(bus: Bus): { promise: Promise<void>; cancel: () => void } {
  if (bus.status().state !== 'ready') return { promise: Promise.resolve(), cancel: () => undefined };
  let off: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    off = bus.onStatus((status) => {
      if (status.state !== 'ready') resolve();
    });
  });
  return { promise, cancel: () => off() };
}

/** A producer id: `prefix` and 8 random base-36 characters, new for every process start. */
export function newProducerId(prefix = 'send-'): string {
  let id = prefix;
  for (let i = 0; i < 8; i++) id += randomInt(36).toString(36);
  return id;
}

const DEFAULT_TICK_MS = 10;
const DEFAULT_MAX_CATCH_UP_MS = 1_000;
/** Most logs published in one go before the loop lets I/O and timers run. */
const MAX_BATCH = 4_096;
/**
 * Most time, on the injected clock, one go may take. Catching up without yielding stalls the
 * event loop (writes, replies and timers all waiting) and delays every subscriber; a yield costs
 * next to nothing (the collector scenario of `npm run bench`, newest-line age).
 */
const MAX_BATCH_MS = 2;

/**
 * Publishes generated logs at `rate` per second. Each wake-up publishes every log that has
 * fallen due since the start, so rounding and timer jitter never accumulate; lateness beyond
 * `maxCatchUpMs` is dropped (and counted) rather than sent as one huge burst. When `publish`
 * returns false the sender waits for `drain()`, and that time is not made up beyond the bound.
 * After each go (at most `MAX_BATCH` logs or `MAX_BATCH_MS`) it yields to the event loop, also
 * when behind, so that what it published is written while it catches up.
 * Every log carries the producer stamp `"_ls":{"p":<producerId>,"s":<sequence>}` (see
 * docs/wire-formats.md), so consumers can count exactly what they missed.
 */
export function startSender(bus: Bus, opts: SenderOptions): Sender {
  const { channel, rate } = opts;
  const limit = opts.count ?? Infinity;
  if (!(Number.isFinite(rate) && rate > 0)) throw new RangeError(`rate must be a positive number, got ${rate}`);
  if (limit !== Infinity && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw new RangeError(`count must be a non-negative integer, got ${limit}`);
  }
  const now = opts.now ?? Date.now;
  const producerId = opts.producerId ?? newProducerId();
  const stampHead = `,"${STAMP_KEY}":{"p":${JSON.stringify(producerId)},"s":`;
  const tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
  const intervalMs = 1_000 / rate;
  const maxBacklog = Math.max(1, Math.ceil((rate * (opts.maxCatchUpMs ?? DEFAULT_MAX_CATCH_UP_MS)) / 1_000));
  const generator = createLogGenerator({
    seed: opts.seed,
    services: opts.services,
    errorBursts: opts.errorBursts,
    stream: opts.stream,
    burstOriginMs: opts.burstOriginMs,
  });

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let interrupt: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
  const untilStopped = (wait: Promise<void>): Promise<void> => Promise.race([wait, stopped]);

  let sent = 0;
  let dropped = 0;

  const run = async (): Promise<SenderResult> => {
    const origin = now();
    while (!stopping && sent < limit && bus.status().state !== 'closed') {
      const t = now();
      // The epsilon keeps a wake-up exactly on a due time from rounding down to the one before.
      let backlog = Math.floor(((t - origin) * rate) / 1_000 + 1e-9) + 1 - sent - dropped;
      if (backlog > maxBacklog) {
        dropped += backlog - maxBacklog;
        backlog = maxBacklog;
      }
      backlog = Math.min(backlog, limit - sent);
      if (backlog <= 0) {
        // Low rates sleep until the next log is due; high rates wake every tick.
        const untilNext = origin + (sent + dropped) * intervalMs - t;
        await untilStopped(sleep(untilNext > tickMs ? Math.ceil(untilNext) : tickMs));
        continue;
      }
      const batch = Math.min(backlog, MAX_BATCH);
      let blocked = false;
      for (let i = 0; i < batch; i++) {
        const at = now();
        // The sequence number is taken only when the log is handed over: skipped logs leave no gap.
        if (!bus.publish(channel, generator.nextJson(at, `${stampHead}${++sent}}`))) {
          blocked = true;
          break;
        }
        // What is left stays due and goes after the yield.
        if (at - t >= MAX_BATCH_MS) break;
      }
      if (blocked) await untilStopped(bus.drain());
      // Also after a drain: a bus that keeps refusing must not starve timers and I/O.
      await yieldToEventLoop();
    }
    // Flushing waits until Redis has taken what is queued, which while it is unreachable may be
    // never: a stop (before or during the wait) flushes only while the bus is connected, and
    // leaves the rest to the bus's close, which counts it as dropped.
    const flushed = bus.flush();
    if (!stopping) await Promise.race([flushed, stopped]);
    const down = whenDisconnected(bus);
    await Promise.race([flushed, down.promise]);
    down.cancel();
    return { sent, dropped };
  };

  const done = run();
  return {
    producerId,
    progress: () => ({ sent, dropped }),
    stop() {
      stopping = true;
      clearTimeout(timer);
      interrupt();
      return done.then(() => undefined);
    },
    done,
  };
}
