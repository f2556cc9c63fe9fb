import type { LogView } from '../../query/log-view.js';
import type { Effect } from './actions.js';
import type { Model } from './model.js';
import { selectedIndex } from './navigation.js';
import { withNotice } from './notice.js';

/*
 * Marks: logs the user flagged with `m`, kept as sequence numbers. A filter never removes
 * them (a hidden mark shows again when the filter lets its log through); a log leaving the
 * buffer takes its mark along, so there are never more marks than logs held.
 */

/** Where `seq` is or would go in the ascending `marks`. */
function position(marks: readonly number[], seq: number): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((marks[mid] as number) < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the log `seq` is marked. */
export function isMarked(marks: readonly number[], seq: number): boolean {
  return marks[position(marks, seq)] === seq;
}

/** `m`: marks the highlighted log, or unmarks it. */
export function toggleMark(model: Model, view: LogView, now: number): Model {
  const seq = view.seqAt(selectedIndex(model, view));
  if (model.selected === undefined || seq === undefined)
    return withNotice(model, 'select a log first (j/k), then m marks it', 'error', now);
  const at = position(model.marks, seq);
  const marks = [...model.marks];
  if (marks[at] === seq) marks.splice(at, 1);
  else marks.splice(at, 0, seq);
  return { ...model, marks };
}

/** `M`: forgets every mark. */
export function clearMarks(model: Model, now: number): Model {
  if (model.marks.length === 0) return withNotice(model, 'no marks to clear', 'info', now);
  return withNotice(
    { ...model, marks: [] },
    `cleared ${model.marks.length.toLocaleString('en-US')} mark${model.marks.length === 1 ? '' : 's'}`,
    'info',
    now,
  );
}

/**
 * `]` / `[`: asks the engine for the next mark down / up the screen that the filter shows (it
 * alone knows which logs pass the filter beyond the rows on screen).
 */
export function findMark(model: Model, down: boolean, now: number): { model: Model; effects: Effect[] } {
  if (model.marks.length === 0)
    return { model: withNotice(model, 'no marks yet: m marks the selected log', 'error', now), effects: [] };
  const older = model.order === 'newest-first' ? down : !down;
  return {
    model,
    effects: [
      {
        type: 'findMark',
        marks: model.marks,
        fromSeq: model.selected ?? model.top,
        direction: older ? 'older' : 'newer',
      },
    ],
  };
}

/** The engine's answer to `findMark`: selects that log and scrolls to it. */
export function markFound(model: Model, seq: number | undefined, now: number): Model {
  if (seq === undefined) return withNotice(model, 'no more marks that way (hidden ones are skipped)', 'error', now);
  return { ...model, selected: seq, top: seq };
}

/** Drops the marks of logs that left the buffer (below `oldestHeld`). */
export function dropLeftMarks(model: Model, oldestHeld: number): Model {
  const first = model.marks[0];
  if (first === undefined || first >= oldestHeld) return model;
  return { ...model, marks: model.marks.slice(position(model.marks, oldestHeld)) };
}
