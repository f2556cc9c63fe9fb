import type { Model } from '../state/model.js';
import type { Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { textWidth } from './text-width.js';
import type { Theme } from './theme.js';
import { formatCount } from './format.js';

/** The filter box: the regex in force, or the draft with a cursor while editing. */
export function drawFilter(screen: Screen, r: Rect, model: Model, matching: number, total: number, theme: Theme): void {
  const editing = model.mode === 'editing';
  const title = editing ? ' Filter (regex) · Enter apply · Esc cancel ' : ' Filter (regex) · i to edit ';
  screen.box(r.x, r.y, r.w, r.h, { title, style: editing ? theme.activeBorder : theme.border, titleStyle: theme.title });
  if (r.h < 3) return;
  const y = r.y + 1;
  const inner = r.w - 2;
  const counts = model.filter === '' ? `${formatCount(total)} logs` : `${formatCount(matching)} of ${formatCount(total)} match`;
  const right = model.filterError !== undefined ? `invalid regex: ${sanitizeForDisplay(model.filterError)}` : counts;
  const rightWidth = Math.min(textWidth(right), Math.max(0, inner - 12));
  const textMax = inner - rightWidth - 2;
  const text = editing ? model.draft : model.filter;
  if (editing) {
    const before = sanitizeForDisplay(text.slice(0, model.cursor));
    const after = sanitizeForDisplay(text.slice(model.cursor));
    // Keep the cursor in view when the draft is longer than the box.
    const overflow = Math.max(0, textWidth(before) + 1 - textMax);
    const shown = overflow > 0 ? before.slice(overflow) : before;
    const x = screen.text(r.x + 1, y, shown, undefined, textMax);
    const cursorChar = after.length > 0 ? [...after][0]! : ' ';
    screen.text(x, y, cursorChar, { reverse: true }, r.x + 1 + textMax - x);
    screen.text(x + textWidth(cursorChar), y, after.slice(cursorChar.length), undefined, Math.max(0, r.x + 1 + textMax - x - textWidth(cursorChar)));
  } else {
    screen.text(r.x + 1, y, text === '' ? '(none: showing every log)' : sanitizeForDisplay(text), text === '' ? theme.dim : undefined, textMax);
  }
  if (rightWidth > 0) {
    screen.text(r.x + r.w - 1 - rightWidth, y, right, model.filterError !== undefined ? theme.error : theme.dim, rightWidth);
  }
}
