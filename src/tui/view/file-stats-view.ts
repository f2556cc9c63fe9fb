import { LEVELS } from '../../protocol/level.js';
import type { TimeHistogram } from '../../services/collector/time-histogram.js';
import type { Model } from '../state/model.js';
import { formatClock, formatCount, formatPercent, formatRate } from './format.js';
import type { Rect } from './layout.js';
import type { Screen } from './screen.js';
import { bar, chartRows, formatSpan } from './sparkline.js';
import { drawPaneLines, type PaneLine } from './stats-view.js';
import type { Theme } from './theme.js';

/*
 * The statistics pane of `view FILE...`. The analyzer only sees the lines appended while the
 * files are followed, which says nothing of a file opened for its history; so the pane describes
 * the logs the list shows, the whole files through the filter, over their own time: the engine's
 * counts by time and level (the histogram's, refreshed once a second).
 */

const TALL_ROWS = 4;

/** The statistics pane for files: counts by level, the span and rate over the logs' own time, a chart. */
export function drawFileStats(screen: Screen, r: Rect, model: Model, theme: Theme): void {
  screen.box(r.x, r.y, r.w, r.h, {
    title: ' Statistics · shown logs ',
    style: theme.border,
    titleStyle: theme.title,
  });
  const inner = r.w - 2;
  if (r.h <= 2 || inner <= 0) return;
  const data = model.histogram.data;
  const lines =
    data === undefined || data.total === 0
      ? [{ text: 'counting the shown logs…', style: theme.dim }]
      : fileStatsLines(data, inner, model.statsPane === 'large', model.utc, theme);
  drawPaneLines(screen, r, lines);
}

/** The pane's lines for the counts `h` (every shown log with a time, by level and time). */
export function fileStatsLines(h: TimeHistogram, width: number, tall: boolean, utc: boolean, theme: Theme): PaneLine[] {
  const byLevel = LEVELS.map((_, i) => h.bars.reduce((sum, b) => sum + (b[i] ?? 0), 0));
  const count = (level: string): number => byLevel[LEVELS.indexOf(level as (typeof LEVELS)[number])] ?? 0;
  const errors = count('error') + count('fatal');
  const spanMs = h.bars.length * h.spanMs;
  const lines: PaneLine[] = [
    {
      text: '',
      segments: [
        { text: `logs ${formatCount(h.total)}  ` },
        {
          text: `errors ${formatCount(errors)} (${formatPercent(h.total > 0 ? errors / h.total : 0)})`,
          style: errors > 0 ? theme.error : theme.ok,
        },
      ],
    },
    { text: `${formatRate(h.total / Math.max(1, spanMs / 1000))} logs/s over ${formatSpan(spanMs)} of their time` },
    { text: `${formatClock(h.start, utc).slice(0, 8)} → ${formatClock(h.start + spanMs, utc).slice(0, 8)}` },
  ];
  // As many columns as fit, each summing whole bars.
  const per = Math.max(1, Math.ceil(h.bars.length / Math.max(1, width)));
  const totals: number[] = [];
  for (let i = 0; i < h.bars.length; i += per)
    totals.push(h.bars.slice(i, i + per).reduce((s, b) => s + b.reduce((x, y) => x + y, 0), 0));
  lines.push({
    text: `logs per ${formatSpan(per * h.spanMs)} · peak ${formatCount(Math.max(...totals))}`,
    style: theme.dim,
  });
  for (const row of chartRows(totals, width, tall ? TALL_ROWS : 1)) lines.push({ text: row, style: theme.bar });
  lines.push({ text: 'levels', style: theme.dim });
  const maxLevel = Math.max(1, ...byLevel);
  for (const level of [...LEVELS].reverse()) {
    const n = count(level);
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
  if (h.byArrival > 0)
    lines.push({ text: `${formatCount(h.byArrival)} without a time, at a neighbour's`, style: theme.dim });
  return lines;
}
