import { runRenderBench, type RenderBenchRow } from '../../render.bench.js';
import type { Row } from '../report.js';
import { fixed } from '../stats.js';

/** The render micro-benchmark (screen buffer + diff renderer at 200×50), in this process. */
export function runRender(quick: boolean): { rows: Row[]; data: RenderBenchRow[] } {
  const data = runRenderBench(quick ? 300 : 2000);
  const rows = data.map((r) => ({
    metric: r.scenario,
    measured: `${fixed(r.meanMs, 3)} / ${fixed(r.p99Ms, 3)} ms`,
    target: '≤ 2 ms',
    ok: r.p99Ms <= 2,
    baseline: `mean / p99; ${r.bytesPerFrame} B/frame`,
  }));
  return { rows, data };
}
