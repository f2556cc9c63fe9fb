import { LEVEL_RANK, type Level } from '../protocol/level.js';
import { errorAt, type Expr, type Query, type QueryError, type Stage } from './lang/ast.js';
import { exprNeedsFields, type CompileEnv, type RecordTest } from './eval/predicate.js';
import { compileLogQuery } from './log-query.js';
import { createPipeline, type Pipeline, type PipelineOptions } from './pipeline/pipeline.js';

/** The stages that make a table the TUI can show. */
export type LiveTableStage = Extract<Stage, { kind: 'stats' | 'top' | 'timechart' | 'patterns' }>;

/** A query as the collector runs it live: a filter over its buffer, and maybe a table over the logs that pass. */
export interface LiveQuery {
  ok: true;
  query: Query;
  /** The filter with the quick level toggle; undefined = every log. Never throws. */
  test: RecordTest | undefined;
  /** True when the filter reads more of a log than level, service and message. */
  filterNeedsRecord: boolean;
  /** True when the filter or the stages read more than level, service and message. */
  needsRecord: boolean;
  /** The table-making stage, when the query has a pipeline. */
  tableStage: LiveTableStage | undefined;
  /** Every field name the filter and the stages read. */
  fieldNames: string[];
  /** The text of the filter part, before the first `|` of the pipeline. */
  filterText: string;
  /** A fresh pipeline for the stages; undefined for a plain filter. */
  newPipeline(opts?: PipelineOptions): Pipeline | undefined;
}

/**
 * Compiles a query for the collector: the filter part applies to the buffer, and a pipeline
 * must end in a table (stats, top, timechart) that the results pane shows. Never throws; an
 * error names the 1-based column, and what is in force stays.
 */
export function compileLiveQuery(
  text: string,
  levelMin: Level | undefined,
  env: CompileEnv = {},
): LiveQuery | QueryError {
  const compiled = compileLogQuery(text, env);
  if (!compiled.ok) return compiled;
  const { query, stages } = compiled;
  const first = stages[0];
  let tableStage: LiveTableStage | undefined;
  if (first !== undefined) {
    const made = stages.find(
      (s) => s.kind === 'stats' || s.kind === 'top' || s.kind === 'timechart' || s.kind === 'patterns',
    );
    if (made === undefined)
      return errorAt(
        first.at,
        'expected stats, top, timechart or patterns in the pipeline: the log list already shows the logs (head and sort order a table)',
      );
    const probe = createPipeline(stages);
    if (!probe.ok) return errorAt(made.at, probe.error);
    tableStage = made;
  }
  const filter = query.filter.kind === 'all' ? undefined : compiled.filter;
  const rank = levelMin === undefined ? undefined : LEVEL_RANK[levelMin];
  const test: RecordTest | undefined =
    rank === undefined
      ? filter
      : filter === undefined
        ? (log) => LEVEL_RANK[log.level] >= rank
        : (log) => LEVEL_RANK[log.level] >= rank && filter(log);
  return {
    ok: true,
    query,
    test,
    filterNeedsRecord: exprNeedsFields(query.filter),
    needsRecord: compiled.needsFields,
    tableStage,
    fieldNames: [...exprFields(query.filter), ...stages.flatMap(stageFields)],
    filterText: first === undefined ? text.trim() : text.slice(0, Math.max(0, text.lastIndexOf('|', first.at))).trim(),
    newPipeline: (opts) => {
      if (first === undefined) return undefined;
      const p = createPipeline(stages, opts);
      return p.ok ? p.pipeline : undefined;
    },
  };
}

/** The fields a results row stands for: the `by` fields of stats and timechart, the field of top. */
export function groupFields(stage: LiveTableStage): string[] {
  // A patterns row's group is its template, which the `pattern:"..."` term finds again.
  if (stage.kind === 'patterns') return ['pattern'];
  return stage.kind === 'top' ? [stage.field] : stage.by;
}

/** The field names an expression reads. */
function exprFields(expr: Expr): string[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.terms.flatMap(exprFields);
    case 'not':
      return exprFields(expr.term);
    case 'match':
    case 'compare':
    case 'range':
      return [expr.field];
    default:
      return [];
  }
}

/** The field names a stage reads. */
function stageFields(stage: Stage): string[] {
  const aggs = (list: { field: string | undefined }[]): string[] =>
    list.flatMap((a) => (a.field === undefined ? [] : [a.field]));
  switch (stage.kind) {
    case 'stats':
      return [...stage.by, ...aggs(stage.aggs)];
    case 'timechart':
      return ['time', ...stage.by, ...aggs(stage.aggs)];
    case 'top':
      return [stage.field];
    case 'patterns':
      return ['time', 'message'];
    default:
      return [];
  }
}
