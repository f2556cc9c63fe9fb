import type { LogView } from '../../query/log-view.js';
import type { Model } from './model.js';

/** `top` value meaning "the oldest page", whatever its logs are by now (set by g). */
export const OLDEST_PAGE = -1;

/** Index (0 = newest) of the row at the newest end of the list. */
export function topIndex(model: Model, view: LogView): number {
  if (model.top === undefined) return 0;
  const at = view.indexAtOrBefore(model.top);
  // An anchor older than every log (rotated out, or OLDEST_PAGE) shows the oldest page.
  return at < 0 ? Math.max(0, view.size - model.listHeight) : at;
}

/** Index of the selected log among the shown ones, or -1 when none is selected. */
export function selectedIndex(model: Model, view: LogView): number {
  if (model.selected === undefined) return -1;
  const exact = view.indexOf(model.selected);
  return exact >= 0 ? exact : view.indexAtOrBefore(model.selected);
}

/** Logs newer than the top row while paused: the "N new" of the status line. */
export function newWhilePaused(model: Model, view: LogView): number {
  return model.top === undefined ? 0 : topIndex(model, view);
}

/**
 * Moves the selection by `rows` as the screen shows it (positive = down). The first move
 * selects the row at the newest end. Pauses the view: the selection stays put while logs arrive.
 */
export function moveSelection(model: Model, rows: number, view: LogView): Model {
  if (view.size === 0) return model;
  const delta = model.order === 'newest-first' ? rows : -rows;
  const current = selectedIndex(model, view);
  const index = current < 0 ? topIndex(model, view) : clamp(current + delta, 0, view.size - 1);
  const seq = view.seqAt(index);
  // Outside what the view knows yet (a snapshot a frame old, or a selection scrolled away by a
  // filter change): anchor on the selection, so the next snapshot holds the rows around it.
  if (seq === undefined)
    return model.selected === undefined || model.top === model.selected ? model : { ...model, top: model.selected };
  return ensureVisible({ ...model, selected: seq, top: model.top ?? view.seqAt(topIndex(model, view)) }, view);
}

/** Selects the oldest log (the view scrolls to its page). */
export function goOldest(model: Model, view: LogView): Model {
  const seq = view.edgeSeq('oldest');
  if (seq === undefined) return model;
  return { ...model, selected: seq, top: OLDEST_PAGE };
}

/** Back to following the newest logs, selection cleared. */
export function follow(model: Model): Model {
  return { ...model, selected: undefined, top: undefined };
}

/** Pauses at the current view, or resumes following. */
export function togglePause(model: Model, view: LogView): Model {
  if (model.top !== undefined) return follow(model);
  const seq = view.seqAt(0);
  return seq === undefined ? model : { ...model, top: seq };
}

/** Scrolls so the selection is on screen. */
export function ensureVisible(model: Model, view: LogView): Model {
  const index = selectedIndex(model, view);
  if (index < 0) return model;
  let top = topIndex(model, view);
  if (index < top) top = index;
  else if (index >= top + model.listHeight) top = index - model.listHeight + 1;
  return { ...model, top: view.seqAt(top) ?? model.top ?? model.selected };
}

/** Clamps n into lo..hi. */
export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
