import type { Stage } from '../lang/ast.js';
import type { QueryRecord } from '../eval/field-path.js';
import { newStageState, type StageState, type TableStage } from './aggregation.js';
import { PatternMiner } from '../patterns/pattern-miner.js';
import type { PatternMinerFactory, PatternMinerLike } from './patterns-stage.js';
import { headRows, sortRows, type Table } from './table.js';

/** A running pipeline over the logs that pass the filter. */
export interface Pipeline {
  /** Stop after this many logs (a `head` before any table stage); undefined = all. */
  readonly logLimit: number | undefined;
  /** True when the pipeline makes a table (stats, top, timechart, patterns); else the logs themselves are the result. */
  readonly makesTable: boolean;
  /** Feeds one log that passed the filter. */
  add(log: QueryRecord): void;
  /** The result so far, after the sort and head stages. */
  table(): Table;
  /** Adds in another run of the same query over other logs; false when a stage cannot merge (patterns). */
  merge(other: Pipeline): boolean;
}

export interface PipelineOptions {
  /** Makes the miner `| patterns` runs on (default: LogStream's own, src/query/patterns). */
  patterns?: PatternMinerFactory | undefined;
}

/** Starts a pipeline for parsed stages (already checked by the parser); an error when a stage cannot run here. */
export function createPipeline(
  stages: Stage[],
  opts: PipelineOptions = {},
): { ok: true; pipeline: Pipeline } | { ok: false; error: string } {
  let logLimit: number | undefined;
  let tableStage: TableStage | undefined;
  const after: Extract<Stage, { kind: 'sort' | 'head' }>[] = [];
  for (const s of stages) {
    if (s.kind === 'head' || s.kind === 'sort') {
      if (tableStage !== undefined) after.push(s);
      else if (s.kind === 'head') logLimit = Math.min(logLimit ?? Infinity, s.n);
    } else tableStage = s;
  }
  const state = tableStage === undefined ? undefined : newStageState(tableStage, (opts.patterns ?? newPatternMiner)());
  return { ok: true, pipeline: new RunningPipeline(logLimit, state, after) };
}

class RunningPipeline implements Pipeline {
  private seen = 0;
  constructor(
    readonly logLimit: number | undefined,
    private readonly state: StageState | undefined,
    private readonly after: Extract<Stage, { kind: 'sort' | 'head' }>[],
  ) {}

  get makesTable(): boolean {
    return this.state !== undefined;
  }

  add(log: QueryRecord): void {
    if (this.logLimit !== undefined && this.seen >= this.logLimit) return;
    this.seen++;
    this.state?.add(log);
  }

  table(): Table {
    let t: Table = this.state?.table() ?? { columns: [], rows: [], notes: [] };
    for (const s of this.after) t = s.kind === 'sort' ? sortRows(t, s.keys) : headRows(t, s.n);
    return t;
  }

  merge(other: Pipeline): boolean {
    if (!(other instanceof RunningPipeline) || this.state === undefined || other.state === undefined) return false;
    if (!this.state.merge(other.state)) return false;
    this.seen += other.seen;
    return true;
  }
}

/** The miner `| patterns` runs on unless told otherwise. */
export function newPatternMiner(): PatternMinerLike {
  return new PatternMiner();
}
