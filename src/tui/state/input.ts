import type { Command, Mode } from '../keys/commands.js';
import type { Effect } from './actions.js';
import { INPUT_HISTORY_LENGTH, type Model } from './model.js';
import { compileLiveQuery } from '../../query/live-query.js';
import { paneFor } from './results.js';
import { applyEdit, isEditCommand } from './text-edit.js';
import { withNotice } from './notice.js';
import { LITERAL_NOTE, searchPattern } from './search.js';

/** Opens the filter (`i`) or search (`/`) box with the text in force. */
export function startInput(model: Model, mode: 'editing' | 'search'): Model {
  const text = mode === 'editing' ? model.filter : model.search;
  return { ...model, mode, draft: text, cursor: text.length, inputError: undefined, historyIndex: undefined };
}

/** Types text at the cursor. */
export function insertText(model: Model, text: string): Model {
  const draft = model.draft.slice(0, model.cursor) + text + model.draft.slice(model.cursor);
  return { ...model, draft, cursor: model.cursor + text.length, historyIndex: undefined };
}

/** Line editing and history browsing inside the input box. */
export function editInput(model: Model, command: Command): Model {
  if (isEditCommand(command)) {
    const { text, cursor } = applyEdit(command, model.draft, model.cursor);
    return { ...model, draft: text, cursor };
  }
  if (command === 'historyPrev' || command === 'historyNext') {
    const list = model.inputHistory[historyOf(model.mode)];
    if (list.length === 0) return model;
    const from = model.historyIndex ?? list.length;
    const index = command === 'historyPrev' ? Math.max(0, from - 1) : from + 1;
    if (index >= list.length) return { ...model, draft: '', cursor: 0, historyIndex: undefined };
    const text = list[index]!;
    return { ...model, draft: text, cursor: text.length, historyIndex: index };
  }
  return model;
}

/** Leaves the input box without changing anything (back to the results pane if it was open). */
export function cancelInput(model: Model): Model {
  return {
    ...model,
    mode: model.results !== undefined ? 'results' : 'normal',
    inputError: undefined,
    historyIndex: undefined,
  };
}

/**
 * Enter in the input box: a valid filter replaces the one in force (and the engine re-filters
 * the whole buffer; a query with a pipeline opens the results pane); a search becomes the one
 * `n`/`N` jump to (text that is not a regex is searched literally, with a note). An invalid one keeps the box open with its error (and its
 * column), and what was in force stays.
 */
export function applyInput(model: Model, now: number): { model: Model; effects: Effect[] } {
  const mode: Mode = model.mode;
  const text = model.draft.trim();
  if (mode === 'editing') {
    const compiled = compileLiveQuery(text, model.levelMin);
    if (!compiled.ok) return { model: { ...model, inputError: compiled.error }, effects: [] };
    const results = paneFor(text, compiled);
    const next: Model = {
      ...model,
      mode: results === undefined ? 'normal' : 'results',
      filter: text,
      results,
      inputError: undefined,
      inputHistory: remember(model, 'editing', text),
    };
    return { model: next, effects: [{ type: 'setFilter', query: text, levelMin: model.levelMin }] };
  }
  const read = searchPattern(text);
  if (!read.ok) return { model: { ...model, inputError: read.error }, effects: [] };
  const next: Model = {
    ...model,
    mode: 'normal',
    search: read.pattern,
    inputError: undefined,
    inputHistory: remember(model, 'search', text),
  };
  if (text === '') return { model: next, effects: [] };
  return {
    model: read.literal ? withNotice(next, LITERAL_NOTE, 'info', now) : next,
    effects: [{ type: 'find', pattern: read.pattern, fromSeq: model.selected ?? model.top, direction: 'older' }],
  };
}

/** The input history a mode's box recalls. */
function historyOf(mode: Mode): keyof Model['inputHistory'] {
  return mode === 'search' || mode === 'export' || mode === 'time' ? mode : 'editing';
}

/** The input history with `text` added as its newest entry (once). */
export function remember(model: Model, which: keyof Model['inputHistory'], text: string): Model['inputHistory'] {
  if (text === '') return model.inputHistory;
  const list = model.inputHistory[which].filter((t) => t !== text);
  list.push(text);
  return { ...model.inputHistory, [which]: list.slice(-INPUT_HISTORY_LENGTH) };
}
