import type { Table } from '../../query/pipeline/table.js';
import type { Effect } from './actions.js';
import type { Model } from './model.js';
import { remember } from './input.js';
import { withNotice } from './notice.js';

/** A name ending with this replaces an existing file; without it an existing file is left alone. */
export const OVERWRITE_SUFFIX = '!';

/** `e`: opens the prompt for the file name the shown logs are saved to. */
export function startExport(model: Model): Model {
  return { ...model, mode: 'export', draft: '', cursor: 0, inputError: undefined, historyIndex: undefined };
}

/**
 * Enter in the export prompt: asks the container to save the shown logs, or `table` when a
 * result table is on screen (its pane passes it), to the typed file. The container reports
 * how many it wrote, or why it could not.
 */
export function applyExport(model: Model, now: number, table?: Table): { model: Model; effects: Effect[] } {
  const typed = model.draft.trim();
  const overwrite = typed.endsWith(OVERWRITE_SUFFIX);
  const name = overwrite ? typed.slice(0, -OVERWRITE_SUFFIX.length).trimEnd() : typed;
  if (name === '') return { model: { ...model, inputError: 'type a file name, e.g. logs.jsonl' }, effects: [] };
  const next = withNotice(
    {
      ...model,
      mode: model.results !== undefined ? 'results' : 'normal',
      inputError: undefined,
      historyIndex: undefined,
      inputHistory: remember(model, 'export', typed),
    },
    `exporting to ${name}…`,
    'info',
    now,
  );
  const effect: Effect =
    table === undefined ? { type: 'exportList', name, overwrite } : { type: 'exportTable', name, overwrite, table };
  return { model: next, effects: [effect] };
}
