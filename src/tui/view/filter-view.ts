import type { Model } from '../state/model.js';
import type { Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { textWidth } from './text-width.js';
import type { Theme } from './theme.js';
import { formatCount } from './format.js';

const LEVEL_BADGE = { trace: 'all levels', debug: 'debug+', info: 'info+', warn: 'warn+', error: 'errors', fatal: 'fatal' } as const;

/**
 * The filter box. While typing a filter (`i`) or a search (`/`) it is the input line with a
 * cursor; otherwise it shows the filter in force, the level toggle, the search and the counts.
 */
export function drawFilter(screen: Screen, r: Rect, model: Model, matching: number, total: number, theme: Theme): void {
  const typing = model.mode === 'editing' || model.mode === 'search';
  const what = model.mode === 'search' ? 'Search (/) · highlights matches · n/N jump' : 'Filter: regex, level:warn+, service:name, -exclude';
  const title = typing ? ` ${what} · Enter apply · Esc cancel ` : ' Filter (i) · Search (/) · ? help ';
  screen.box(r.x, r.y, r.w, r.h, { title, style: typing ? theme.activeBorder : theme.border, titleStyle: theme.title });
  if (r.h < 3) return;
  const y = r.y + 1;
  const inner = r.w - 2;
  const filtered = model.filter !== '' || model.levelMin !== undefined;
  const counts = filtered ? `${formatCount(matching)} of ${formatCount(total)} match` : `${formatCount(total)} logs`;
  const right = typing && model.inputError !== undefined ? `${model.mode === 'search' ? 'search' : 'filter'} not applied: ${sanitizeForDisplay(model.inputError)}` : counts;
  const rightWidth = Math.min(textWidth(right), Math.max(0, Math.floor(inner * 0.6)));
  const textMax = Math.max(0, inner - rightWidth - 2);
  if (typing) drawInput(screen, r.x + 1, y, textMax, model);
  else {
    let x = r.x + 1;
    const end = r.x + 1 + textMax;
    if (model.levelMin !== undefined) x = screen.text(x, y, `[${LEVEL_BADGE[model.levelMin]}] `, theme.warn, end - x);
    x = screen.text(x, y, model.filter === '' ? (model.levelMin === undefined ? '(none: showing every log)' : '') : sanitizeForDisplay(model.filter), model.filter === '' ? theme.dim : undefined, end - x);
    if (model.search !== '') screen.text(x, y, `  /${sanitizeForDisplay(model.search)}`, theme.search, end - x);
  }
  if (rightWidth > 0) {
    screen.text(r.x + r.w - 1 - rightWidth, y, right, typing && model.inputError !== undefined ? theme.error : theme.dim, rightWidth);
  }
}

function drawInput(screen: Screen, x0: number, y: number, width: number, model: Model): void {
  const prompt = model.mode === 'search' ? '/' : '';
  const before = prompt + sanitizeForDisplay(model.draft.slice(0, model.cursor));
  const after = sanitizeForDisplay(model.draft.slice(model.cursor));
  // Keep the cursor in view when the text is longer than the box.
  const overflow = Math.max(0, textWidth(before) + 1 - width);
  const shown = overflow > 0 ? before.slice(overflow) : before;
  const x = screen.text(x0, y, shown, undefined, width);
  const cursorChar = after.length > 0 ? [...after][0]! : ' ';
  const end = x0 + width;
  const next = screen.text(x, y, cursorChar, { reverse: true }, end - x);
  screen.text(next, y, after.slice(cursorChar.length), undefined, end - next);
}
