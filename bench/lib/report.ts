/** One row of a scenario's table. */
export interface Row {
  metric: string;
  measured: string;
  /** What it should be, e.g. '≥ 300,000/s'; empty when there is no target. */
  target?: string;
  /** Whether the target was met; undefined when there is none or it was not measured. */
  ok?: boolean | undefined;
  /** The baseline or a note printed next to it. */
  baseline?: string;
}

/** ✓, ✗ or blank. */
function mark(ok: boolean | undefined): string {
  return ok === undefined ? ' ' : ok ? '✓' : '✗';
}

/** A scenario's table: metric, measured, target, ✓/✗, baseline, aligned in columns. */
export function formatTable(title: string, rows: readonly Row[]): string {
  const head = { metric: 'metric', measured: 'measured', target: 'target', baseline: 'baseline / note' };
  const w = {
    metric: Math.max(head.metric.length, ...rows.map((r) => r.metric.length)),
    measured: Math.max(head.measured.length, ...rows.map((r) => r.measured.length)),
    target: Math.max(head.target.length, ...rows.map((r) => (r.target ?? '').length)),
  };
  const line = (metric: string, measured: string, target: string, ok: string, baseline: string): string =>
    `  ${metric.padEnd(w.metric)}  ${measured.padStart(w.measured)}  ${target.padEnd(w.target)} ${ok}  ${baseline}`.trimEnd();
  return [
    `\n== ${title}`,
    line(head.metric, head.measured, head.target, ' ', head.baseline),
    ...rows.map((r) => line(r.metric, r.measured, r.target ?? '', mark(r.ok), r.baseline ?? '')),
  ].join('\n');
}

/** Prints a scenario's table to stdout. */
export function printTable(title: string, rows: readonly Row[]): void {
  console.log(formatTable(title, rows));
}
