import { LEVELS } from '../../protocol/level.js';

/** Bar spans the histogram zooms through, shortest first; beyond the last, whole days. */
export const NICE_SPANS_MS: readonly number[] = [
  1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000,
];
const DAY_MS = 86_400_000;

/** Log counts by the logs' own time, one bar per `spanMs` from `start`, each split by level. */
export interface TimeHistogram {
  /** Start of the first bar (a multiple of `spanMs` since the epoch). */
  start: number;
  spanMs: number;
  /** Per bar, the count of each level in LEVELS order. */
  bars: number[][];
  /** Logs counted (those with a readable time). */
  total: number;
  /** Of those, the logs that had no time of their own: counted at the time they arrived. */
  byArrival: number;
}

/** What the histogram reads of the shown logs (LogBuffer.scanTimes): oldest first, marker rows skipped. */
export interface TimedLogs {
  scanTimes(visit: (seq: number, time: number, level: number, fromEvent: boolean) => boolean | void): void;
}

/** The shortest nice span that shows `from`..`to` in at most `bars` bars. */
export function pickSpan(from: number, to: number, bars: number): number {
  const n = Math.max(1, Math.floor(bars));
  for (const span of NICE_SPANS_MS) if (barsFor(from, to, span) <= n) return span;
  let days = Math.max(1, Math.ceil((to - from) / DAY_MS / n));
  while (barsFor(from, to, days * DAY_MS) > n) days++;
  return days * DAY_MS;
}

function barsFor(from: number, to: number, span: number): number {
  return Math.floor(to / span) - Math.floor(from / span) + 1;
}

/**
 * Counts the shown logs into at most `bars` bars of a nice span fitting their time range.
 * Undefined when no shown log has a time. Two passes over the logs: range, then counts.
 */
export function buildHistogram(logs: TimedLogs, bars: number): TimeHistogram | undefined {
  let min = Infinity;
  let max = -Infinity;
  logs.scanTimes((_seq, t) => {
    // NaN fails both comparisons; the infinities cannot be times (the decoder never gives them).
    if (t < min && t > -Infinity) min = t;
    if (t > max && t < Infinity) max = t;
  });
  if (min > max) return undefined;
  const spanMs = pickSpan(min, max, bars);
  const start = Math.floor(min / spanMs) * spanMs;
  const count = Math.floor(max / spanMs) - Math.floor(min / spanMs) + 1;
  const out: number[][] = Array.from({ length: count }, () => new Array<number>(LEVELS.length).fill(0));
  let total = 0;
  let byArrival = 0;
  logs.scanTimes((_seq, t, level, fromEvent) => {
    const bar = out[Math.floor((t - start) / spanMs)];
    if (bar === undefined) return;
    bar[level] = (bar[level] ?? 0) + 1;
    total++;
    if (!fromEvent) byArrival++;
  });
  return { start, spanMs, bars: out, total, byArrival };
}

/**
 * The oldest shown log with a time in `from`..`to` (exclusive; open when undefined), or when
 * none is, the oldest one after `from`; failing that, the newest one before it. Undefined
 * when no log has a time.
 */
export function seekTime(logs: TimedLogs, from: number, to: number | undefined): number | undefined {
  let found: number | undefined;
  let after: { seq: number; time: number } | undefined;
  let before: { seq: number; time: number } | undefined;
  logs.scanTimes((seq, t) => {
    if (!Number.isFinite(t)) return true;
    if (t >= from) {
      if (to === undefined || t < to) {
        found = seq;
        return false;
      }
      // The log nearest after the range stands in when the range holds none.
      if (after === undefined || t < after.time) after = { seq, time: t };
    } else if (before === undefined || t >= before.time) before = { seq, time: t };
    return true;
  });
  return found ?? (after ?? before)?.seq;
}
