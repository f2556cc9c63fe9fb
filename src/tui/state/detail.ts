import type { Command } from '../keys/commands.js';
import type { Model } from './model.js';

/*
 * The detail view (Enter): one log whole, scrolled by lines. How many lines the log wraps to
 * is the view's to say (it lays the text out), so the keys are handed the viewport and the
 * stored scroll never leaves [0, maxScroll]: every key after G or g moves what is shown.
 */

/** How far the detail view scrolls at the model's size, and how many lines a page moves. */
export interface DetailViewport {
  page: number;
  maxScroll: number;
}

const WHEEL_LINES = 3;

/** A key in the detail view: scrolls it, asks to copy the log, or closes it. */
export function detailCommand(model: Model, command: Command, viewport: DetailViewport): Model {
  const detail = model.detail;
  if (detail === undefined || command === 'closeOverlay') return { ...model, mode: 'normal', detail: undefined };
  const page = Math.max(1, viewport.page);
  const by: Partial<Record<Command, number>> = {
    selectOlder: 1,
    selectNewer: -1,
    wheelDown: WHEEL_LINES,
    wheelUp: -WHEEL_LINES,
    halfPageDown: Math.max(1, Math.floor(page / 2)),
    halfPageUp: -Math.max(1, Math.floor(page / 2)),
    pageDown: page,
    pageUp: -page,
    goOldest: -Infinity,
    goNewest: Infinity,
  };
  const delta = by[command];
  if (delta === undefined) return model;
  const max = Math.max(0, viewport.maxScroll);
  const scroll = Math.max(0, Math.min(max, Math.min(detail.scroll, max) + delta));
  return scroll === detail.scroll ? model : { ...model, detail: { ...detail, scroll } };
}

/** After a resize: the detail's scroll within what it can now scroll. */
export function fitDetail(model: Model, viewport: DetailViewport): Model {
  const detail = model.detail;
  if (detail === undefined) return model;
  const scroll = Math.min(detail.scroll, Math.max(0, viewport.maxScroll));
  return scroll === detail.scroll ? model : { ...model, detail: { ...detail, scroll } };
}
