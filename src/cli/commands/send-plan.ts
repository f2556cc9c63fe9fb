import type { RedisConnectOptions } from '../bus-factory.js';

/** How often a running sender says how it is doing on stderr. */
export const REPORT_EVERY_MS = 10_000;

/** Most threads `send --threads` starts: far beyond what one Redis takes from one host. */
export const MAX_SEND_THREADS = 64;

/** What one sender thread is to do; handed to it as its workerData. */
export interface SenderJob {
  redis: RedisConnectOptions;
  channel: string;
  /** This thread's share of the rate, logs per second. */
  rate: number;
  /** This thread's share of --count; without it the thread runs until told to stop. */
  count?: number;
  seed?: string;
  services?: string[];
  producerId: string;
  /** The thread's index: its own stream of logs in the one simulated system. */
  stream: number;
  /** When the error bursts are scheduled from, the same for every thread (epoch ms). */
  burstOriginMs: number;
}

/** What a sender has done so far, in the terms of the command's report lines. */
export interface SendCounts {
  /** Logs handed to the bus: also the last sequence number stamped. */
  sent: number;
  /** Logs skipped because the sender was too far behind schedule (never numbered). */
  skipped: number;
  /** Logs the bus dropped while Redis was unreachable. */
  lost: number;
}

/** Main thread to sender thread: `start` once every thread is ready, `stop` at any time. */
export type ToSenderThread = { type: 'start' } | { type: 'stop' };

/** Sender thread to main thread. */
export type FromSenderThread =
  /** Loaded, its bus created: waiting for `start`, so that all threads begin together. */
  | { type: 'ready' }
  | { type: 'progress'; counts: SendCounts }
  /** A connection change, one line. */
  | { type: 'say'; message: string }
  /** Flushed and closed: the thread's final counts. */
  | { type: 'done'; counts: SendCounts };

/** One thread's share of the work. */
export interface ThreadShare {
  rate: number;
  count?: number;
}

/**
 * Splits the rate and the count over `threads`: the count exactly (each thread gets the floor,
 * the first ones one more for the remainder), the rate evenly over the threads that run.
 * Threads that would send nothing (a count below `threads`) are left out.
 */
export function planThreads(threads: number, rate: number, count?: number): ThreadShare[] {
  if (!(Number.isSafeInteger(threads) && threads >= 1))
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (count === undefined) return Array.from({ length: threads }, () => ({ rate: rate / threads }));
  const base = Math.floor(count / threads);
  const counts = Array.from({ length: threads }, (_, i) => base + (i < count % threads ? 1 : 0)).filter((n) => n > 0);
  return counts.map((n) => ({ rate: rate / counts.length, count: n }));
}

/** `stamping logs as producers a, b, sequence numbers from 1`. */
export function producersLine(ids: readonly string[]): string {
  return `stamping logs as producer${ids.length === 1 ? '' : 's'} ${ids.join(', ')}, sequence numbers from 1`;
}

/** The periodic report: `N logs sent, M skipped behind schedule, K dropped while Redis was unreachable`. */
export function progressLine(c: SendCounts): string {
  return `${c.sent} logs sent, ${c.skipped} skipped behind schedule, ${c.lost} dropped while Redis was unreachable`;
}

/** The closing line: totals and each producer's range of sequence numbers. */
export function summaryLine(results: readonly { producerId: string; counts: SendCounts }[]): string {
  const total = sumCounts(results.map((r) => r.counts));
  const ranges = results.map((r) => `seq 1..${r.counts.sent} of ${r.producerId}`).join(', ');
  return `sent ${total.sent} logs (${ranges}), ${total.skipped} skipped behind schedule, ${total.lost} dropped while Redis was unreachable`;
}

/** The counts of several senders added up. */
export function sumCounts(all: readonly SendCounts[]): SendCounts {
  const total: SendCounts = { sent: 0, skipped: 0, lost: 0 };
  for (const c of all) {
    total.sent += c.sent;
    total.skipped += c.skipped;
    total.lost += c.lost;
  }
  return total;
}
