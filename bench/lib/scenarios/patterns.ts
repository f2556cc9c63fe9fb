import { PATTERNS_TARGET, runPatternsBench, type PatternsBenchRow } from '../../patterns.bench.js';
import type { Row } from '../report.js';
import { int } from '../stats.js';

/** The pattern miner's throughput on one core, in this process. */
export function runPatterns(quick: boolean): { rows: Row[]; data: PatternsBenchRow[] } {
  const data = runPatternsBench(quick ? 50_000 : 200_000);
  const rows = data.map((r) => ({
    metric: `PatternMiner.add, ${r.corpus}`,
    measured: `${int(r.perSecond)} msg/s`,
    target: `≥ ${int(PATTERNS_TARGET)} msg/s`,
    ok: r.perSecond >= PATTERNS_TARGET,
    baseline: `CPU time, one core; ${r.patterns} patterns`,
  }));
  return { rows, data };
}
