import type { LogRecord } from '../../protocol/log-record.js';
import type { DetailViewport } from '../state/detail.js';
import type { Detail, Model } from '../state/model.js';
import { formatIsoTime, formatLocalTime, formatMs } from './format.js';
import { overlayRect, type Rect } from './layout.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { wrap } from './text-width.js';
import { monochromeTheme, type Theme } from './theme.js';
import type { Style } from './style.js';

interface Line {
  text: string;
  style?: Style;
}

/** The detail view: every field of one log, the message wrapped, JSON pretty-printed; scrollable. */
export function drawDetail(screen: Screen, r: Rect, detail: Detail, theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  screen.box(r.x, r.y, r.w, r.h, {
    title: ' Log detail · j/k scroll · c copy message · y copy JSON · Esc close ',
    style: theme.activeBorder,
    titleStyle: theme.title,
  });
  const rows = r.h - 2;
  if (rows <= 0) return;
  const lines = shownLines(detail, r, theme);
  const maxScroll = Math.max(0, lines.length - rows);
  const scroll = Math.max(0, Math.min(detail.scroll, maxScroll));
  const inner = Math.max(1, r.w - 4);
  for (let i = 0; i < rows; i++) {
    const line = lines[scroll + i];
    if (line === undefined) break;
    screen.text(r.x + 2, r.y + 1 + i, line.text, line.style, inner);
  }
  if (maxScroll > 0)
    screen.text(
      r.x + r.w - 12,
      r.y + r.h - 1,
      ` ${scroll + 1}-${Math.min(lines.length, scroll + rows)}/${lines.length} `,
      theme.dim,
      11,
    );
}

/** How far the detail view scrolls at the model's size: what `update` needs to move through it. */
export function detailViewport(model: Model): DetailViewport {
  if (model.detail === undefined) return { page: 1, maxScroll: 0 };
  const r = overlayRect(model.cols, model.rows);
  const rows = r.h - 2;
  if (rows <= 0) return { page: 1, maxScroll: 0 };
  // Styles do not change how the log wraps: any theme counts the same lines.
  const lines = shownLines(model.detail, r, monochromeTheme());
  return { page: rows, maxScroll: Math.max(0, lines.length - rows) };
}

function shownLines(detail: Detail, r: Rect, theme: Theme): Line[] {
  const inner = Math.max(1, r.w - 4);
  return detail.record === undefined
    ? [{ text: 'loading…', style: theme.dim }]
    : detailLines(detail.record, inner, theme);
}

/** The lines of the detail view for a record, wrapped to `width` cells. */
export function detailLines(record: LogRecord, width: number, theme: Theme): Line[] {
  const out: Line[] = [];
  const push = (text: string, style?: Style): void => {
    for (const part of wrap(text, width)) out.push(style === undefined ? { text: part } : { text: part, style });
  };
  push(`time     ${formatIsoTime(record.time)}${record.timeFromEvent ? '' : ' (arrival time: the log had none)'}`);
  // Both zones, whichever the list shows (T): the UTC one above, the local one with its offset.
  if (Number.isFinite(record.time) && Math.abs(record.time) <= 8.64e15)
    push(`local    ${formatLocalTime(record.time)}`, theme.dim);
  out.push({ text: `level    ${record.level.toUpperCase()}`, style: theme.level[record.level] });
  push(`service  ${sanitizeForDisplay(record.service)}`, theme.serviceColor(record.service));
  if (record.latencyMs !== undefined)
    push(`latency  ${Number.isFinite(record.latencyMs) ? `${record.latencyMs} ms` : formatMs(record.latencyMs)}`);
  if (record.plain) push('(not JSON: kept as plain text)', theme.dim);
  out.push({ text: '' });
  out.push({ text: 'message', style: theme.dim });
  // Stack traces keep their lines: split on newlines before sanitising each line.
  for (const line of record.message.split(/\r?\n/)) push(sanitizeForDisplay(line.replace(/\t/g, '    ')));
  if (record.fields !== undefined && Object.keys(record.fields).length > 0) {
    out.push({ text: '' });
    out.push({ text: 'fields', style: theme.dim });
    for (const line of prettyJson(record.fields).split('\n')) push(sanitizeForDisplay(line));
  }
  return out;
}

function prettyJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  } catch (err) {
    // Nested too deep for the stack: say so rather than draw nothing.
    return `(fields not shown: ${err instanceof Error ? err.message : String(err)})`;
  }
}
