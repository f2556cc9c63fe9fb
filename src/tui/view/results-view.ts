import { printStage } from '../../query/lang/printer.js';
import type { Cell, Table } from '../../query/pipeline/table.js';
import type { ResultsPane } from '../state/model.js';
import { formatCount } from './format.js';
import type { Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { bar, sparkline } from './sparkline.js';
import { textWidth } from './text-width.js';
import type { Theme } from './theme.js';

/** Widest a column gets; longer values are cut. */
const MAX_COLUMN = 40;
/** Columns of a bar at least, or none is drawn. */
const MIN_BAR = 4;

/**
 * The results pane: the table of the query's pipeline, the selected row highlighted, a bar
 * per row for a count column, and for a time chart a sparkline per group above the table.
 * Total: any table, any size.
 */
export function drawResults(screen: Screen, r: Rect, pane: ResultsPane, theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  const title = ` Results · ${sanitizeForDisplay(printStage(pane.stage))} · j/k select · Enter show logs · Esc close `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.activeBorder, titleStyle: theme.title });
  const x0 = r.x + 1;
  const inner = r.w - 2;
  let y = r.y + 1;
  const end = r.y + r.h - 1;
  if (inner <= 0 || y >= end) return;
  const table = pane.table;
  if (table === undefined) {
    screen.text(x0, y, 'computing…', theme.dim, inner);
    return;
  }
  const notes = footer(pane, table);
  const tableEnd = Math.max(y + Math.min(2, end - y), end - notes.length);
  if (pane.stage.kind === 'timechart')
    y = drawSparklines(screen, x0, y, inner, Math.floor((tableEnd - y) / 3), pane, table, theme);
  drawTable(screen, { x: x0, y, w: inner, h: tableEnd - y }, pane, table, theme);
  notes.forEach((note, i) => {
    if (tableEnd + i < end) screen.text(x0, tableEnd + i, note, theme.dim, inner);
  });
}

/** Lines under the table: rows left out, and the pipeline's notes. */
function footer(pane: ResultsPane, table: Table): string[] {
  const lines = table.notes.map((n) => sanitizeForDisplay(n));
  if (table.rows.length === 0) lines.unshift('no rows yet: no log has matched');
  else lines.unshift(`row ${formatCount(pane.selected + 1)} of ${formatCount(pane.totalRows)}`);
  return lines;
}

function drawTable(screen: Screen, r: Rect, pane: ResultsPane, table: Table, theme: Theme): void {
  if (r.h <= 0 || r.w <= 0) return;
  const { columns, rows } = table;
  const { texts, widths } = laidOut(table);
  const countAt = countColumn(pane, columns);
  const tableWidth = widths.reduce((a, w) => a + w + 2, 0);
  const barWidth = countAt < 0 ? 0 : Math.min(r.w - tableWidth, 40);
  const max = countAt < 0 ? 0 : rows.reduce((m, row) => Math.max(m, numberOf(row[countAt])), 0);
  let hx = r.x;
  columns.forEach((c, i) => {
    const w = widths[i] ?? 0;
    screen.text(hx, r.y, sanitizeForDisplay(c), theme.title, Math.max(0, Math.min(w, r.x + r.w - hx)));
    hx += w + 2;
  });
  const visible = r.h - 1;
  if (visible <= 0) return;
  // The selected row stays in view.
  const first = Math.max(0, Math.min(pane.selected - visible + 1, rows.length - visible));
  for (let k = 0; k < visible && first + k < rows.length; k++) {
    const index = first + k;
    const row = rows[index] ?? [];
    const y = r.y + 1 + k;
    let cx = r.x;
    columns.forEach((_, i) => {
      const text = texts[index]?.[i] ?? '';
      const w = widths[i] ?? 0;
      const room = Math.max(0, Math.min(w, r.x + r.w - cx));
      const pad = typeof row[i] === 'number' ? Math.max(0, w - textWidth(text)) : 0;
      screen.text(cx + Math.min(pad, room), y, text, undefined, Math.max(0, room - pad));
      cx += w + 2;
    });
    if (barWidth >= MIN_BAR)
      screen.text(r.x + tableWidth, y, bar(numberOf(row[countAt]), max, barWidth), theme.bar, barWidth);
    if (index === pane.selected) screen.setStyle(r.x, y, r.w, theme.selected);
  }
}

// A table is drawn every frame while it stays the same for a second: its cells' texts and the
// columns' widths are worked out once per table.
const layouts = new WeakMap<Table, { texts: string[][]; widths: number[] }>();

function laidOut(table: Table): { texts: string[][]; widths: number[] } {
  const known = layouts.get(table);
  if (known !== undefined) return known;
  const { columns, rows } = table;
  const texts = rows.map((row) => columns.map((_, i) => cellText(row[i] ?? null)));
  const widths = columns.map((c, i) =>
    Math.min(
      MAX_COLUMN,
      texts.reduce((w, t) => Math.max(w, textWidth(t[i] ?? '')), textWidth(sanitizeForDisplay(c))),
    ),
  );
  const layout = { texts, widths };
  layouts.set(table, layout);
  return layout;
}

/** One sparkline per group of a time chart (its first aggregation over the buckets); returns the next free row. */
function drawSparklines(
  screen: Screen,
  x: number,
  y: number,
  w: number,
  lines: number,
  pane: ResultsPane,
  table: Table,
  theme: Theme,
): number {
  if (pane.stage.kind !== 'timechart' || lines <= 0) return y;
  const by = pane.stage.by.map((f) => table.columns.indexOf(f));
  const value = table.columns.indexOf(pane.stage.aggs[0]?.name ?? 'count');
  const time = table.columns.indexOf('time');
  // A group missing from a bucket counted nothing there: every series has a value per bucket.
  const buckets = new Map<Cell, number>();
  for (const row of table.rows) if (!buckets.has(row[time] ?? null)) buckets.set(row[time] ?? null, buckets.size);
  const series = new Map<string, number[]>();
  for (const row of table.rows) {
    const key = by.length === 0 ? 'all' : by.map((i) => cellText(row[i] ?? null)).join(' ');
    const list = series.get(key) ?? new Array<number>(buckets.size).fill(0);
    list[buckets.get(row[time] ?? null) ?? 0] = numberOf(row[value]);
    series.set(key, list);
  }
  const labels = [...series.keys()].slice(0, lines);
  const labelWidth = Math.min(20, Math.max(0, ...labels.map((l) => textWidth(l))));
  for (const label of labels) {
    const values = series.get(label) ?? [];
    const at = screen.text(x, y, label, theme.dim, labelWidth);
    const sx = Math.max(at, x + labelWidth + 1);
    screen.text(sx, y, sparkline(values, x + w - sx), theme.bar, x + w - sx);
    y++;
  }
  return y + 1;
}

/** The column bars are drawn for: a count aggregation (or top's count), else none. */
function countColumn(pane: ResultsPane, columns: readonly string[]): number {
  const stage = pane.stage;
  if (stage.kind === 'timechart') return -1;
  const name =
    stage.kind === 'top' || stage.kind === 'patterns' ? 'count' : stage.aggs.find((a) => a.fn === 'count')?.name;
  return name === undefined ? -1 : columns.indexOf(name);
}

/** A cell as shown: numbers with at most 3 decimals, text made safe, empty cells blank. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return cell > 0 ? '∞' : cell < 0 ? '-∞' : '—';
    return Number.isInteger(cell) ? String(cell) : String(Math.round(cell * 1000) / 1000);
  }
  return sanitizeForDisplay(cell);
}

function numberOf(cell: Cell | undefined): number {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : 0;
}
