import { existsSync, readFileSync } from 'node:fs';
import type { MetricsTotals } from '../../src/tui/probe/metrics.js';
import { quantiles, type Quantiles } from './stats.js';

/** One line of the collector's LOGSTREAM_METRICS_FILE (one per second and one on exit). */
export interface MetricsLine extends MetricsTotals {
  t: number;
  frames: number;
  frameMs: Omit<Quantiles, 'count'>;
  newestAgeMs: Quantiles;
  keyToFrameMs: Quantiles;
  rss: number;
  /** The second's raw samples (collectors from before these were written lack them). */
  samples?: {
    frameMs: number[];
    frameTotalMs?: number[];
    /** Per frame: total minus the time the UI thread waited for a core (Linux only). */
    frameCpuMs?: number[];
    /** Per frame: time the UI thread was ready to run but waiting for a core. */
    frameWaitMs?: number[];
    newestAgeMs: number[];
    keyToFrameMs: number[];
  };
}

/** What a run's metrics lines add up to; undefined fields mean the file had none. */
export interface MetricsSummary extends MetricsTotals {
  lines: number;
  frames: number;
  framesPerSecond: number;
  /**
   * Exact quantiles of the samples of every line in the span; from files without samples, the
   * frame-weighted median of the per-second p50s and the highest per-second p99 and max.
   */
  frameMs: Quantiles;
  /** Frame time including handing the output to the terminal; undefined from older collectors. */
  frameTotalMs: Quantiles | undefined;
  /**
   * Frame time on a core: the total less the run-queue wait during the frame; undefined where
   * the collector could not read it. `waitedShare`: frames that waited ≥ 0.1 ms for a core.
   */
  frameCpu: { ms: Quantiles; waitedShare: number } | undefined;
  newestAgeMs: Quantiles;
  keyToFrameMs: Quantiles;
  /** The totals are those of the last line. */
  rssMax: number;
  /** The warm-up lines left out of the quantiles: their worst frame and newest-line age. */
  warmup: { lines: number; frameMaxMs: number; newestAgeMaxMs: number };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isQ = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  isNum((v as Record<string, unknown>).p50) &&
  isNum((v as Record<string, unknown>).p99);

/** Parses the file; lines that are not complete metrics objects (a torn last write) are skipped. Empty when absent. */
export function readMetricsFile(path: string): MetricsLine[] {
  if (!existsSync(path)) return [];
  const out: MetricsLine[] = [];
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      const v = JSON.parse(text) as Record<string, unknown>;
      if (isNum(v.t) && isNum(v.frames) && isNum(v.received) && isQ(v.frameMs)) out.push(v as unknown as MetricsLine);
    } catch {
      // Not JSON: skip it.
    }
  }
  return out;
}

/**
 * Merges per-second quantiles. The exact p99 of the whole run cannot be recovered from per-second
 * summaries: p50 is the count-weighted median of the p50s, p99 the highest p99 of any second
 * (an upper bound), max the highest max.
 */
export function mergeQuantiles(parts: readonly { q: Partial<Quantiles> | undefined; weight: number }[]): Quantiles {
  const usable = parts.filter(
    (p): p is { q: Quantiles; weight: number } => p.q !== undefined && isNum(p.q.p50) && p.weight > 0,
  );
  if (usable.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN, count: 0 };
  const byP50 = [...usable].sort((a, b) => a.q.p50 - b.q.p50);
  const total = usable.reduce((s, p) => s + p.weight, 0);
  let acc = 0;
  let p50 = byP50.at(-1)?.q.p50 ?? Number.NaN;
  for (const p of byP50) {
    acc += p.weight;
    if (acc >= total / 2) {
      p50 = p.q.p50;
      break;
    }
  }
  return {
    p50,
    p99: Math.max(...usable.map((p) => p.q.p99)),
    max: Math.max(...usable.map((p) => (isNum(p.q.max) ? p.q.max : p.q.p99))),
    count: total,
  };
}

