import { LEVELS } from '../../protocol/level.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { ChartPoint, Model, WindowLength } from '../state/model.js';
import type { Rect } from './layout.js';
import { formatCount, formatIsoClock, formatMs, formatPercent } from './format.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { bar, chartRows, formatSpan } from './sparkline.js';
import type { Style } from './style.js';
import type { Theme } from './theme.js';

/** One line of a statistics pane: `text` in `style`, or else `segments` side by side, each in its own style. */
export interface PaneLine {
  text: string;
  style?: Style;
  segments?: { text: string; style?: Style }[];
}

/** The statistics pane: the analyzer's latest window, a rate sparkline, levels, services, latency, errors. */
export function drawStats(screen: Screen, r: Rect, model: Model, theme: Theme): void {
  const s = model.stats[model.windowSeconds];
  const len = model.windowSeconds === 60 ? '1 min' : `${model.windowSeconds} s`;
  const title =
    s === undefined
      ? ` Statistics · ${len} (w) `
      : ` Statistics · ${len} (w) · ${sanitizeForDisplay(formatIsoClock(s.window_start, model.utc))} `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.border, titleStyle: theme.title });
  const inner = r.w - 2;
  if (r.h <= 2 || inner <= 0) return;
  const lines =
    s === undefined
      ? [{ text: `waiting for ${len} windows from the analyzer…`, style: theme.dim }]
      : statsLines(
          s,
          model.windowSeconds,
          model.history[model.windowSeconds] ?? [],
          inner,
          model.statsPane === 'large',
          theme,
        );
  drawPaneLines(screen, r, lines);
}

/** Draws `lines` top-down inside the box `r`, cut at its border, until space runs out. */
export function drawPaneLines(screen: Screen, r: Rect, lines: readonly PaneLine[]): void {
  const inner = r.w - 2;
  for (let i = 0; i < Math.min(r.h - 2, lines.length); i++) {
    const line = lines[i]!;
    const y = r.y + 1 + i;
    if (line.segments === undefined) {
      screen.text(r.x + 1, y, line.text, line.style, inner);
      continue;
    }
    let x = r.x + 1;
    for (const seg of line.segments) x = screen.text(x, y, seg.text, seg.style, r.x + 1 + inner - x);
  }
}

// `length` is the window length the stats are filed under: another analyzer's may say 1.001 s.
function statsLines(
  s: WindowStats,
  length: WindowLength,
  history: readonly ChartPoint[],
  width: number,
  tall: boolean,
  theme: Theme,
): PaneLine[] {
  const errorStyle = s.error_count > 0 ? theme.error : theme.ok;
  const lines: PaneLine[] = [
    {
      text: '',
      segments: [
        { text: `logs ${formatCount(s.total_count)}  ` },
        { text: `errors ${formatCount(s.error_count)} (${formatPercent(s.error_rate)})`, style: errorStyle },
      ],
    },
    { text: `top ${s.top_service === null ? '—' : sanitizeForDisplay(s.top_service)}` },
  ];
  lines.push(...chartLines(history, length, width, tall, theme));
  if (s.latency_ms !== null) {
    const l = s.latency_ms;
    lines.push({ text: 'latency', style: theme.dim });
    lines.push({ text: `p50 ${formatMs(l.p50)}  p95 ${formatMs(l.p95)}  p99 ${formatMs(l.p99)}` });
  }
  lines.push({ text: 'levels', style: theme.dim });
  const maxLevel = Math.max(1, ...LEVELS.map((l) => s.levels[l]));
  for (const level of [...LEVELS].reverse()) {
    const n = s.levels[level];
    if (n === 0 && (level === 'trace' || level === 'fatal')) continue;
    const label = `${level.toUpperCase().padEnd(5)} ${formatCount(n).padStart(7)} `;
    lines.push({
      text: '',
      segments: [
        { text: label, style: theme.level[level] },
        { text: bar(n, maxLevel, width - label.length), style: theme.level[level] },
      ],
    });
  }
  if (s.services.length > 0) {
    lines.push({ text: 'services (count, errors)', style: theme.dim });
    for (const svc of s.services) {
      const pct = svc.count > 0 ? formatPercent(svc.errors / svc.count) : '0.0%';
      lines.push({
        text: '',
        segments: [
          { text: `${formatCount(svc.count).padStart(6)} ${pct.padStart(6)} ` },
          { text: sanitizeForDisplay(svc.name), style: theme.serviceColor(svc.name) },
        ],
      });
    }
  }
  if (s.top_errors.length > 0) {
    lines.push({ text: 'top errors', style: theme.dim });
    for (const e of s.top_errors)
      lines.push({ text: `${formatCount(e.count).padStart(5)} ${sanitizeForDisplay(e.pattern)}`, style: theme.error });
  }
  return lines;
}

/** Rows of the rate chart (and of the error rate, when there were errors) in a tall pane. */
const TALL_RATE_ROWS = 4;
const TALL_ERROR_ROWS = 2;

/**
 * The rate and error-rate charts: one column per window, as many of the latest as fit, each
 * with its scale (peak, latest) above and its time axis (how long ago the first column is, now) below.
 */
function chartLines(
  history: readonly ChartPoint[],
  length: WindowLength,
  width: number,
  tall: boolean,
  theme: Theme,
): PaneLine[] {
  const points = history.slice(-Math.max(1, width));
  const last = points[points.length - 1];
  if (last === undefined || width <= 0) return [];
  const lines: PaneLine[] = [];
  const totals = points.map((p) => p.total);
  const unit = length === 1 ? 's' : `${length}s`;
  lines.push({
    text: `logs per ${unit} · peak ${formatCount(Math.max(...totals))} · now ${formatCount(last.total)}`,
    style: theme.dim,
  });
  for (const row of chartRows(totals, width, tall ? TALL_RATE_ROWS : 1)) lines.push({ text: row, style: theme.bar });
  const axis = timeAxis(points, length, width);
  lines.push({ text: axis, style: theme.dim });
  const errors = points.map((p) => p.errorRate);
  if (errors.some((e) => e > 0)) {
    lines.push({
      text: `error rate · peak ${formatPercent(Math.max(...errors))} · now ${formatPercent(last.errorRate)}`,
      style: theme.dim,
    });
    for (const row of chartRows(errors, width, tall ? TALL_ERROR_ROWS : 1))
      lines.push({ text: row, style: theme.error });
    if (tall) lines.push({ text: axis, style: theme.dim });
  }
  return lines;
}

/** `-2m54s ··· now` under a chart of `points`, as wide as the chart. */
function timeAxis(points: readonly ChartPoint[], length: WindowLength, width: number): string {
  const first = points[0]?.start ?? NaN;
  const last = points[points.length - 1]?.start ?? NaN;
  const measured = last - first + length * 1000;
  const spanMs = Number.isFinite(measured) && measured > 0 ? measured : points.length * length * 1000;
  const left = `-${formatSpan(spanMs)}`;
  const cols = Math.min(width, points.length);
  const gap = cols - left.length - 3;
  return gap >= 1 ? `${left}${' '.repeat(gap)}now` : `${left} now`;
}
