import type { MetricsSummary } from './metrics-file.js';
import type { Row } from './report.js';
import { p50p99 } from './stats.js';

/** The frame-time target of the collector and the embedded UI, ms. */
export const FRAME_TARGET_MS = 2;

const within = (ms: number | undefined): boolean | undefined => (ms === undefined || !Number.isFinite(ms) ? undefined : ms <= FRAME_TARGET_MS);

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
    { metric: 'frame on a core (total − run-queue wait) p50 / p99', measured: p50p99(cpu?.ms, 2), ...(cpu === undefined ? {} : { target, ok: within(cpu.ms.p99) }), baseline: cpu === undefined ? 'n/a: no run-queue wait (Linux schedstat) in the metrics' : `${(cpu.waitedShare * 100).toFixed(1)}% of frames waited ≥ 0.1 ms for a core` },
    { metric: 'frame wall: draw + diff p50 / p99', measured: p50p99(m?.frameMs, 2), ...(cpu === undefined ? { target, ok: within(m?.frameMs.p99) } : {}), baseline: 'wall clock, includes waiting for a core' },
    { metric: '  + hand-off to the terminal', measured: p50p99(m?.frameTotalMs, 2), baseline: 'the total the first row subtracts the wait from' },
  ];
}
