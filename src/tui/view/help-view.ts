import type { Binding } from '../keys/bindings.js';
import type { Mode } from '../keys/commands.js';
import type { Rect } from './layout.js';
import type { Screen } from './screen.js';
import type { Theme } from './theme.js';

const MODE_TITLES: Record<Mode, string> = {
  normal: 'Normal mode',
  editing: 'Editing the filter (i) and searching (/)',
  search: 'Searching',
  detail: 'Detail view (Enter)',
  help: 'This help',
};

/** Names keys the way people read them: `ctrl+d` → `Ctrl-d`, `pagedown` → `PageDown`. */
export function keyLabel(spec: string): string {
  const names: Record<string, string> = { return: 'Enter', escape: 'Esc', space: 'Space', pagedown: 'PageDown', pageup: 'PageUp', home: 'Home', end: 'End', up: '↑', down: '↓', left: '←', right: '→', backspace: 'Backspace', wheeldown: 'wheel↓', wheelup: 'wheel↑' };
  if (spec.startsWith('ctrl+')) return `Ctrl-${spec.slice(5)}`;
  return names[spec] ?? spec;
}

// Commands folded into one summary line each, so the help fits one screen.
const FOLDED: Partial<Record<Mode, { commands: readonly string[]; line: string }>> = {
  editing: { commands: ['deleteBackward', 'cursorLeft', 'cursorRight', 'cursorHome', 'cursorEnd', 'deleteWord', 'deleteToStart'], line: 'edit the text' },
  detail: { commands: ['selectOlder', 'selectNewer', 'halfPageDown', 'halfPageUp', 'pageDown', 'pageUp', 'wheelDown', 'wheelUp', 'goOldest', 'goNewest'], line: 'scroll' },
  normal: { commands: ['wheelDown', 'wheelUp'], line: 'move the selection by three rows' },
};

/** The help text, generated from the keybinding table: one line per binding, grouped by mode. */
export function helpLines(bindings: readonly Binding[]): { text: string; heading: boolean }[] {
  const out: { text: string; heading: boolean }[] = [];
  const line = (keys: readonly string[], description: string): void => void out.push({ text: `  ${keys.map(keyLabel).join(' ').padEnd(17)} ${description}`, heading: false });
  for (const mode of ['normal', 'editing', 'detail', 'help'] as const) {
    const rows = bindings.filter((b) => b.modes.includes(mode) && !(mode !== 'normal' && b.command === 'quit'));
    if (rows.length === 0) continue;
    if (out.length > 0) out.push({ text: '', heading: false });
    out.push({ text: MODE_TITLES[mode], heading: true });
    const folded = FOLDED[mode];
    for (const b of rows) if (folded === undefined || !folded.commands.includes(b.command)) line(b.keys, b.description);
    if (folded !== undefined) {
      const keys = rows.filter((b) => folded.commands.includes(b.command)).flatMap((b) => b.keys);
      if (keys.length > 0) line(keys, folded.line);
    }
  }
  return out;
}

/** The help overlay (`?`). */
export function drawHelp(screen: Screen, r: Rect, bindings: readonly Binding[], theme: Theme): void {
  screen.fill(r.x, r.y, r.w, r.h, ' ');
  screen.box(r.x, r.y, r.w, r.h, { title: ' Keys · Esc or ? to close ', style: theme.activeBorder, titleStyle: theme.title });
  const lines = helpLines(bindings);
  const rows = r.h - 2;
  const colWidth = Math.max(20, Math.floor((r.w - 4) / Math.max(1, Math.ceil(lines.length / Math.max(1, rows)))));
  // Columns when the list is taller than the overlay.
  for (let i = 0; i < lines.length; i++) {
    const col = Math.floor(i / Math.max(1, rows));
    const x = r.x + 2 + col * colWidth;
    if (x >= r.x + r.w - 2) break;
    const line = lines[i]!;
    screen.text(x, r.y + 1 + (i % Math.max(1, rows)), line.text, line.heading ? theme.title : undefined, Math.min(colWidth - 1, r.x + r.w - 2 - x));
  }
}
