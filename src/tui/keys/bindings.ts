import type { Command, Mode } from './commands.js';

/** One row of the keybinding table; the help text is generated from these rows. */
export interface Binding {
  command: Command;
  mode: Mode;
  /** Key specs: a printable character ('j', 'G', '?') or a named key with modifiers ('down', 'ctrl+c'). */
  keys: readonly string[];
  description: string;
}

/** The keybinding table. The first four rows are exactly the original collector's keys. */
export const DEFAULT_BINDINGS: readonly Binding[] = [
  { command: 'editFilter', mode: 'normal', keys: ['i'], description: 'edit the filter (regex)' },
  { command: 'selectOlder', mode: 'normal', keys: ['j', 'down'], description: 'move the selection down (older)' },
  { command: 'selectNewer', mode: 'normal', keys: ['k', 'up'], description: 'move the selection up (newer)' },
  { command: 'copyMessage', mode: 'normal', keys: ['c'], description: 'copy the selected message (OSC 52)' },
  { command: 'clearSelection', mode: 'normal', keys: ['escape'], description: 'clear the selection, follow the newest' },
  { command: 'quit', mode: 'normal', keys: ['q', 'ctrl+c'], description: 'quit' },
  { command: 'applyFilter', mode: 'editing', keys: ['return'], description: 'apply the filter' },
  { command: 'cancelFilter', mode: 'editing', keys: ['escape'], description: 'cancel the edit' },
  { command: 'quit', mode: 'editing', keys: ['ctrl+c'], description: 'quit' },
  { command: 'deleteBackward', mode: 'editing', keys: ['backspace'], description: 'delete the character before the cursor' },
  { command: 'cursorLeft', mode: 'editing', keys: ['left'], description: 'move the cursor left' },
  { command: 'cursorRight', mode: 'editing', keys: ['right'], description: 'move the cursor right' },
  { command: 'cursorHome', mode: 'editing', keys: ['home', 'ctrl+a'], description: 'move the cursor to the start' },
  { command: 'cursorEnd', mode: 'editing', keys: ['end', 'ctrl+e'], description: 'move the cursor to the end' },
  { command: 'deleteWord', mode: 'editing', keys: ['ctrl+w'], description: 'delete the word before the cursor' },
  { command: 'deleteToStart', mode: 'editing', keys: ['ctrl+u'], description: 'delete to the start of the line' },
];
