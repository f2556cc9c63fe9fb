import { builtinOf } from '../../query/eval/field-path.js';
import { compileLiveQuery, groupFields, type LiveQuery } from '../../query/live-query.js';
import { parseLogQuery } from '../../query/lang/parser.js';
import { printExpr } from '../../query/lang/printer.js';
import type { Cell } from '../../query/pipeline/table.js';
import type { ResultsSnapshot } from '../../services/collector/engine-protocol.js';
import type { Command } from '../keys/commands.js';
import type { Effect } from './actions.js';
import type { Model, ResultsPane } from './model.js';

/*
 * The results pane: a query with a pipeline (`| stats count by service`) shows its table
 * instead of the log list. j/k select a row, Enter shows the logs of its group (the row's
 * `by` values become field terms of the filter), Esc goes back to the list with the filter part.
 * Leaving the pane drops the pipeline: the pane is open exactly while the query in force has one.
 */

/** The pane a query opens, or undefined for a plain filter. */
export function paneFor(query: string, compiled: LiveQuery): ResultsPane | undefined {
  if (compiled.tableStage === undefined) return undefined;
  return {
    query,
    filterText: compiled.filterText,
    stage: compiled.tableStage,
    table: undefined,
    totalRows: 0,
    selected: 0,
  };
}

/** Keeps a table the engine sent for the query in force (a late one for an older query is dropped). */
export function resultsArrived(model: Model, results: ResultsSnapshot): Model {
  const pane = model.results;
  if (pane === undefined || pane.query !== results.query) return model;
  const selected = clampRow(pane.selected, results.table.rows.length);
  return { ...model, results: { ...pane, table: results.table, totalRows: results.totalRows, selected } };
}

/** A key in the results pane. `fail` turns a refusal into a notice. */
export function resultsCommand(
  model: Model,
  command: Command,
  fail: (model: Model, text: string) => Model,
): { model: Model; effects: Effect[] } {
  const pane = model.results;
  if (pane === undefined) return { model: { ...model, mode: 'normal' }, effects: [] };
  const rows = pane.table?.rows.length ?? 0;
  switch (command) {
    case 'selectOlder':
    case 'selectNewer': {
      const selected = clampRow(pane.selected + (command === 'selectOlder' ? 1 : -1), rows);
      return { model: { ...model, results: { ...pane, selected } }, effects: [] };
    }
    case 'closeOverlay':
      return leave(model, pane.filterText);
    case 'filterByRow': {
      const row = pane.table?.rows[pane.selected];
      if (pane.table === undefined || row === undefined)
        return { model: fail(model, 'no row to filter by yet'), effects: [] };
      const text = rowFilter(pane, pane.table.columns, row);
      if (!compileLiveQuery(text, model.levelMin).ok)
        return { model: fail(model, `cannot filter by that row: ${text}`), effects: [] };
      return leave(model, text);
    }
    default:
      return { model, effects: [] };
  }
}

/** Back to the log list with `filter` in force (the pipeline dropped). */
function leave(model: Model, filter: string): { model: Model; effects: Effect[] } {
  const next: Model = { ...model, mode: 'normal', filter, results: undefined, selected: undefined, top: undefined };
  return { model: next, effects: [{ type: 'setFilter', query: filter, levelMin: model.levelMin }] };
}

/**
 * The filter part of the pane's query with a term per group field of the row: `field:"value"`
 * (quoted, so the value is matched as it is, wildcards and all), or `-field:*` for an empty cell;
 * for a time chart, the row's time bucket too.
 */
export function rowFilter(pane: ResultsPane, columns: readonly string[], row: readonly Cell[]): string {
  const fields = groupFields(pane.stage);
  const terms = fields.map((field) => {
    const cell = row[columns.indexOf(field)] ?? null;
    if (cell === null) return `-${field}:*`;
    return printExpr({ kind: 'match', field, value: String(cell), quoted: true, at: 0 });
  });
  return [baseFilter(pane.filterText, fields), ...terms, bucketTerm(pane, columns, row)]
    .filter((t) => t !== '')
    .join(' ');
}

/** For a time chart, the row's bucket: `time:[start TO end}`; '' otherwise. */
function bucketTerm(pane: ResultsPane, columns: readonly string[], row: readonly Cell[]): string {
  if (pane.stage.kind !== 'timechart') return '';
  const cell = row[columns.indexOf('time')] ?? null;
  const start = typeof cell === 'number' ? cell : typeof cell === 'string' ? Date.parse(cell) : NaN;
  const end = start + pane.stage.spanMs;
  if (!Number.isFinite(start) || !Number.isFinite(end) || Math.abs(end) > 8.64e15) return '';
  const at = (ms: number): string => (typeof cell === 'number' ? String(ms) : new Date(ms).toISOString());
  return `time:[${at(start)} TO ${at(end)}}`;
}

/**
 * The filter the row's terms are added to. Side by side, `level:` terms (and `service:` terms)
 * mean "any of them": the filter's own are dropped when the row sets that field (the row's
 * logs passed them, so nothing is lost). `a OR b` is grouped, or the terms would bind to `b`.
 */
function baseFilter(text: string, fields: readonly string[]): string {
  const parsed = parseLogQuery(text);
  if (!parsed.ok) return text;
  const filter = parsed.query.filter;
  if (filter.kind === 'or') return `(${text})`;
  const set = new Set<string | undefined>(
    fields.map((f) => builtinOf(f)).filter((b) => b === 'level' || b === 'service'),
  );
  const terms = filter.kind === 'and' ? filter.terms : filter.kind === 'all' ? [] : [filter];
  const kept = terms.filter((t) => !(t.kind === 'match' && set.has(builtinOf(t.field))));
  return kept.length === terms.length ? text : printExpr({ kind: 'and', terms: kept });
}

function clampRow(index: number, rows: number): number {
  return Math.max(0, Math.min(index, rows - 1));
}
