import type { RowData } from '../../services/collector/engine-protocol.js';
import type { SnapshotView } from '../state/snapshot-view.js';
import { compileFilter } from '../../query/filter.js';
import type { FilterFields, LogPredicate } from '../../query/log-view.js';
import { isSmartCaseInsensitive } from '../../query/query.js';
import { nativePattern, type TextPattern } from '../../query/text-pattern.js';
import { isMarked } from '../state/marks.js';
import { escapeRegex, literalOf } from '../state/search.js';
import type { Model } from '../state/model.js';
import { newWhilePaused, selectedIndex, topIndex } from '../state/navigation.js';
import type { Rect } from './layout.js';
import { dayOf, formatClock, formatCount, formatDate } from './format.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import type { Style } from './style.js';
import { textWidth, truncate } from './text-width.js';
import type { Theme } from './theme.js';

const LEVEL_LABEL = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
} as const;
const SERVICE_WIDTH = 20;
/** Widest source column (`view` of several files: which file a row is from). */
const SOURCE_WIDTH = 14;
/** What the left border shows beside a marked log. */
export const MARK_GUTTER = '▌';

/** The log list: one line per log, newest at the top (or bottom with --order oldest-first). */
export function drawLogList(screen: Screen, r: Rect, model: Model, view: SnapshotView, theme: Theme): void {
  const paused = model.top !== undefined;
  const fresh = newWhilePaused(model, view);
  const state = paused ? `paused${fresh > 0 ? ` · ${formatCount(fresh)} new` : ''} · Esc/G follow` : 'following';
  const outside = view.snapshot.counters.outOfRange;
  const range = outside > 0 ? ` · ${formatCount(outside)} outside --since/--until` : '';
  const title = ` Logs · ${formatCount(view.size)} shown${range} · ${state}${model.utc ? ' · UTC' : ''} `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: paused ? theme.activeBorder : theme.border, titleStyle: theme.title });
  const rows = r.h - 2;
  if (rows <= 0 || r.w <= 2) return;
  if (view.size === 0) {
    const hint = view.snapshot.total === 0 ? 'waiting for logs…' : 'no log matches the filter';
    screen.text(r.x + 2, r.y + 1, hint, theme.dim, r.w - 4);
    return;
  }
  const top = topIndex(model, view);
  const sel = selectedIndex(model, view);
  const serviceWidth = Math.max(8, Math.min(SERVICE_WIDTH, Math.floor((r.w - 2) * 0.2)));
  const search = searchMatcher(model.search);
  const sources = sourceColumn(view.snapshot.sources);
  const count = Math.min(rows, view.size - top);
  const clock = clockOf(view, top, count, model.utc);
  for (let i = 0; i < rows; i++) {
    const log = view.row(top + i);
    if (log === undefined) break;
    // Oldest-first keeps the newest row at the bottom, like `tail -f`.
    const y = model.order === 'newest-first' ? r.y + 1 + i : r.y + count - i;
    const x = r.x + 1;
    const w = r.w - 2;
    if (log.gap !== undefined) screen.text(x, y, `${clock(log.time)} ${sanitizeForDisplay(log.message)}`, theme.gap, w);
    else
      drawRow(
        screen,
        x,
        y,
        w,
        serviceWidth,
        log,
        clock,
        theme,
        search?.matches(log) === true ? search : undefined,
        sources,
      );
    if (top + i === sel) screen.setStyle(x, y, w, theme.selected);
    // The mark replaces the list's left border on its row, so no column of the row moves.
    if (isMarked(model.marks, log.seq)) screen.text(r.x, y, MARK_GUTTER, theme.mark, 1);
  }
}

