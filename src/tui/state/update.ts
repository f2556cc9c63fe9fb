import type { Command } from '../keys/commands.js';
import type { Action, Effect } from './actions.js';
import { compileFilter } from './filter.js';
import type { LogView } from './log-store.js';
import { HISTORY_LENGTH, type Model } from './model.js';
import { applyEdit, isEditCommand } from './text-edit.js';

/** What `update` may read besides the model: the shown logs. */
export interface UpdateContext {
  view: LogView;
}

/** The new model and the side effects the container should perform. */
export interface UpdateResult {
  model: Model;
  effects: Effect[];
}

const NOTICE_MS = 2500;

/** The collector's state transition: pure, given the model, an action and the shown logs. */
export function update(model: Model, action: Action, ctx: UpdateContext): UpdateResult {
  switch (action.type) {
    case 'command':
      return runCommand(model, action.command, action.now, ctx);
    case 'insertText': {
      if (model.mode !== 'editing') return same(model);
      const draft = model.draft.slice(0, model.cursor) + action.text + model.draft.slice(model.cursor);
      return same({ ...model, draft, cursor: model.cursor + action.text.length });
    }
    case 'logsArrived':
      return same(model);
    case 'statsArrived': {
      if (action.windows.length === 0) return same(model);
      const oneSecond = action.windows.filter((w) => w.window_seconds <= 1);
      const history = [...model.history, ...oneSecond].slice(-HISTORY_LENGTH);
      return same({ ...model, stats: action.windows[action.windows.length - 1], history });
    }
    case 'statusChanged':
      return same({ ...model, source: { ...model.source, status: action.status } });
    case 'ratesUpdated':
      return same({ ...model, rates: action.rates });
    case 'resized':
      return same(ensureVisible({ ...model, cols: action.cols, rows: action.rows, listHeight: Math.max(1, action.listHeight) }, ctx.view));
    case 'notice':
      return same(notice(model, action.text, action.kind, action.now));
    case 'tick':
      return same(model.notice !== undefined && model.notice.until <= action.now ? { ...model, notice: undefined } : model);
  }
}

function runCommand(model: Model, command: Command, now: number, ctx: UpdateContext): UpdateResult {
  if (isEditCommand(command)) {
    const { text, cursor } = applyEdit(command, model.draft, model.cursor);
    return same({ ...model, draft: text, cursor });
  }
  switch (command) {
    case 'quit':
      return { model: { ...model, quitting: true }, effects: [{ type: 'quit' }] };
    case 'selectOlder':
      return same(moveSelection(model, +1, ctx.view));
    case 'selectNewer':
      return same(moveSelection(model, -1, ctx.view));
    case 'clearSelection':
      return same({ ...model, selected: undefined, top: undefined });
    case 'copyMessage': {
      if (model.selected === undefined) return same(notice(model, 'select a log first (j/k), then c copies its message', 'error', now));
      // The container fetches the full message (the view may hold a shortened one) and confirms.
      return { model, effects: [{ type: 'copy', seq: model.selected, what: 'message' }] };
    }
    case 'editFilter':
      return same({ ...model, mode: 'editing', draft: model.filter, cursor: model.filter.length, filterError: undefined });
    case 'cancelFilter':
      return same({ ...model, mode: 'normal', draft: model.filter, cursor: model.filter.length, filterError: undefined });
    case 'applyFilter': {
      const compiled = compileFilter(model.draft);
      if (!compiled.ok) return same({ ...model, filterError: compiled.error });
      const next: Model = { ...model, mode: 'normal', filter: compiled.text, filterError: undefined, top: model.selected === undefined ? undefined : model.top };
      return { model: next, effects: [{ type: 'setFilter', pattern: compiled.text }] };
    }
  }
  return same(model);
}

/** Index of the top row (0 = newest) for the current anchor. */
export function topIndex(model: Model, view: LogView): number {
  if (model.top === undefined) return 0;
  const index = view.indexAtOrBefore(model.top);
  // The anchor left the buffer (rotated out): stay on the oldest page instead of jumping to the newest.
  return index >= 0 ? index : Math.max(0, view.size - model.listHeight);
}

/** Index of the selected log among the shown ones, or -1 when none is selected. */
export function selectedIndex(model: Model, view: LogView): number {
  if (model.selected === undefined) return -1;
  const exact = view.indexOf(model.selected);
  return exact >= 0 ? exact : view.indexAtOrBefore(model.selected);
}

function moveSelection(model: Model, delta: number, view: LogView): Model {
  if (view.size === 0) return model;
  const current = selectedIndex(model, view);
  const index = current < 0 ? topIndex(model, view) : clamp(current + delta, 0, view.size - 1);
  const seq = view.seqAt(index);
  // Outside what the view knows yet (a snapshot a frame old): stay until it catches up.
  if (seq === undefined) return model;
  return ensureVisible({ ...model, selected: seq }, view);
}

/** Scrolls so the selection is on screen; pins the view (stops following) while a log is selected. */
function ensureVisible(model: Model, view: LogView): Model {
  const index = selectedIndex(model, view);
  if (index < 0) return model;
  let top = topIndex(model, view);
  if (index < top) top = index;
  else if (index >= top + model.listHeight) top = index - model.listHeight + 1;
  return { ...model, top: view.seqAt(top) ?? model.top ?? model.selected };
}

function notice(model: Model, text: string, kind: 'info' | 'error', now: number): Model {
  return { ...model, notice: { text, kind, until: now + NOTICE_MS } };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

function same(model: Model): UpdateResult {
  return { model, effects: [] };
}
