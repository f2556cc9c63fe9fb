import type { Binding } from '../keys/bindings.js';
import type { Mode } from '../keys/commands.js';
import { textWidth, truncate } from './text-width.js';

/** One thing the help says: a mode's title, or keys with what they do. */
export type HelpItem = { kind: 'heading'; text: string } | { kind: 'entry'; keys: string; description: string };

/** A row of the help overlay. */
export interface HelpLine {
  text: string;
  heading: boolean;
}

/** The help laid out in columns of `colWidth` cells (the last cell of each is the gap to the next). */
export interface HelpPage {
  columns: HelpLine[][];
  colWidth: number;
  /** False when the overlay is too small for every item; the ones that fit are shown whole. */
  complete: boolean;
}

const MODE_TITLES: Record<Mode, string> = {
  normal: 'Normal mode',
  editing: 'Typing a filter, search, file name or time',
  search: 'Searching',
  detail: 'Detail view (Enter)',
  help: 'This help',
  results: 'Results (a query with | stats)',
  export: 'Naming an export',
  patterns: 'Patterns (P)',
  histogram: 'Histogram (H)',
  time: 'Typing a time to jump to (t)',
};

/** Names keys the way people read them: `ctrl+d` → `Ctrl-d`, `pagedown` → `PageDown`. */
export function keyLabel(spec: string): string {
  const names: Record<string, string> = {
    return: 'Enter',
    escape: 'Esc',
    space: 'Space',
    pagedown: 'PageDown',
    pageup: 'PageUp',
    home: 'Home',
    end: 'End',
    up: '↑',
    down: '↓',
    left: '←',
    right: '→',
    backspace: 'Backspace',
    wheeldown: 'wheel↓',
    wheelup: 'wheel↑',
  };
  if (spec.startsWith('ctrl+')) return `Ctrl-${spec.slice(5)}`;
  return names[spec] ?? spec;
}

// Commands folded into one summary line each, so the help fits one screen; the line stands where the first of them would.
const FOLDED: Partial<Record<Mode, readonly { commands: readonly string[]; line: string }[]>> = {
  editing: [
    {
      commands: [
        'deleteBackward',
        'cursorLeft',
        'cursorRight',
        'cursorHome',
        'cursorEnd',
        'deleteWord',
        'deleteToStart',
      ],
      line: 'edit the text',
    },
  ],
  detail: [
    {
      commands: [
        'selectOlder',
        'selectNewer',
        'halfPageDown',
        'halfPageUp',
        'pageDown',
        'pageUp',
        'wheelDown',
        'wheelUp',
        'goOldest',
        'goNewest',
      ],
      line: 'scroll',
    },
  ],
  normal: [
    { commands: ['selectOlder', 'selectNewer'], line: 'move the selection down / up' },
    { commands: ['halfPageDown', 'halfPageUp'], line: 'half a page down / up' },
    { commands: ['pageDown', 'pageUp'], line: 'a page down / up' },
    { commands: ['goOldest', 'goNewest'], line: 'oldest log / newest, following' },
    { commands: ['searchNext', 'searchPrev'], line: 'next / previous search match' },
    {
      commands: ['levelErrors', 'levelWarn', 'levelInfo', 'levelDebug', 'levelAll'],
      line: 'show errors, warn+, info+, debug+, every level',
    },
    { commands: ['toggleMark', 'clearMarks'], line: 'mark / unmark the selected log, clear every mark' },
    { commands: ['nextMark', 'prevMark'], line: 'next / previous mark' },
    { commands: ['wheelDown', 'wheelUp'], line: 'move the selection by three rows' },
    {
      commands: ['toggleHistogram', 'startTimeJump', 'toggleUtc', 'showHelp'],
      line: 'histogram, jump to a time, UTC, help',
    },
  ],
  results: [
    {
      commands: ['selectOlder', 'selectNewer', 'filterByRow', 'closeOverlay', 'editFilter', 'startExport'],
      line: 'select, filter to a row, back, edit, export',
    },
  ],
};

/** What the help says, generated from the keybinding table: one entry per binding (or fold), grouped by mode. */
export function helpItems(bindings: readonly Binding[]): HelpItem[] {
  const out: HelpItem[] = [];
  const entry = (keys: readonly string[], description: string): void =>
    void out.push({ kind: 'entry', keys: keys.map(keyLabel).join(' '), description });
  // The help's own keys are in its title.
  // The patterns view's and the histogram's own keys are in their titles and the status line: the
  // help has no room left for them at 120x32.
  for (const mode of ['normal', 'editing', 'detail', 'results'] as const) {
    const rows = bindings.filter((b) => b.modes.includes(mode) && !(mode !== 'normal' && b.command === 'quit'));
    if (rows.length === 0) continue;
    out.push({ kind: 'heading', text: MODE_TITLES[mode] });
    const folds = FOLDED[mode] ?? [];
    const done = new Set<(typeof folds)[number]>();
    for (const b of rows) {
      const fold = folds.find((f) => f.commands.includes(b.command));
      if (fold === undefined) entry(b.keys, b.description);
      else if (!done.has(fold)) {
        done.add(fold);
        entry(
          rows.filter((r) => fold.commands.includes(r.command)).flatMap((r) => r.keys),
          fold.line,
        );
      }
    }
  }
  return out;
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

/** The help in as few columns as hold all of it within `width` × `rows` cells, else the layout that shows the most. */
export function layoutHelp(items: readonly HelpItem[], width: number, rows: number): HelpPage {
  let best: HelpPage & { shown: number } = { columns: [], colWidth: width + 1, complete: items.length === 0, shown: 0 };
  if (width < 1 || rows < 1) return best;
  const most = Math.max(1, Math.floor((width + 1) / MIN_COLUMN));
  for (let count = 1; count <= most; count++) {
    const colWidth = Math.floor((width + 1) / count);
    const { columns, shown } = flow(items, colWidth - 1, rows, count);
    if (shown === items.length) return { columns, colWidth, complete: true };
    if (shown > best.shown) best = { columns, colWidth, complete: false, shown };
  }
  return { columns: best.columns, colWidth: best.colWidth, complete: best.complete };
}