/** Quantiles of one measure: exact from the raw samples when every line has them, else merged summaries. */
function exactOrMerged(
  lines: readonly MetricsLine[],
  key: 'frameMs' | 'newestAgeMs' | 'keyToFrameMs',
  part: (l: MetricsLine) => { q: Partial<Quantiles> | undefined; weight: number },
): Quantiles {
  if (!lines.every((l) => Array.isArray(l.samples?.[key]))) return mergeQuantiles(lines.map(part));
  return quantilesOf(lines.flatMap((l) => l.samples?.[key] ?? []));
}

function frameCpuOf(lines: readonly MetricsLine[]): MetricsSummary['frameCpu'] {
  if (
    lines.length === 0 ||
    !lines.every((l) => Array.isArray(l.samples?.frameCpuMs) && Array.isArray(l.samples.frameWaitMs))
  )
    return undefined;
  const waits = lines.flatMap((l) => l.samples?.frameWaitMs ?? []);
  return {
    ms: quantilesOf(lines.flatMap((l) => l.samples?.frameCpuMs ?? [])),
    waitedShare: waits.length === 0 ? 0 : waits.filter((w) => w >= 0.1).length / waits.length,
  };
}

function quantilesOf(all: number[]): Quantiles {
  return all.length === 0 ? { p50: Number.NaN, p99: Number.NaN, max: Number.NaN, count: 0 } : quantiles(all);
}

/**
 * Sums up the lines written between `from` and `to` (epoch ms); undefined when there are none.
 * Lines written in the first `warmupMs` after `from` count in the totals but not in the
 * quantiles: right after the load starts the JIT is still compiling the hot paths (of the
 * producer too), which says nothing about steady state (their worst values are kept in `warmup`).
 */
export function summarizeMetrics(
  all: readonly MetricsLine[],
  from = 0,
  to = Infinity,
  warmupMs = 0,
): MetricsSummary | undefined {
  const span = all.filter((l) => l.t >= from && l.t <= to);
  const last = all.at(-1);
  if (span.length === 0 || last === undefined) return undefined;
  const warm = span.filter((l) => l.t <= from + warmupMs);
  const skipped = warm.length < span.length ? warm : warm.slice(0, -1);
  const lines = span.slice(skipped.length);
  const frames = span.reduce((s, l) => s + l.frames, 0);
  const first = span[0];
  const seconds = first === undefined ? 0 : (span.at(-1)?.t ?? 0) - first.t + 1000;
  return {
    lines: span.length,
    frames,
    framesPerSecond: seconds > 0 ? (frames * 1000) / seconds : Number.NaN,
    frameMs: exactOrMerged(lines, 'frameMs', (l) => ({ q: { ...l.frameMs, count: l.frames }, weight: l.frames })),
    frameTotalMs: lines.every((l) => Array.isArray(l.samples?.frameTotalMs))
      ? quantilesOf(lines.flatMap((l) => l.samples?.frameTotalMs ?? []))
      : undefined,
    frameCpu: frameCpuOf(lines),
    newestAgeMs: exactOrMerged(lines, 'newestAgeMs', (l) => ({ q: l.newestAgeMs, weight: l.newestAgeMs?.count ?? 0 })),
    keyToFrameMs: exactOrMerged(lines, 'keyToFrameMs', (l) => ({
      q: l.keyToFrameMs,
      weight: l.keyToFrameMs?.count ?? 0,
    })),
    received: last.received,
    buffered: last.buffered,
    missed: last.missed,
    dropped: last.dropped,
    rssMax: Math.max(...all.map((l) => l.rss)),
    warmup: {
      lines: skipped.length,
      frameMaxMs: Math.max(0, ...skipped.map((l) => l.frameMs.max)),
      newestAgeMaxMs: Math.max(0, ...skipped.map((l) => (l.newestAgeMs.count > 0 ? l.newestAgeMs.max : 0))),
    },
  };
}
