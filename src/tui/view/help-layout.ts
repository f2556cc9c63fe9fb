import type { HelpItem } from './help-items.js';
import { textWidth, truncate } from './text-width.js';

/** A row of the help overlay. */
export interface HelpLine {
  text: string;
  heading: boolean;
}

/**
 * The help laid out in columns of `colWidth` cells (the last cell of each is the gap to the next).
 * When it does not fit, it is one column scrolled to `scroll` of `maxScroll` lines.
 */
export interface HelpPage {
  columns: HelpLine[][];
  colWidth: number;
  scroll: number;
  maxScroll: number;
  /** Lines on screen at once: how far a page moves. */
  page: number;
}

/** `text` in lines of at most `width` cells, broken between words; a word wider than a line is shortened with '…'. */
export function wrapWords(text: string, width: number): string[] {
  if (width < 1) return [];
  const lines: string[] = [];
  let line = '';
  for (const raw of text.split(' ')) {
    if (raw === '') continue;
    const word = textWidth(raw) > width ? truncate(raw, width) : raw;
    if (line === '') line = word;
    else if (textWidth(line) + 1 + textWidth(word) <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

// Keys in a column of their own, the description beside them; below NARROW cells the
// description goes under its keys instead.
const KEYS_AT = 2;
const KEYS_WIDTH = 17;
const DESCRIPTION_AT = KEYS_AT + KEYS_WIDTH + 1;
const NARROW = DESCRIPTION_AT + 16;
const MIN_COLUMN = 24;
// Columns of a scrolled help: wide enough that most descriptions take one line.
const WIDE_COLUMN = 56;

const lines = (texts: string[], indent: number, heading = false): HelpLine[] =>
  texts.map((t) => ({ text: `${' '.repeat(indent)}${t}`, heading }));

/** One item as rows of at most `width` cells. */
export function itemLines(item: HelpItem, width: number): HelpLine[] {
  if (item.kind === 'heading') return lines(wrapWords(item.text, width), 0, true);
  const keys = wrapWords(item.keys, width - KEYS_AT);
  if (width < NARROW)
    return [...lines(keys, KEYS_AT), ...lines(wrapWords(item.description, width - KEYS_AT - 2), KEYS_AT + 2)];
  const description = wrapWords(item.description, width - DESCRIPTION_AT);
  const only = keys.length === 1 ? keys[0]! : undefined;
  if (only === undefined || textWidth(only) > KEYS_WIDTH)
    return [...lines(keys, KEYS_AT), ...lines(description, DESCRIPTION_AT)];
  const first =
    `${' '.repeat(KEYS_AT)}${only}${' '.repeat(KEYS_WIDTH - textWidth(only))} ${description[0] ?? ''}`.trimEnd();
  return [{ text: first, heading: false }, ...lines(description.slice(1), DESCRIPTION_AT)];
}

/** Fills at most `count` columns of `rows` rows; a heading moves with its first entry, and no item is split. */
function flow(
  items: readonly HelpItem[],
  width: number,
  rows: number,
  count: number,
): { columns: HelpLine[][]; shown: number } {
  const columns: HelpLine[][] = [[]];
  let shown = 0;
  for (let i = 0; i < items.length;) {
    const item = items[i]!;
    const unit = item.kind === 'heading' && items[i + 1]?.kind === 'entry' ? [item, items[i + 1]!] : [item];
    const body = unit.flatMap((u) => itemLines(u, width));
    let column = columns[columns.length - 1]!;
    const gap = item.kind === 'heading' && column.length > 0 ? 1 : 0;
    if (column.length + gap + body.length > rows) {
      if (columns.length === count || body.length > rows) break;
      column = [];
      columns.push(column);
    } else if (gap === 1) column.push({ text: '', heading: false });
    column.push(...body);
    shown += unit.length;
    i += unit.length;
  }
  return { columns, shown };
}

/**
 * The help in as few columns as hold all of it within `width` × `rows` cells. When none does, the
 * lines run down as many columns of WIDE_COLUMN as fit, one after the other, and `scroll` (clamped)
 * moves them all up by lines: every entry can be read at any size.
 */
export function layoutHelp(items: readonly HelpItem[], width: number, rows: number, scroll = 0): HelpPage {
  if (width < 1 || rows < 1) return { columns: [], colWidth: width + 1, scroll: 0, maxScroll: 0, page: 1 };
  const most = Math.max(1, Math.floor((width + 1) / MIN_COLUMN));
  for (let count = 1; count <= most; count++) {
    const colWidth = Math.floor((width + 1) / count);
    const { columns, shown } = flow(items, colWidth - 1, rows, count);
    if (shown === items.length) return { columns, colWidth, scroll: 0, maxScroll: 0, page: rows };
  }
  const count = Math.max(1, Math.floor((width + 1) / WIDE_COLUMN));
  const colWidth = Math.floor((width + 1) / count);
  const all = items.flatMap((item, i) => [
    ...(item.kind === 'heading' && i > 0 ? [{ text: '', heading: false }] : []),
    ...itemLines(item, colWidth - 1),
  ]);
  const page = count * rows;
  const maxScroll = Math.max(0, all.length - page);
  const top = Number.isNaN(scroll) ? 0 : Math.max(0, Math.min(maxScroll, Math.floor(scroll)));
  const columns = Array.from({ length: count }, (_, c) => all.slice(top + c * rows, top + (c + 1) * rows));
  return { columns: columns.filter((c) => c.length > 0), colWidth, scroll: top, maxScroll, page };
}