function drawRow(
  screen: Screen,
  x0: number,
  y: number,
  width: number,
  serviceWidth: number,
  log: RowData,
  clock: (ms: number) => string,
  theme: Theme,
  search: SearchMatcher | undefined,
  sources: SourceColumn | undefined,
): void {
  const end = x0 + width;
  let x = screen.text(x0, y, clock(log.time), theme.dim, width);
  if (sources !== undefined && log.source !== undefined) {
    const name = sources.names[log.source] ?? '';
    x = screen.text(
      x + 1,
      y,
      truncate(name, sources.width).padEnd(sources.width),
      theme.serviceColor(name),
      end - x - 1,
    );
  }
  x = screen.text(x + 1, y, LEVEL_LABEL[log.level], theme.level[log.level], end - x - 1);
  const service = truncate(sanitizeForDisplay(log.service), serviceWidth);
  screen.text(x + 1, y, service, theme.serviceColor(log.service), Math.min(serviceWidth, end - x - 1));
  x = x + 1 + serviceWidth + 1;
  if (x >= end) return;
  const message = sanitizeForDisplay(log.message);
  screen.text(x, y, message, undefined, end - x);
  for (const rule of theme.highlights) highlight(screen, x, y, end, message, rule.pattern, rule.style);
  if (search !== undefined) {
    // The row matches the search; mark it, and the literal text when the pattern is plain.
    screen.setStyle(x0, y, 1, theme.search);
    if (search.literal !== undefined) highlight(screen, x, y, end, message, search.literal, theme.search);
  }
}

/**
 * How the rows' times are shown: the clock, with the date before it when the rows on screen
 * fall on more than one day (in the zone shown).
 */
function clockOf(view: SnapshotView, top: number, count: number, utc: boolean): (ms: number) => string {
  let first: number | undefined;
  let days = false;
  for (let i = 0; i < count && !days; i++) {
    const log = view.row(top + i);
    if (log === undefined) break;
    const day = dayOf(log.time, utc);
    if (Number.isNaN(day)) continue;
    if (first === undefined) first = day;
    else if (day !== first) days = true;
  }
  return days ? (ms) => `${formatDate(ms, utc)} ${formatClock(ms, utc)}` : (ms) => formatClock(ms, utc);
}

/** The source column: shown when the rows come from several files, as wide as their longest name allows. */
interface SourceColumn {
  names: readonly string[];
  width: number;
}

function sourceColumn(names: readonly string[] | undefined): SourceColumn | undefined {
  if (names === undefined || names.length < 2) return undefined;
  const clean = names.map((n) => sanitizeForDisplay(n));
  return { names: clean, width: Math.min(SOURCE_WIDTH, Math.max(...clean.map(textWidth))) };
}

/** Restyles the cells of each match of `pattern` in the drawn message. */
function highlight(
  screen: Screen,
  x0: number,
  y: number,
  end: number,
  message: string,
  pattern: TextPattern,
  style: Style,
): void {
  try {
    for (const [from, to] of pattern.ranges(message, 50)) {
      const start = x0 + textWidth(message.slice(0, from));
      if (start >= end) break;
      screen.setStyle(start, y, Math.min(textWidth(message.slice(from, to)), end - start), style);
    }
  } catch {
    // A highlight is decoration: an engine failure (a stack overflow on a freak message) leaves the row plain.
  }
}

/** How the list shows the search: which rows match, and the literal text to mark when the pattern is plain. */
interface SearchMatcher {
  matches: LogPredicate<FilterFields>;
  literal: TextPattern | undefined;
}

const PLAIN_SEARCH = /^[\w\s.:/-]+$/u;

let lastSearch = '';
let lastMatcher: SearchMatcher | undefined;

// Compiled once per pattern: the view is redrawn up to 30 times a second.
function searchMatcher(pattern: string): SearchMatcher | undefined {
  if (pattern === '') return undefined;
  if (pattern !== lastSearch) {
    const ignoreCase = isSmartCaseInsensitive(pattern);
    const compiled = compileFilter(pattern, { ignoreCase });
    lastSearch = pattern;
    lastMatcher =
      compiled.ok && compiled.predicate !== undefined
        ? {
            matches: compiled.predicate,
            literal: literalTextPattern(PLAIN_SEARCH.test(pattern) ? pattern : literalOf(pattern), ignoreCase),
          }
        : undefined;
  }
  return lastMatcher;
}

/** The literal text as a pattern, built once per search rather than per drawn row. */
function literalTextPattern(text: string | undefined, ignoreCase: boolean): TextPattern | undefined {
  const regex = text === undefined || text === '' ? undefined : literalPattern(text, ignoreCase);
  return regex === undefined ? undefined : nativePattern(regex);
}

/** A global regex for the literal text, or undefined if it cannot be built (then nothing is marked). */
export function literalPattern(text: string, ignoreCase: boolean): RegExp | undefined {
  try {
    return new RegExp(escapeRegex(text), ignoreCase ? 'giu' : 'gu');
  } catch {
    return undefined;
  }
}
