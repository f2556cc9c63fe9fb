import type { Command, Mode } from './commands.js';

/** One row of the keybinding table; the help overlay is generated from these rows. */
export interface Binding {
  command: Command;
  /** The modes the keys work in. */
  modes: readonly Mode[];
  /** Key specs: a printable character ('j', 'G', '?') or a named key with modifiers ('down', 'ctrl+d'). */
  keys: readonly string[];
  description: string;
}

const INPUT: readonly Mode[] = ['editing', 'search', 'export', 'time'];

/** The keybinding table. The first rows are exactly RustLogStream's collector keys. */
export const DEFAULT_BINDINGS: readonly Binding[] = [
  { command: 'editFilter', modes: ['normal'], keys: ['i'], description: 'edit the filter (regex and field terms)' },
  { command: 'selectOlder', modes: ['normal'], keys: ['j', 'down'], description: 'move the selection down' },
  { command: 'selectNewer', modes: ['normal'], keys: ['k', 'up'], description: 'move the selection up' },
  { command: 'copyMessage', modes: ['normal', 'detail'], keys: ['c'], description: 'copy the message (OSC 52)' },
  { command: 'quit', modes: ['normal'], keys: ['q', 'ctrl+c'], description: 'quit' },
  { command: 'applyInput', modes: INPUT, keys: ['return'], description: 'apply and return to Normal mode' },
  { command: 'cancelInput', modes: INPUT, keys: ['escape'], description: 'cancel and return to Normal mode' },
  {
    command: 'clearSelection',
    modes: ['normal'],
    keys: ['escape'],
    description: 'clear the selection, follow the newest',
  },
  { command: 'togglePause', modes: ['normal'], keys: ['p', 'space'], description: 'pause / resume following' },
  { command: 'goOldest', modes: ['normal'], keys: ['g', 'home'], description: 'go to the oldest log' },
  { command: 'goNewest', modes: ['normal'], keys: ['G', 'end'], description: 'go to the newest log and follow' },
  { command: 'halfPageDown', modes: ['normal', 'detail'], keys: ['ctrl+d'], description: 'half a page down' },
  { command: 'halfPageUp', modes: ['normal', 'detail'], keys: ['ctrl+u'], description: 'half a page up' },
  { command: 'pageDown', modes: ['normal', 'detail'], keys: ['pagedown', 'ctrl+f'], description: 'a page down' },
  { command: 'pageUp', modes: ['normal', 'detail'], keys: ['pageup', 'ctrl+b'], description: 'a page up' },
  { command: 'wheelDown', modes: ['normal', 'detail'], keys: ['wheeldown'], description: 'scroll down (mouse wheel)' },
  { command: 'wheelUp', modes: ['normal', 'detail'], keys: ['wheelup'], description: 'scroll up (mouse wheel)' },
  {
    command: 'openDetail',
    modes: ['normal'],
    keys: ['return', 'l'],
    description: 'open the selected log in the detail view',
  },
  { command: 'copyJson', modes: ['normal', 'detail'], keys: ['C', 'y'], description: 'copy the whole log as JSON' },
  {
    command: 'startSearch',
    modes: ['normal'],
    keys: ['/'],
    description: 'search: highlight matches without hiding logs',
  },
  { command: 'searchNext', modes: ['normal'], keys: ['n'], description: 'next search match' },
  { command: 'searchPrev', modes: ['normal'], keys: ['N'], description: 'previous search match' },
  { command: 'levelErrors', modes: ['normal'], keys: ['1'], description: 'show errors and fatals only' },
  { command: 'levelWarn', modes: ['normal'], keys: ['2'], description: 'show warnings and above' },
  { command: 'levelInfo', modes: ['normal'], keys: ['3'], description: 'show info and above' },
  { command: 'levelDebug', modes: ['normal'], keys: ['4'], description: 'show debug and above' },
  { command: 'levelAll', modes: ['normal'], keys: ['5', '0'], description: 'show every level' },
  { command: 'toggleStats', modes: ['normal'], keys: ['s'], description: 'statistics pane: normal / large / hidden' },
  { command: 'cycleWindow', modes: ['normal'], keys: ['w'], description: 'statistics window: 1 s / 10 s / 1 min' },
  { command: 'toggleMark', modes: ['normal'], keys: ['m'], description: 'mark / unmark the selected log' },
  { command: 'nextMark', modes: ['normal'], keys: [']'], description: 'next mark' },
  { command: 'prevMark', modes: ['normal'], keys: ['['], description: 'previous mark' },
  { command: 'clearMarks', modes: ['normal'], keys: ['M'], description: 'clear every mark' },
  {
    command: 'startExport',
    modes: ['normal', 'results'],
    keys: ['e'],
    description: 'export the list (or the table) to a file',
  },
  {
    command: 'toggleHistogram',
    modes: ['normal'],
    keys: ['H'],
    description: 'histogram of the logs over their own time, by level',
  },
  { command: 'startTimeJump', modes: ['normal'], keys: ['t'], description: 'jump to a time (14:30, -15m, ISO)' },
  { command: 'toggleUtc', modes: ['normal', 'histogram'], keys: ['T'], description: 'times in local time / UTC' },
  { command: 'showHelp', modes: ['normal'], keys: ['?'], description: 'this help' },
  { command: 'selectOlder', modes: ['detail'], keys: ['j', 'down'], description: 'scroll down' },
  { command: 'selectNewer', modes: ['detail'], keys: ['k', 'up'], description: 'scroll up' },
  { command: 'goOldest', modes: ['detail'], keys: ['g', 'home'], description: 'go to the top' },
  { command: 'goNewest', modes: ['detail'], keys: ['G', 'end'], description: 'go to the bottom' },
  { command: 'closeOverlay', modes: ['detail'], keys: ['escape', 'h', 'q'], description: 'close the detail view' },
  { command: 'closeOverlay', modes: ['help'], keys: ['escape', '?', 'q'], description: 'close the help' },
  {
    command: 'quit',
    modes: ['detail', 'help', 'editing', 'search', 'export', 'time', 'histogram'],
    keys: ['ctrl+c'],
    description: 'quit',
  },
  { command: 'historyPrev', modes: INPUT, keys: ['up'], description: 'previous entry in the history' },
  { command: 'historyNext', modes: INPUT, keys: ['down'], description: 'next entry in the history' },
  {
    command: 'deleteBackward',
    modes: INPUT,
    keys: ['backspace'],
    description: 'delete the character before the cursor',
  },
  { command: 'cursorLeft', modes: INPUT, keys: ['left'], description: 'cursor left' },
  { command: 'cursorRight', modes: INPUT, keys: ['right'], description: 'cursor right' },
  { command: 'cursorHome', modes: INPUT, keys: ['home', 'ctrl+a'], description: 'cursor to the start' },
  { command: 'cursorEnd', modes: INPUT, keys: ['end', 'ctrl+e'], description: 'cursor to the end' },
  { command: 'deleteWord', modes: INPUT, keys: ['ctrl+w'], description: 'delete the word before the cursor' },
  { command: 'deleteToStart', modes: INPUT, keys: ['ctrl+u'], description: 'delete to the start' },
  { command: 'selectOlder', modes: ['results'], keys: ['j'], description: 'select the next row' },
  { command: 'selectNewer', modes: ['results'], keys: ['k'], description: 'select the previous row' },
  {
    command: 'filterByRow',
    modes: ['results'],
    keys: ['return'],
    description: "show the logs of the selected row's group",
  },
  {
    command: 'closeOverlay',
    modes: ['results'],
    keys: ['escape'],
    description: 'close the results, back to the log list',
  },
  { command: 'editFilter', modes: ['results'], keys: ['i'], description: 'edit the query' },
  { command: 'quit', modes: ['results'], keys: ['ctrl+c'], description: 'quit' },
  { command: 'barPrev', modes: ['histogram'], keys: ['h', 'left'], description: 'select the bar before' },
  { command: 'barNext', modes: ['histogram'], keys: ['l', 'right'], description: 'select the bar after' },
  { command: 'goOldest', modes: ['histogram'], keys: ['g', 'home'], description: 'select the first bar' },
  { command: 'goNewest', modes: ['histogram'], keys: ['G', 'end'], description: 'select the last bar' },
  {
    command: 'jumpToBar',
    modes: ['histogram'],
    keys: ['return'],
    description: "show the list from the selected bar's first log",
  },
  {
    command: 'closeOverlay',
    modes: ['histogram'],
    keys: ['escape', 'H', 'q'],
    description: 'close the histogram',
  },
];
