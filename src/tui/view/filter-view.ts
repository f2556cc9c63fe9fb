import { isInputMode } from '../keys/commands.js';
import type { Model } from '../state/model.js';
import type { Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { charWidth, graphemes, textWidth } from './text-width.js';
import type { Theme } from './theme.js';
import { formatCount } from './format.js';

const INPUT_TITLES: Partial<Record<Model['mode'], string>> = {
  editing: 'Filter: regex, level:warn+, service:name, -exclude',
  search: 'Search (/) · highlights matches · n/N jump',
  export: 'Export the shown logs to: .jsonl .json .ndjson (JSON lines), .csv, else text; name! overwrites',
  time: 'Jump to a time: 14:30, 14:30:05, -15m, 2h, 2026-12-05T14:30',
};
const ERROR_PREFIXES: Partial<Record<Model['mode'], string>> = {
  search: 'search not applied',
  export: 'not exported',
  time: 'no jump',
};

const LEVEL_BADGE = {
  trace: 'all levels',
  debug: 'debug+',
  info: 'info+',
  warn: 'warn+',
  error: 'errors',
  fatal: 'fatal',
} as const;

/**
 * The filter box. While typing a filter (`i`) or a search (`/`) it is the input line with a
 * cursor; otherwise it shows the filter in force, the level toggle, the search and the counts.
 */
export function drawFilter(screen: Screen, r: Rect, model: Model, matching: number, total: number, theme: Theme): void {
  const typing = isInputMode(model.mode);
  const title = typing
    ? ` ${INPUT_TITLES[model.mode] ?? ''} · Enter apply · Esc cancel `
    : ' Filter (i) · Search (/) · ? help ';
  screen.box(r.x, r.y, r.w, r.h, { title, style: typing ? theme.activeBorder : theme.border, titleStyle: theme.title });
  if (r.h < 3) return;
  const y = r.y + 1;
  const inner = r.w - 2;
  const filtered = model.filter !== '' || model.levelMin !== undefined;
  const counts = filtered ? `${formatCount(matching)} of ${formatCount(total)} match` : `${formatCount(total)} logs`;
  const right =
    typing && model.inputError !== undefined
      ? `${ERROR_PREFIXES[model.mode] ?? 'filter not applied'}: ${sanitizeForDisplay(model.inputError)}`
      : counts;
  const rightWidth = Math.min(textWidth(right), Math.max(0, Math.floor(inner * 0.6)));
  const textMax = Math.max(0, inner - rightWidth - 2);
  if (typing) {
    drawInput(screen, r.x + 1, y, textMax, model);
    drawErrorColumn(screen, r, textMax, model, theme);
  } else {
    let x = r.x + 1;
    const end = r.x + 1 + textMax;
    if (model.levelMin !== undefined) x = screen.text(x, y, `[${LEVEL_BADGE[model.levelMin]}] `, theme.warn, end - x);
    x = screen.text(
      x,
      y,
      model.filter === ''
        ? model.levelMin === undefined
          ? '(none: showing every log)'
          : ''
        : sanitizeForDisplay(model.filter),
      model.filter === '' ? theme.dim : undefined,
      end - x,
    );
    if (model.search !== '') screen.text(x, y, `  /${sanitizeForDisplay(model.search)}`, theme.search, end - x);
  }
  if (rightWidth > 0) {
    screen.text(
      r.x + r.w - 1 - rightWidth,
      y,
      right,
      typing && model.inputError !== undefined ? theme.error : theme.dim,
      rightWidth,
    );
  }
}

function drawInput(screen: Screen, x0: number, y: number, width: number, model: Model): void {
  if (width <= 0) return;
  const prompt = model.mode === 'search' ? '/' : '';
  const before = prompt + sanitizeForDisplay(model.draft.slice(0, model.cursor));
  const after = sanitizeForDisplay(model.draft.slice(model.cursor));
  // The cursor is the first character after it, or a space at the end or before a character
  // that takes no cell (a combining mark), so it always shows.
  const next = firstGrapheme(after);
  const cursorChar = next !== '' && charWidth(next) > 0 ? next : ' ';
  const rest = cursorChar === ' ' && next !== ' ' ? after : after.slice(next.length);
  // Keep the cursor in view when the text is longer than the box.
  const shown = tailFitting(before, Math.max(0, width - charWidth(cursorChar)));
  const x = screen.text(x0, y, shown, undefined, width);
  const end = x0 + width;
  const afterCursor = screen.text(x, y, cursorChar, { reverse: true }, end - x);
  screen.text(afterCursor, y, rest, undefined, end - afterCursor);
}

/**
 * A caret in the box's bottom border under the column a query error names (`col N: ...`),
 * when the text before it is on screen.
 */
function drawErrorColumn(screen: Screen, r: Rect, width: number, model: Model, theme: Theme): void {
  const col = model.mode === 'editing' ? /^col (\d+):/.exec(model.inputError ?? '')?.[1] : undefined;
  if (col === undefined || r.h < 3) return;
  // Columns count in the applied (trimmed) text.
  const lead = model.draft.length - model.draft.trimStart().length;
  const offset = lead + Number(col) - 1;
  const before = sanitizeForDisplay(model.draft.slice(0, Math.min(model.draft.length, offset)));
  const shownFromStart = textWidth(sanitizeForDisplay(model.draft.slice(0, model.cursor))) + 1 <= width;
  const dx = textWidth(before);
  if (!shownFromStart || dx >= width) return;
  screen.text(r.x + 1 + dx, r.y + r.h - 1, '^', theme.error, 1);
}

function firstGrapheme(text: string): string {
  for (const g of graphemes(text)) return g;
  return '';
}

/** The end of `text` that fits in `width` cells, cut between graphemes. */
function tailFitting(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  // Only the end can show: look at the last code units a box can hold first (the grapheme the
  // slice may have cut is dropped); zero-width characters can make that too short.
  const window = width * 8 + 64;
  if (text.length > window) {
    const fit = fitFromEnd([...graphemes(text.slice(-window))].slice(1), width);
    if (fit !== undefined) return fit;
  }
  return fitFromEnd([...graphemes(text)], width) ?? text;
}

/** The last graphemes that fit in `width` cells, or undefined when they all fit. */
function fitFromEnd(parts: readonly string[], width: number): string | undefined {
  let used = 0;
  for (let i = parts.length; i > 0; i--) {
    used += charWidth(parts[i - 1] ?? '');
    if (used > width) return parts.slice(i).join('');
  }
  return undefined;
}
