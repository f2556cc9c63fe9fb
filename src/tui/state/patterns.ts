import type { PatternRow, PatternsSnapshot } from '../../services/collector/live-patterns.js';
import type { Command } from '../keys/commands.js';
import type { Effect } from './actions.js';
import type { Model } from './model.js';

/*
 * The patterns view (P): every log's message grouped into templates by the engine's miner,
 * one row per pattern. j/k select, s cycles the sort, Enter filters the list to the selected
 * pattern with a `pattern:ID` term, Esc goes back. The selection follows its pattern through
 * updates and re-sorts, so rows moving under it do not change what Enter filters to.
 */

/** How the rows are ordered: most logs, most recently seen, most recently first seen, new ones first. */
export const PATTERN_SORTS = ['count', 'lastSeen', 'firstSeen', 'new'] as const;
export type PatternSort = (typeof PATTERN_SORTS)[number];

/** What the footer calls each sort. */
export const SORT_LABELS: Record<PatternSort, string> = {
  count: 'count',
  lastSeen: 'last seen',
  firstSeen: 'first seen',
  new: 'new first',
};

/** A pattern is new while its first log arrived less than this long ago. */
export const NEW_PATTERN_MS = 60_000;

/** The patterns view's state. */
export interface PatternsPane {
  /** Undefined until the engine sent the first rows. */
  snapshot: PatternsSnapshot | undefined;
  sort: PatternSort;
  /** The snapshot's rows in `sort` order. */
  rows: readonly PatternRow[];
  /** Index of the selected row, and the id of its pattern (kept across updates). */
  selected: number;
  selectedId: string | undefined;
}

/** Whether a pattern counts as new in a snapshot cut at `at`. */
export function isNewPattern(row: PatternRow, at: number): boolean {
  return at - row.firstSeen < NEW_PATTERN_MS;
}

/** The rows in a sort order; ties by count, then id, so the order is total and stable. */
export function sortPatterns(rows: readonly PatternRow[], sort: PatternSort, at: number): PatternRow[] {
  const key = (r: PatternRow): number => {
    switch (sort) {
      case 'count':
        return r.count;
      case 'lastSeen':
        return r.lastSeen;
      case 'firstSeen':
        return r.firstSeen;
      case 'new':
        return isNewPattern(r, at) ? 1 : 0;
    }
  };
  return [...rows].sort((a, b) => {
    const ka = finite(key(a));
    const kb = finite(key(b));
    if (ka !== kb) return kb - ka;
    const ca = finite(a.count);
    const cb = finite(b.count);
    if (ca !== cb) return cb - ca;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Opens the view: the engine starts mining (if it had not) and sends rows. */
export function openPatterns(model: Model): { model: Model; effects: Effect[] } {
  const pane: PatternsPane = model.patterns ?? {
    snapshot: undefined,
    sort: 'count',
    rows: [],
    selected: 0,
    selectedId: undefined,
  };
  return { model: { ...model, mode: 'patterns', patterns: pane }, effects: [{ type: 'watchPatterns', watch: true }] };
}

/** New rows from the engine; kept (sorted) whether or not the view is open, dropped before it ever opened. */
export function patternsArrived(model: Model, snapshot: PatternsSnapshot): Model {
  const pane = model.patterns;
  if (pane === undefined) return model;
  return { ...model, patterns: arrange({ ...pane, snapshot }, pane.sort) };
}

/** A key in the patterns view. */
export function patternsCommand(model: Model, command: Command): { model: Model; effects: Effect[] } {
  const pane = model.patterns;
  if (pane === undefined) return leave(model, undefined);
  const page = Math.max(1, model.rows - 8);
  const moves: Partial<Record<Command, number>> = {
    selectOlder: 1,
    selectNewer: -1,
    pageDown: page,
    pageUp: -page,
    halfPageDown: Math.floor(page / 2),
    halfPageUp: -Math.floor(page / 2),
    goOldest: -Infinity,
    goNewest: Infinity,
  };
  const by = moves[command];
  if (by !== undefined) return { model: { ...model, patterns: select(pane, pane.selected + by) }, effects: [] };
  switch (command) {
    case 'cyclePatternSort': {
      const next = PATTERN_SORTS[(PATTERN_SORTS.indexOf(pane.sort) + 1) % PATTERN_SORTS.length] ?? 'count';
      return { model: { ...model, patterns: arrange(pane, next) }, effects: [] };
    }
    case 'filterByRow': {
      const row = pane.rows[pane.selected];
      if (row === undefined) return { model, effects: [] };
      return leave(model, `pattern:${row.id}`);
    }
    case 'closeOverlay':
      return leave(model, undefined);
    default:
      return { model, effects: [] };
  }
}

/** Back to the list, with `filter` in force when given (the pipeline of a results pane dropped). */
function leave(model: Model, filter: string | undefined): { model: Model; effects: Effect[] } {
  const effects: Effect[] = [{ type: 'watchPatterns', watch: false }];
  if (filter === undefined) return { model: { ...model, mode: 'normal' }, effects };
  effects.push({ type: 'setFilter', query: filter, levelMin: model.levelMin });
  return {
    model: { ...model, mode: 'normal', filter, results: undefined, selected: undefined, top: undefined },
    effects,
  };
}

/** The pane's rows in `sort` order, the selection following its pattern. */
function arrange(pane: PatternsPane, sort: PatternSort): PatternsPane {
  const snap = pane.snapshot;
  const rows = snap === undefined ? [] : sortPatterns(snap.rows, sort, snap.at);
  const at = pane.selectedId === undefined ? -1 : rows.findIndex((r) => r.id === pane.selectedId);
  return select({ ...pane, sort, rows }, at >= 0 ? at : pane.selected);
}

function select(pane: PatternsPane, index: number): PatternsPane {
  const n = pane.rows.length;
  const selected = n === 0 ? 0 : Math.max(0, Math.min(n - 1, Number.isFinite(index) ? index : index > 0 ? n : 0));
  return { ...pane, selected, selectedId: pane.rows[selected]?.id };
}

/** A number the sort can compare: NaN lowest, the infinities as the largest finite ones. */
function finite(n: number): number {
  return Number.isFinite(n) ? n : n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}
