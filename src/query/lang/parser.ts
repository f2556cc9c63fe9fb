import { errorAt, type Query, type QueryError, type Stage } from './ast.js';
import { parseFilter } from './filter-parser.js';
import { parseStages } from './pipeline-parser.js';

/** Queries longer than this are refused before any work. */
export const MAX_QUERY_CHARS = 16_384;

/**
 * Parses a whole query: filter, then `| stages`. Never throws; an error names the 1-based
 * column and what was expected there, so the caller can keep its previous query.
 */
export function parseLogQuery(text: string): { ok: true; query: Query } | QueryError {
  try {
    if (text.length > MAX_QUERY_CHARS)
      return errorAt(MAX_QUERY_CHARS, `expected a query of at most ${MAX_QUERY_CHARS} characters`);
    const filter = parseFilter(text);
    if (!filter.ok) return filter;
    const stages = filter.end < text.length ? parseStages(text, filter.end) : [];
    if (!Array.isArray(stages)) return stages;
    const checked = checkStages(stages);
    return checked ?? { ok: true, query: { filter: filter.expr, stages } };
  } catch (err) {
    // Not expected: every path above returns its errors; this keeps the promise of never throwing.
    return errorAt(0, `expected a query this parser can read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The columns of the table a stage produces (undefined for stages that keep the logs as they are). */
export function stageColumns(stage: Stage): string[] | undefined {
  switch (stage.kind) {
    case 'stats':
      return [...stage.by, ...stage.aggs.map((a) => a.name)];
    case 'timechart':
      return ['time', ...stage.by, ...stage.aggs.map((a) => a.name)];
    case 'top':
      return [stage.field, 'count'];
    case 'patterns':
      return ['id', 'pattern', 'count', 'first_seen', 'last_seen'];
    default:
      return undefined;
  }
}

/**
 * Stage order: `head` on the logs, then at most one of stats/top/timechart/patterns, then
 * `sort` and `head` on its table, whose columns `sort` must name.
 */
function checkStages(stages: Stage[]): QueryError | undefined {
  let columns: string[] | undefined;
  for (const stage of stages) {
    const made = stageColumns(stage);
    if (made !== undefined) {
      if (columns !== undefined)
        return errorAt(stage.at, `expected at most one of stats, top, timechart and patterns in a query`);
      const seen = new Set<string>();
      for (const c of made) {
        if (seen.has(c))
          return errorAt(stage.at, `expected distinct column names, "${c}" is given twice (rename one with "as")`);
        seen.add(c);
      }
      columns = made;
    } else if (stage.kind === 'sort') {
      if (columns === undefined)
        return errorAt(stage.at, 'expected stats, top, timechart or patterns before sort (sort orders their table)');
      for (const key of stage.keys) {
        if (!columns.includes(key.column))
          return errorAt(key.at, `expected a column to sort by (${columns.join(', ')}), not "${key.column}"`);
      }
    }
  }
  return undefined;
}
