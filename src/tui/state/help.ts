import type { Command, Mode } from '../keys/commands.js';
import type { Model } from './model.js';

/*
 * The help overlay (?): opened from the log list or from a pane, it lists that pane's keys
 * first and goes back to it on close. When the keys do not fit the window it scrolls; how far
 * is the view's to say (it lays the text out), so `update` is handed the viewport.
 */

/** How far the help can scroll at the model's size, and how many lines a page moves. */
export interface HelpViewport {
  page: number;
  maxScroll: number;
}

/** Where the help came from and its first shown line. */
export interface HelpState {
  from: Mode;
  scroll: number;
}

const WHEEL_LINES = 3;

/** `?`: the help over the list or the pane in use. */
export function openHelp(model: Model): Model {
  return { ...model, mode: 'help', help: { from: model.mode, scroll: 0 } };
}

/** A key in the help: scrolls it, or closes it back to where it was opened (if that is still there). */
export function helpCommand(model: Model, command: Command, viewport: HelpViewport): Model {
  if (command === 'closeOverlay') return { ...model, mode: returnTo(model) };
  const by: Partial<Record<Command, number>> = {
    selectOlder: 1,
    selectNewer: -1,
    wheelDown: WHEEL_LINES,
    wheelUp: -WHEEL_LINES,
    pageDown: viewport.page,
    pageUp: -viewport.page,
    goOldest: -Infinity,
    goNewest: Infinity,
  };
  const delta = by[command];
  if (delta === undefined) return model;
  const max = Math.max(0, viewport.maxScroll);
  const scroll = Math.max(0, Math.min(max, Math.min(model.help.scroll, max) + delta));
  return { ...model, help: { ...model.help, scroll } };
}

/** After a resize: the help's scroll within what the new size can scroll. */
export function fitHelp(model: Model, viewport: HelpViewport): Model {
  const scroll = Math.min(model.help.scroll, Math.max(0, viewport.maxScroll));
  return scroll === model.help.scroll ? model : { ...model, help: { ...model.help, scroll } };
}

function returnTo(model: Model): Mode {
  const from = model.help.from;
  if (from === 'results' && model.results === undefined) return 'normal';
  if (from === 'detail' && model.detail === undefined) return 'normal';
  if (from === 'patterns' && model.patterns === undefined) return 'normal';
  return from === 'help' ? 'normal' : from;
}
