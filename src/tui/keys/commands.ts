/** Everything a key can do. Bindings (bindings.ts) map keys to these; `update` interprets them. */
export type Command =
  | 'quit'
  | 'selectOlder'
  | 'selectNewer'
  | 'clearSelection'
  | 'copyMessage'
  | 'editFilter'
  | 'applyFilter'
  | 'cancelFilter'
  | 'deleteBackward'
  | 'cursorLeft'
  | 'cursorRight'
  | 'cursorHome'
  | 'cursorEnd'
  | 'deleteWord'
  | 'deleteToStart';

/** Input modes, as in the original: Normal (navigate) and Editing (type the filter). */
export type Mode = 'normal' | 'editing';
