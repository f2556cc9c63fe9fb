/** Everything a key can do. Bindings (bindings.ts) map keys to these; `update` interprets them. */
export type Command =
  | 'quit'
  | 'selectOlder'
  | 'selectNewer'
  | 'clearSelection'
  | 'togglePause'
  | 'goOldest'
  | 'goNewest'
  | 'halfPageDown'
  | 'halfPageUp'
  | 'pageDown'
  | 'pageUp'
  | 'wheelDown'
  | 'wheelUp'
  | 'copyMessage'
  | 'copyJson'
  | 'openDetail'
  | 'closeOverlay'
  | 'showHelp'
  | 'toggleStats'
  | 'cycleWindow'
  | 'levelErrors'
  | 'levelWarn'
  | 'levelInfo'
  | 'levelDebug'
  | 'levelAll'
  | 'editFilter'
  | 'startSearch'
  | 'searchNext'
  | 'searchPrev'
  | 'applyInput'
  | 'cancelInput'
  | 'historyPrev'
  | 'historyNext'
  | 'deleteBackward'
  | 'cursorLeft'
  | 'cursorRight'
  | 'cursorHome'
  | 'cursorEnd'
  | 'deleteWord'
  | 'deleteToStart'
  | 'filterByRow'
  | 'toggleMark'
  | 'nextMark'
  | 'prevMark'
  | 'clearMarks'
  | 'startExport'
  | 'openPatterns'
  | 'cyclePatternSort'
  | 'toggleHistogram'
  | 'barPrev'
  | 'barNext'
  | 'jumpToBar'
  | 'startTimeJump'
  | 'toggleUtc';

/**
 * Input modes. Normal and Editing are RustLogStream's; Search types a `/` pattern; Detail
 * and Help are overlays with their own keys; Results is the table of a query's pipeline;
 * Export types the file name the list (or the results table) is saved to; Patterns is the
 * table of the patterns mined from every log; Histogram is the pane of log counts over time;
 * Time types the time the list jumps to.
 */
export type Mode =
  'normal' | 'editing' | 'search' | 'detail' | 'help' | 'results' | 'export' | 'patterns' | 'histogram' | 'time';

/** Every mode, for checks that must cover them all. */
export const MODES: readonly Mode[] = [
  'normal',
  'editing',
  'search',
  'detail',
  'help',
  'results',
  'export',
  'patterns',
  'histogram',
  'time',
];

/** Modes in which keys type text into an input box. */
export function isInputMode(mode: Mode): boolean {
  return mode === 'editing' || mode === 'search' || mode === 'export' || mode === 'time';
}

/**
 * Commands that neither read nor move the list's selection. While the engine has yet to answer a
 * request that moves the selection (a search, `n`/`N`, `]`/`[`, a time jump), the keys of every
 * other command wait for the answer and then act in the order they were typed, each on the
 * selection the ones before left; the keys of these act at once unless keys are waiting ahead of
 * them (which may open a text box, where `q` is a letter). A key that quits in every mode
 * (Ctrl-C) quits at once even then.
 */
export const SELECTION_FREE: ReadonlySet<Command> = new Set<Command>([
  'quit',
  'showHelp',
  'closeOverlay',
  'toggleStats',
  'cycleWindow',
  'toggleUtc',
]);
