import { LEVELS, type Level } from '../../protocol/level.js';
import type { TimeHistogram } from '../../services/collector/time-histogram.js';
import { selectedBar } from '../state/histogram.js';
import type { HistogramPane } from '../state/model.js';
import { formatClock, formatCount, formatDate } from './format.js';
import type { Rect } from './layout.js';
import type { Screen } from './screen.js';
import { formatSpan } from './sparkline.js';
import type { Style } from './style.js';
import type { Theme } from './theme.js';

/** Stacked from the bottom: errors first, so they are never hidden under the rest. Each with its own shade, for monochrome terminals. */
const GROUPS: readonly { label: string; levels: readonly Level[]; char: string; style: Level }[] = [
  { label: 'error', levels: ['error', 'fatal'], char: '█', style: 'error' },
  { label: 'warn', levels: ['warn'], char: '▓', style: 'warn' },
  { label: 'info', levels: ['info'], char: '▒', style: 'info' },
  { label: 'debug', levels: ['debug', 'trace'], char: '░', style: 'debug' },
];
/** Rows under the bars: the selection marker, the time axis, the selected bar's counts, the legend. */
const FOOTER_ROWS = 4;

/** Bars the pane has room for on a terminal `cols` wide: one a column inside its border. */
export function histogramBars(cols: number): number {
  return Math.max(1, cols - 2);
}

/** The histogram pane (H): log counts over the logs' own time, a bar per span, stacked by level. Total. */
export function drawHistogram(screen: Screen, r: Rect, pane: HistogramPane, utc: boolean, theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  const data = pane.data;
  const span = data === undefined ? '' : ` · ${formatSpan(data.spanMs)} a bar`;
  const title = ` Histogram${span}${utc ? ' · UTC' : ''} · h/l select · Enter show logs · Esc close `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.activeBorder, titleStyle: theme.title });
  const x0 = r.x + 1;
  const inner = r.w - 2;
  const top = r.y + 1;
  const rows = r.h - 2;
  if (inner <= 0 || rows <= 0) return;
  if (data === undefined || data.bars.length === 0) {
    screen.text(x0, top, 'no shown log to count yet', theme.dim, inner);
    return;
  }
  const totals = data.bars.map(sum);
  const peak = Math.max(0, ...totals);
  const first = data.start;
  const end = data.start + data.bars.length * data.spanMs;
  const days = formatDate(first, utc) !== formatDate(end - 1, utc);
  screen.text(
    x0,
    top,
    `${logs(data.total)}${arrival(data)} · ${stamp(first, data.spanMs, utc, true)} to ${stamp(end, data.spanMs, utc, days)} · peak ${formatCount(peak)} a bar`,
    theme.dim,
    inner,
  );
  const chartRows = rows - 1 - FOOTER_ROWS;
  const selected = selectedBar(pane);
  // Fewer bars than columns: each bar as wide as the pane allows.
  const barWidth = Math.max(1, Math.floor(inner / Math.max(1, data.bars.length)));
  const shown = Math.min(data.bars.length, Math.floor(inner / barWidth));
  const cols = { x0, barWidth, shown };
  if (chartRows > 0) drawBars(screen, cols, top + 1, chartRows, data, peak, selected, theme);
  let y = top + 1 + Math.max(0, chartRows);
  const bottom = r.y + r.h - 1;
  if (selected !== undefined && selected < shown && y < bottom)
    screen.text(x0 + selected * barWidth + Math.floor((barWidth - 1) / 2), y, '▲', theme.title, 1);
  y++;
  if (y < bottom) drawAxis(screen, cols, y, inner, data, utc, days, theme);
  y++;
  if (y < bottom && selected !== undefined) drawSelected(screen, x0, y, inner, data, selected, utc, days, theme);
  y++;
  if (y < bottom) drawLegend(screen, x0, y, inner, theme);
}

/** Where the bars go: the first column, each bar's width, and how many fit. */
interface BarColumns {
  x0: number;
  barWidth: number;
  shown: number;
}

