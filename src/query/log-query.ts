import { errorAt, type Query, type QueryError, type Stage } from './lang/ast.js';
import { parseLogQuery } from './lang/parser.js';
import {
  compileExpr,
  exprNeedsFields,
  fieldIsOwnKey,
  fieldNeedsRecord,
  type CompileEnv,
  type RecordTest,
} from './eval/predicate.js';

/** A compiled query: the filter for every log, and the stages after `|` (empty for a plain filter). */
export interface CompiledLogQuery {
  ok: true;
  query: Query;
  /** Never throws, on any log. */
  filter: RecordTest;
  /** True when the filter or the stages read more than level, service and message. */
  needsFields: boolean;
  /** True when the filter or the stages read a key of `fields` (a field other than the built-in ones). */
  readsFields: boolean;
  /** The stages after `|`; run them with createPipeline (pipeline/pipeline.ts). */
  stages: Stage[];
}

/**
 * Compiles the query language (docs/query.md) for whole LogRecords. Never throws; an error
 * names the 1-based column and what was expected there.
 */
export function compileLogQuery(text: string, env: CompileEnv = {}): CompiledLogQuery | QueryError {
  try {
    const parsed = parseLogQuery(text);
    if (!parsed.ok) return parsed;
    const test = compileExpr(parsed.query.filter, env);
    if (typeof test !== 'function') return test;
    const stages = parsed.query.stages;
    const needsFields =
      exprNeedsFields(parsed.query.filter) || stages.some((s) => stageFields(s).some(fieldNeedsRecord));
    const readsFields =
      exprNeedsFields(parsed.query.filter, fieldIsOwnKey) || stages.some((s) => stageFields(s).some(fieldIsOwnKey));
    return { ok: true, query: parsed.query, filter: guarded(test), needsFields, readsFields, stages };
  } catch (err) {
    // Not expected: compiling returns its errors. This keeps the promise of never throwing.
    return errorAt(0, `expected a query this compiler can read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A filter that treats a failure on some freak log (a stack overflow) as "no match". */
function guarded(test: RecordTest): RecordTest {
  return (log) => {
    try {
      return test(log);
    } catch {
      return false;
    }
  };
}

/** The fields a stage reads. */
function stageFields(stage: Stage): string[] {
  switch (stage.kind) {
    case 'stats':
      return [...stage.by, ...stage.aggs.flatMap((a) => (a.field === undefined ? [] : [a.field]))];
    case 'timechart':
      return ['time', ...stage.by, ...stage.aggs.flatMap((a) => (a.field === undefined ? [] : [a.field]))];
    case 'top':
      return [stage.field];
    case 'patterns':
      return ['time', 'message'];
    default:
      return [];
  }
}
