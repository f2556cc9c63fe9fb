import { TREND_BUCKET_MS, type PatternRow, type PatternsSnapshot } from '../../services/collector/live-patterns.js';
import { isNewPattern, SORT_LABELS, type PatternsPane } from '../state/patterns.js';
import { formatClock, formatCount, formatPercent } from './format.js';
import type { Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { sparkline } from './sparkline.js';
import type { Theme } from './theme.js';

/** Columns of the trend at most: one per bucket. */
const TREND_WIDTH = 30;
const COUNT_WIDTH = 9;
const SHARE_WIDTH = 6;
const CLOCK_WIDTH = 8;
/** Narrower than this, the trend goes; narrower still, the first/last seen times. */
const TREND_MIN_INNER = 90;
const TIMES_MIN_INNER = 60;

/** Which columns fit the width: the trend's width (0: none), the two times, and where the id and template start. */
interface Columns {
  trend: number;
  times: boolean;
  template: number;
}

/**
 * The patterns view: a row per pattern (a `new` marker, count, share of the logs mined, a
 * trend sparkline, first and last seen, id and template), the selected row highlighted, and a
 * footer saying how many logs were mined and what the cap merged or evicted. Total: any pane.
 */
export function drawPatterns(screen: Screen, r: Rect, pane: PatternsPane, theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  const title = ` Patterns · s sort: ${SORT_LABELS[pane.sort]} · j/k select · Enter show logs · Esc close `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.activeBorder, titleStyle: theme.title });
  const x0 = r.x + 1;
  const inner = r.w - 2;
  const y0 = r.y + 1;
  const end = r.y + r.h - 1;
  if (inner <= 0 || y0 >= end) return;
  const snap = pane.snapshot;
  if (snap === undefined) {
    screen.text(x0, y0, 'mining the buffer…', theme.dim, inner);
    return;
  }
  const notes = footer(pane, snap);
  const tableEnd = Math.max(y0 + Math.min(2, end - y0), end - notes.length);
  const cols = columns(inner);
  drawHeader(screen, x0, y0, inner, cols, theme);
  const visible = tableEnd - y0 - 1;
  const first = Math.max(0, Math.min(pane.selected - visible + 1, pane.rows.length - visible));
  for (let k = 0; k < visible && first + k < pane.rows.length; k++) {
    const index = first + k;
    const row = pane.rows[index];
    if (row === undefined) break;
    const y = y0 + 1 + k;
    drawRow(screen, x0, y, inner, cols, row, snap, theme);
    if (index === pane.selected) screen.setStyle(x0, y, inner, theme.selected);
  }
  notes.forEach((note, i) => {
    if (tableEnd + i < end) screen.text(x0, tableEnd + i, note, theme.dim, inner);
  });
}

function columns(inner: number): Columns {
  const trend = inner >= TREND_MIN_INNER ? TREND_WIDTH : 0;
  const times = inner >= TIMES_MIN_INNER;
  // new, count, share, [trend], [first, last], then the template.
  const template =
    4 + COUNT_WIDTH + 1 + SHARE_WIDTH + 1 + (trend > 0 ? trend + 1 : 0) + (times ? 2 * (CLOCK_WIDTH + 1) : 0);
  return { trend, times, template };
}

function drawHeader(screen: Screen, x: number, y: number, w: number, cols: Columns, theme: Theme): void {
  const minutes = Math.round((TREND_WIDTH * TREND_BUCKET_MS) / 60_000);
  let at = x + 4;
  screen.text(at, y, 'count'.padStart(COUNT_WIDTH), theme.title, Math.max(0, x + w - at));
  at += COUNT_WIDTH + 1;
  screen.text(at, y, 'share'.padStart(SHARE_WIDTH), theme.title, Math.max(0, x + w - at));
  at += SHARE_WIDTH + 1;
  if (cols.trend > 0) {
    screen.text(at, y, `trend (${minutes} min)`, theme.title, Math.max(0, Math.min(cols.trend, x + w - at)));
    at += cols.trend + 1;
  }
  if (cols.times) {
    screen.text(at, y, 'first', theme.title, Math.max(0, x + w - at));
    screen.text(at + CLOCK_WIDTH + 1, y, 'last', theme.title, Math.max(0, x + w - at - CLOCK_WIDTH - 1));
  }
  screen.text(x + cols.template, y, 'id  template', theme.title, Math.max(0, w - cols.template));
}

function drawRow(
  screen: Screen,
  x: number,
  y: number,
  w: number,
  cols: Columns,
  row: PatternRow,
  snap: PatternsSnapshot,
  theme: Theme,
): void {
  const room = (at: number): number => Math.max(0, x + w - at);
  if (isNewPattern(row, snap.at)) screen.text(x, y, 'new', theme.ok, room(x));
  let at = x + 4;
  screen.text(at, y, formatCount(row.count).padStart(COUNT_WIDTH), undefined, room(at));
  at += COUNT_WIDTH + 1;
  const share = snap.total > 0 ? row.count / snap.total : 0;
  screen.text(at, y, formatPercent(share).padStart(SHARE_WIDTH), theme.dim, room(at));
  at += SHARE_WIDTH + 1;
  if (cols.trend > 0) {
    screen.text(at, y, sparkline(row.trend, cols.trend), theme.bar, Math.min(cols.trend, room(at)));
    at += cols.trend + 1;
  }
  if (cols.times) {
    screen.text(at, y, clock(row.firstSeen), theme.dim, room(at));
    screen.text(at + CLOCK_WIDTH + 1, y, clock(row.lastSeen), theme.dim, room(at + CLOCK_WIDTH + 1));
  }
  const t = x + cols.template;
  const next = screen.text(t, y, sanitizeForDisplay(row.id), theme.dim, room(t));
  screen.text(
    Math.max(next + 1, t + 4),
    y,
    sanitizeForDisplay(row.template),
    undefined,
    room(Math.max(next + 1, t + 4)),
  );
}

/** Lines under the table: the selected row's place, what was mined, and what the cap did. */
function footer(pane: PatternsPane, snap: PatternsSnapshot): string[] {
  const { merged, evicted } = snap.stats;
  const mined = `${formatCount(snap.total)} logs mined (the buffer at ${clock(snap.since)} and all since), every level`;
  const cap =
    merged + evicted > 0
      ? `at the cap of ${formatCount(snap.maxPatterns)} patterns: ${formatCount(merged)} merged into similar ones, ${formatCount(evicted)} least recent evicted`
      : '';
  const where =
    pane.rows.length === 0
      ? 'no logs yet'
      : `pattern ${formatCount(pane.selected + 1)} of ${formatCount(pane.rows.length)}`;
  return [`${where} · ${mined}`, cap].filter((l) => l !== '');
}

/** `HH:MM:SS` in local time. */
function clock(ms: number): string {
  return formatClock(ms).slice(0, CLOCK_WIDTH);
}