function drawBars(
  screen: Screen,
  { x0, barWidth, shown }: BarColumns,
  y0: number,
  height: number,
  data: TimeHistogram,
  peak: number,
  selected: number | undefined,
  theme: Theme,
): void {
  // Wide bars keep a column of space between them.
  const fill = barWidth >= 3 ? barWidth - 1 : barWidth;
  for (let i = 0; i < shown; i++) {
    const counts = data.bars[i] ?? [];
    const total = sum(counts);
    if (!(total > 0) || !(peak > 0)) continue;
    // Whole cells: a bar with any log gets at least one; each group's top is its running share, rounded.
    const cells = Math.max(1, Math.min(height, Math.round((total / peak) * height)));
    let below = 0;
    let done = 0;
    for (const g of GROUPS) {
      below += g.levels.reduce((n, l) => n + finite(counts[LEVELS.indexOf(l)]), 0);
      const upTo = Math.round((below / total) * cells);
      for (let c = done; c < upTo; c++) {
        // Not reverse video: a reversed full block would look empty.
        const style: Style = i === selected ? theme.activeBorder : theme.level[g.style];
        screen.text(x0 + i * barWidth, y0 + height - 1 - c, g.char.repeat(fill), style, fill);
      }
      done = Math.max(done, upTo);
    }
  }
}

/** Time labels under the bars, at bar starts, as far apart as they need. */
function drawAxis(
  screen: Screen,
  { x0, barWidth, shown }: BarColumns,
  y: number,
  width: number,
  data: TimeHistogram,
  utc: boolean,
  days: boolean,
  theme: Theme,
): void {
  const sample = label(data.start, data.spanMs, utc, days);
  // Every how many bars a label fits, with room to spare.
  const every = Math.max(1, Math.ceil((sample.length + 3) / barWidth));
  for (let i = 0; i < shown; i += every) {
    const dx = i * barWidth;
    if (dx >= width) break;
    const at = data.start + i * data.spanMs;
    screen.text(x0 + dx, y, `╵${label(at, data.spanMs, utc, days)}`, theme.dim, width - dx);
  }
}

function drawSelected(
  screen: Screen,
  x0: number,
  y: number,
  width: number,
  data: TimeHistogram,
  index: number,
  utc: boolean,
  days: boolean,
  theme: Theme,
): void {
  const counts = data.bars[index] ?? [];
  const from = data.start + index * data.spanMs;
  let x = screen.text(
    x0,
    y,
    `${stamp(from, data.spanMs, utc, days)} – ${stamp(from + data.spanMs, data.spanMs, utc, false)}: ${logs(sum(counts))}`,
    theme.title,
    width,
  );
  for (const g of GROUPS) {
    const n = g.levels.reduce((acc, l) => acc + finite(counts[LEVELS.indexOf(l)]), 0);
    if (n > 0) x = screen.text(x, y, ` · ${formatCount(n)} ${g.label}`, theme.level[g.style], x0 + width - x);
  }
}

function drawLegend(screen: Screen, x0: number, y: number, width: number, theme: Theme): void {
  let x = x0;
  for (const g of GROUPS) x = screen.text(x, y, `${g.char} ${g.label}  `, theme.level[g.style], x0 + width - x);
}

/** A bar's time as its span needs it: seconds for short spans, no clock for whole days. */
function label(ms: number, spanMs: number, utc: boolean, days: boolean): string {
  if (spanMs >= 86_400_000) return formatDate(ms, utc);
  const clock = formatClock(ms, utc).slice(0, spanMs < 60_000 ? 8 : 5);
  return days ? `${formatDate(ms, utc).slice(5)} ${clock}` : clock;
}

/** A time with its date when `withDate`, to the precision of the span. */
function stamp(ms: number, spanMs: number, utc: boolean, withDate: boolean): string {
  if (spanMs >= 86_400_000) return formatDate(ms, utc);
  const clock = formatClock(ms, utc).slice(0, spanMs < 60_000 ? 8 : 5);
  return withDate ? `${formatDate(ms, utc)} ${clock}` : clock;
}

/** How many logs are placed by the time they arrived, when some are: live logs without a timestamp. */
function arrival(data: TimeHistogram): string {
  const n = Number.isFinite(data.byArrival) ? data.byArrival : 0;
  return n > 0 ? ` (${formatCount(n)} by arrival time)` : '';
}

function logs(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'log' : 'logs'}`;
}

function sum(counts: readonly number[]): number {
  return counts.reduce((n, c) => n + finite(c), 0);
}

function finite(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}
