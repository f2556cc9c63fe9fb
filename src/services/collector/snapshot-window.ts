import type { LogView } from '../../query/log-view.js';
import type { ViewRequest } from './engine-protocol.js';

/** Characters of a message sent to the UI per row: more than any terminal row shows. */
const ROW_MESSAGE_CHARS = 2000;

/** The shown logs a snapshot carries, by index (0 = newest): `[startIndex, end)`, the screen from `top`. */
export interface SnapshotWindow {
  top: number;
  startIndex: number;
  end: number;
}

/** The screen of shown logs from the request's anchor (or the newest), with its margin either side. */
export function snapshotWindow(view: LogView, req: ViewRequest): SnapshotWindow {
  const height = Math.max(1, Math.floor(req.height));
  const margin = Math.max(0, Math.floor(req.margin));
  let top = 0;
  if (req.anchor !== undefined) {
    const at = view.indexAtOrBefore(req.anchor);
    top = at >= 0 ? at : Math.max(0, view.size - height);
  }
  return { top, startIndex: Math.max(0, top - margin), end: Math.min(view.size, top + height + margin) };
}

/** A log's message as a row sends it to the UI: cut where no terminal row would show more. */
export function rowMessage(message: string): string {
  return message.length > ROW_MESSAGE_CHARS ? message.slice(0, ROW_MESSAGE_CHARS) : message;
}

/**
 * Up to `max` shown logs from the first at or after `seq`, towards the newest, and the one after
 * them (undefined at the newest end); `skip` leaves rows out (gap markers).
 */
export function shownFrom(
  view: LogView,
  seq: number,
  max: number,
  skip?: (seq: number) => boolean,
): { seqs: number[]; next: number | undefined } {
  const at = view.indexAtOrBefore(seq);
  // Index 0 is the newest: from the first shown log at or after seq towards it.
  let i = at < 0 ? view.size - 1 : view.seqAt(at) === seq ? at : at - 1;
  const seqs: number[] = [];
  for (; i >= 0 && seqs.length < max; i--) {
    const s = view.seqAt(i) as number;
    if (skip === undefined || !skip(s)) seqs.push(s);
  }
  return { seqs, next: view.seqAt(i) };
}

/** The log a jump to a time found, and the top row of a page with it at the oldest end and up to `newer` logs after it. */
export function seekPage(
  view: LogView,
  seq: number | undefined,
  newer: number,
): { seq: number | undefined; top: number | undefined } {
  if (seq === undefined) return { seq, top: undefined };
  const index = view.indexOf(seq);
  const rows = Number.isFinite(newer) ? Math.max(0, Math.floor(newer)) : 0;
  return { seq, top: view.seqAt(Math.max(0, index - rows)) ?? seq };
}
