import { LEVELS } from '../../protocol/level.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { Model, WindowLength } from '../state/model.js';
import type { Rect } from './layout.js';
import { formatCount, formatIsoClock, formatMs, formatPercent } from './format.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { bar, sparkline } from './sparkline.js';
import type { Style } from './style.js';
import type { Theme } from './theme.js';

/** One line of the pane, drawn top-down until space runs out. */
interface Line {
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
      : ` Statistics · ${len} (w) · ${sanitizeForDisplay(formatIsoClock(s.window_start))} `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.border, titleStyle: theme.title });
  const inner = r.w - 2;
  if (r.h <= 2 || inner <= 0) return;
  const lines =
    s === undefined
      ? [{ text: `waiting for ${len} windows from the analyzer…`, style: theme.dim }]
      : statsLines(s, model.windowSeconds, model.history[model.windowSeconds] ?? [], inner, theme);
  const max = r.h - 2;
  for (let i = 0; i < Math.min(max, lines.length); i++) {
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
  history: readonly WindowStats[],
  width: number,
  theme: Theme,
): Line[] {
  const errorStyle = s.error_count > 0 ? theme.error : theme.ok;
  const lines: Line[] = [
    {
      text: '',
      segments: [
        { text: `logs ${formatCount(s.total_count)}  ` },
        { text: `errors ${formatCount(s.error_count)} (${formatPercent(s.error_rate)})`, style: errorStyle },
      ],
    },
    { text: `top ${s.top_service === null ? '—' : sanitizeForDisplay(s.top_service)}` },
  ];
  const totals = history.map((w) => w.total_count);
  if (totals.length > 0) {
    const peak = Math.max(...totals);
    const unit = length === 1 ? 's' : `${length}s`;
    lines.push({ text: `logs per ${unit}, last ${totals.length} (peak ${formatCount(peak)})`, style: theme.dim });
    lines.push({ text: sparkline(totals, width), style: theme.bar });
    const errors = history.map((w) => w.error_rate);
    if (errors.some((e) => e > 0)) {
      lines.push({ text: 'error rate', style: theme.dim });
      lines.push({ text: sparkline(errors, width), style: theme.error });
    }
  }
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
