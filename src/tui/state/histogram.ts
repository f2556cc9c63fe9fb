import { parseTime } from '../../core/time-bound.js';
import type { TimeHistogram } from '../../services/collector/time-histogram.js';
import type { Command } from '../keys/commands.js';
import type { Effect } from './actions.js';
import { remember } from './input.js';
import type { HistogramPane, Model } from './model.js';
import { withNotice } from './notice.js';

/*
 * The histogram pane (H) and the jump to a time (t). The engine counts the shown logs by their
 * own time; the pane selects a bar (h/l), and Enter asks the engine for the bar's first log,
 * which the list then shows at the oldest end of its page, the logs after it filling the page.
 */

type Result = { model: Model; effects: Effect[] };

/** H: opens the pane and asks the engine for the counts. */
export function openHistogram(model: Model): Result {
  return { model: { ...model, mode: 'histogram' }, effects: [{ type: 'fetchHistogram' }] };
}

/** The engine's counts; the selection stays on the same time. */
export function histogramArrived(model: Model, data: TimeHistogram | undefined): Model {
  return { ...model, histogram: { ...model.histogram, data } };
}

/** Index of the selected bar, or undefined while there is none. */
export function selectedBar(pane: HistogramPane): number | undefined {
  const data = pane.data;
  if (data === undefined || data.bars.length === 0) return undefined;
  const last = data.bars.length - 1;
  if (pane.selected === undefined) return last;
  const at = Math.floor((pane.selected - data.start) / data.spanMs);
  return Number.isFinite(at) ? Math.max(0, Math.min(last, at)) : last;
}

/** A key in the histogram pane. */
export function histogramCommand(model: Model, command: Command, now: number): Result {
  const pane = model.histogram;
  const data = pane.data;
  const index = selectedBar(pane);
  const select = (i: number): Result => {
    if (data === undefined) return { model, effects: [] };
    const bar = Math.max(0, Math.min(data.bars.length - 1, i));
    return { model: { ...model, histogram: { ...pane, selected: data.start + bar * data.spanMs } }, effects: [] };
  };
  switch (command) {
    case 'closeOverlay':
      return { model: { ...model, mode: 'normal' }, effects: [] };
    case 'barPrev':
      return index === undefined ? { model, effects: [] } : select(index - 1);
    case 'barNext':
      return index === undefined ? { model, effects: [] } : select(index + 1);
    case 'goOldest':
      return select(0);
    case 'goNewest':
      return { model: { ...model, histogram: { ...pane, selected: undefined } }, effects: [] };
    case 'toggleUtc':
      return { model: toggleUtc(model, now), effects: [] };
    case 'jumpToBar': {
      if (data === undefined || index === undefined)
        return { model: withNotice(model, 'no bar to jump to yet', 'error', now), effects: [] };
      const from = data.start + index * data.spanMs;
      return {
        model: { ...model, mode: 'normal' },
        effects: [{ type: 'seekTime', from, to: from + data.spanMs, newer: model.listHeight - 1 }],
      };
    }
    default:
      return { model, effects: [] };
  }
}

/** T: local time or UTC, everywhere times are shown. */
export function toggleUtc(model: Model, now: number): Model {
  const utc = !model.utc;
  return withNotice({ ...model, utc }, utc ? 'times in UTC' : 'times in local time', 'info', now);
}

/** t: opens the prompt for the time to jump to. */
export function startTimeJump(model: Model): Model {
  return { ...model, mode: 'time', draft: '', cursor: 0, inputError: undefined, historyIndex: undefined };
}

/** Enter in the time prompt: a readable time asks the engine for the first log at or after it. */
export function applyTimeJump(model: Model, now: number): Result {
  const text = model.draft.trim();
  const parsed = parseTime(text, now, { utc: model.utc });
  if (!parsed.ok) return { model: { ...model, inputError: parsed.error }, effects: [] };
  const next: Model = {
    ...model,
    mode: 'normal',
    inputError: undefined,
    historyIndex: undefined,
    inputHistory: remember(model, 'time', text),
  };
  return { model: next, effects: [{ type: 'seekTime', from: parsed.ms, to: undefined, newer: model.listHeight - 1 }] };
}

/** The engine's answer to a jump: select the log, with `top` the newest row of its page. */
export function timeFound(model: Model, seq: number | undefined, top: number | undefined, now: number): Model {
  if (seq === undefined) return withNotice(model, 'no shown log has a time to jump to', 'error', now);
  return { ...model, selected: seq, top: top ?? seq };
}
