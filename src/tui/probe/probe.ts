import { performance } from 'node:perf_hooks';
import { MetricsRecorder, type MetricsTotals } from './metrics.js';

/**
 * What the benchmarks measure inside the UI thread, behind one hook so the app carries no
 * timing code of its own. The default probe does nothing and costs nothing.
 */
export interface AppProbe {
  /** Wraps the terminal's write, so the time spent handing frames over is kept apart from drawing. */
  wrapWrite(write: (bytes: string | Buffer) => void): (bytes: string | Buffer) => void;
  /** A key arrived. */
  key(): void;
  frameStart(): void;
  /** The frame was drawn; `newestAgeMs` tells how old the newest row on screen is, when following. */
  frameEnd(newestAgeMs: () => number | undefined): void;
  /** Once a second, and at the end. */
  flush(totals: MetricsTotals): void;
}

export const NO_PROBE: AppProbe = {
  wrapWrite: (write) => write,
  key: () => undefined,
  frameStart: () => undefined,
  frameEnd: () => undefined,
  flush: () => undefined,
};

/** The probe of `npm run bench`: one JSON line a second in `file` (LOGSTREAM_METRICS_FILE). */
export function metricsProbe(file: string): AppProbe {
  const metrics = new MetricsRecorder(file);
  let handoffMs = 0;
  let start = 0;
  return {
    wrapWrite: (write) => (bytes) => {
      const at = performance.now();
      write(bytes);
      handoffMs += performance.now() - at;
    },
    key: () => metrics.key(performance.now()),
    frameStart: () => {
      handoffMs = 0;
      metrics.frameStart();
      start = performance.now();
    },
    frameEnd: (newestAgeMs) => {
      const end = performance.now();
      metrics.frame(end - start - handoffMs, handoffMs, end, newestAgeMs());
      handoffMs = 0;
    },
    flush: (totals) => metrics.flush(totals),
  };
}
