import type { MetricsSummary } from './metrics-file.js';
import type { Row } from './report.js';
import { p50p99 } from './stats.js';

/** The frame-time target of the collector and the embedded UI, ms. */
export const FRAME_TARGET_MS = 2;

const within = (ms: number | undefined): boolean | undefined =>
  ms === undefined || !Number.isFinite(ms) ? undefined : ms <= FRAME_TARGET_MS;

/**
 * Frame-time rows. A frame's wall time includes the time the UI thread was ready but waiting for
 * a core (two cores shared by the producer, Redis, the collector's worker and the pty reader);
 * the collector subtracts that run-queue wait (Linux schedstat) to give the frame's own time on
 * a core, which is what the target judges. Where the wait is unknown the wall time is judged.
 */
export function frameRows(m: MetricsSummary | undefined): Row[] {
  const cpu = m?.frameCpu;
  const target = `≤ ${FRAME_TARGET_MS} ms`;
  return [
    {
      metric: 'frame on a core (total − run-queue wait) p50 / p99',
      measured: p50p99(cpu?.ms, 2),
      ...(cpu === undefined ? {} : { target, ok: within(cpu.ms.p99) }),
      baseline:
        cpu === undefined
          ? 'n/a: no run-queue wait (Linux schedstat) in the metrics'
          : `${cpu.ms.count.toLocaleString('en-US')} frames (p99 is ${slowest(p99Rank(cpu.ms.count))}); ${(cpu.waitedShare * 100).toFixed(1)}% waited ≥ 0.1 ms for a core`,
    },
    {
      metric: 'frame wall: draw + diff p50 / p99',
      measured: p50p99(m?.frameMs, 2),
      ...(cpu === undefined ? { target, ok: within(m?.frameMs.p99) } : {}),
      baseline: 'wall clock, includes waiting for a core',
    },
    {
      metric: '  + hand-off to the terminal',
      measured: p50p99(m?.frameTotalMs, 2),
      baseline: 'the total the first row subtracts the wait from',
    },
  ];
}

/** Which frame, counted from the slowest, `quantile` takes as the p99 of `count` frames. */
function p99Rank(count: number): number {
  return count - Math.min(count - 1, Math.max(0, Math.ceil(0.99 * count) - 1));
}

/** `the slowest`, `the 2nd slowest`, ... `the 11th slowest`, `the 21st slowest`, ... */
function slowest(rank: number): string {
  if (rank === 1) return 'the slowest';
  const teen = rank % 100 >= 11 && rank % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][rank % 10] ?? 'th');
  return `the ${rank}${suffix} slowest`;
}
