import type { Binding } from '../keys/bindings.js';
import { MODES, type Mode } from '../keys/commands.js';
import { buildKeyMap } from '../keys/match.js';

/** One thing the help says: a section's title, or keys with what they do. */
export type HelpItem = { kind: 'heading'; text: string } | { kind: 'entry'; keys: string; description: string };

/** A part of the help: the keys of one or more modes, under a title. */
export interface HelpSection {
  title: string;
  modes: readonly Mode[];
}

/** Every mode in exactly one section; the one the help is opened from comes first. */
export const HELP_SECTIONS: readonly HelpSection[] = [
  { title: 'Normal mode', modes: ['normal'] },
  { title: 'Typing a filter, search, file name or time', modes: ['editing', 'search', 'export', 'time'] },
  { title: 'Detail view (Enter)', modes: ['detail'] },
  { title: 'Results (a query with | stats)', modes: ['results'] },
  { title: 'Patterns (P)', modes: ['patterns'] },
  { title: 'Histogram (H)', modes: ['histogram'] },
  { title: 'This help (?)', modes: ['help'] },
];

/** The title of the keys that do the same in every mode (listed once, last). */
export const EVERYWHERE = 'Everywhere';

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

// Commands folded into one summary line each, so the help stays short; the line stands where the
// first of them would. Keyed by a section's first mode.
const SCROLLING = ['selectOlder', 'selectNewer', 'halfPageDown', 'halfPageUp', 'pageDown', 'pageUp'];
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
  detail: [{ commands: [...SCROLLING, 'wheelDown', 'wheelUp', 'goOldest', 'goNewest'], line: 'scroll' }],
  help: [{ commands: [...SCROLLING, 'wheelDown', 'wheelUp', 'goOldest', 'goNewest'], line: 'scroll' }],
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
  ],
  patterns: [
    { commands: ['selectOlder', 'selectNewer'], line: 'select the next / previous pattern' },
    { commands: ['pageDown', 'pageUp'], line: 'a page down / up' },
    { commands: ['goOldest', 'goNewest'], line: 'the first / last pattern' },
  ],
  histogram: [
    { commands: ['barPrev', 'barNext'], line: 'select the bar before / after' },
    { commands: ['goOldest', 'goNewest'], line: 'select the first / last bar' },
  ],
};

/** The section a mode's keys are listed in. */
export function sectionOf(mode: Mode): HelpSection {
  return HELP_SECTIONS.find((s) => s.modes.includes(mode)) ?? HELP_SECTIONS[0]!;
}

/** Keys bound to one command in every mode, e.g. Ctrl-c quits everywhere (`key` → command). */
export function everywhereKeys(bindings: readonly Binding[]): Map<string, string> {
  const map = buildKeyMap(bindings);
  const out = new Map<string, string>();
  for (const key of new Set(bindings.flatMap((b) => b.keys))) {
    const command = map.get(`${MODES[0]!}:${key}`);
    if (command !== undefined && MODES.every((m) => map.get(`${m}:${key}`) === command)) out.set(key, command);
  }
  return out;
}

/**
 * What the help says, generated from the keybinding table: a section per group of modes (the
 * one `from` is in first), an entry per binding (or fold), and the keys of every mode once, last.
 */
export function helpItems(bindings: readonly Binding[], from: Mode = 'normal'): HelpItem[] {
  const out: HelpItem[] = [];
  const entry = (keys: readonly string[], description: string): void =>
    void out.push({ kind: 'entry', keys: keys.map(keyLabel).join(' '), description });
  const everywhere = everywhereKeys(bindings);
  const own = (b: Binding): readonly string[] => b.keys.filter((k) => everywhere.get(k) !== b.command);
  const first = sectionOf(from);
  for (const section of [first, ...HELP_SECTIONS.filter((s) => s !== first)]) {
    const here = bindings.filter((b) => b.modes.some((m) => section.modes.includes(m)) && own(b).length > 0);
    // A pane's own keys before those it shares with other modes (?, e, T).
    const mine = (b: Binding): boolean =>
      section === HELP_SECTIONS[0] || b.modes.every((m) => section.modes.includes(m));
    const rows = [...here.filter(mine), ...here.filter((b) => !mine(b))];
    if (rows.length === 0) continue;
    out.push({ kind: 'heading', text: section.title });
    const folds = FOLDED[section.modes[0]!] ?? [];
    const done = new Set<(typeof folds)[number]>();
    for (const b of rows) {
      const fold = folds.find((f) => f.commands.includes(b.command));
      if (fold === undefined) entry(own(b), b.description);
      else if (!done.has(fold)) {
        done.add(fold);
        entry(rows.filter((r) => fold.commands.includes(r.command)).flatMap(own), fold.line);
      }
    }
  }
  const byCommand = new Map<string, string[]>();
  for (const [key, command] of everywhere) byCommand.set(command, [...(byCommand.get(command) ?? []), key]);
  if (byCommand.size > 0) out.push({ kind: 'heading', text: EVERYWHERE });
  for (const [command, keys] of byCommand)
    entry(keys, bindings.find((b) => b.command === command)?.description ?? command);
  return out;
}
