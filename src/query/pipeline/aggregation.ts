import type { Stage } from '../lang/ast.js';
import { stageColumns } from '../lang/parser.js';
import { fieldReader, type QueryRecord } from '../eval/field-path.js';
import { GroupedAggregation, groupCell } from './grouped.js';
import { patternText, type PatternMinerLike } from './patterns-stage.js';
import { isoTime, type Cell, type Table } from './table.js';
import { distinctKey } from './aggregators.js';

/*
 * The state of one table-making stage (stats, top, timechart, patterns): fed one log at a time,
 * asked for its table at any time, mergeable with the state of the same stage over other logs.
 */

/** Time charts fill empty buckets between the first and the last when there are at most this many. */
const MAX_FILLED_BUCKETS = 10_000;
/** Values `top` counts at most (the rest are left out, and said so). */
const MAX_TOP_VALUES = 100_000;

export interface StageState {
  add(log: QueryRecord): void;
  table(): Table;
  /** Adds in the state of the same stage over other logs; false when this stage cannot (patterns). */
  merge(other: StageState): boolean;
}

export type TableStage = Extract<Stage, { kind: 'stats' | 'top' | 'timechart' | 'patterns' }>;

export function newStageState(stage: TableStage, miner: PatternMinerLike | undefined): StageState {
  switch (stage.kind) {
    case 'stats':
      return new StatsState(stage);
    case 'timechart':
      return new TimechartState(stage);
    case 'top':
      return new TopState(stage);
    default:
      return new PatternsState(stage, miner!);
  }
}

class StatsState implements StageState {
  readonly grouped: GroupedAggregation;
  constructor(private readonly stage: Extract<Stage, { kind: 'stats' }>) {
    this.grouped = new GroupedAggregation(stage.by, stage.aggs);
  }
  add(log: QueryRecord): void {
    this.grouped.add(log);
  }
  merge(other: StageState): boolean {
    if (!(other instanceof StatsState)) return false;
    this.grouped.merge(other.grouped);
    return true;
  }
  table(): Table {
    let rows = this.grouped.rows();
    // `stats count` over no logs is one row of zero, as in SQL; with `by` there are no groups.
    if (rows.length === 0 && this.stage.by.length === 0) rows = [this.grouped.emptyValues()];
    return { columns: stageColumns(this.stage)!, rows, notes: this.grouped.notes() };
  }
}

class TimechartState implements StageState {
  readonly grouped: GroupedAggregation;
  constructor(private readonly stage: Extract<Stage, { kind: 'timechart' }>) {
    this.grouped = new GroupedAggregation(stage.by, stage.aggs);
  }
  add(log: QueryRecord): void {
    const t = log.time;
    if (t === undefined || !Number.isFinite(t)) return;
    this.grouped.add(log, [Math.floor(t / this.stage.spanMs) * this.stage.spanMs]);
  }
  merge(other: StageState): boolean {
    if (!(other instanceof TimechartState) || other.stage.spanMs !== this.stage.spanMs) return false;
    this.grouped.merge(other.grouped);
    return true;
  }
  table(): Table {
    let rows = this.grouped.rows();
    if (this.stage.by.length === 0 && rows.length > 1) rows = this.filled(rows);
    return {
      columns: stageColumns(this.stage)!,
      rows: rows.map((r) => [isoTime(r[0] as number), ...r.slice(1)]),
      notes: this.grouped.notes(),
    };
  }
  /** Rows for the empty buckets too, so that a chart of counts shows its zeros. */
  private filled(rows: Cell[][]): Cell[][] {
    const span = this.stage.spanMs;
    const first = rows[0]![0] as number;
    const last = rows.at(-1)![0] as number;
    if ((last - first) / span + 1 > MAX_FILLED_BUCKETS) return rows;
    const empty = this.grouped.emptyValues();
    const out: Cell[][] = [];
    let i = 0;
    for (let t = first; t <= last; t += span) {
      if (rows[i] !== undefined && rows[i]![0] === t) out.push(rows[i++]!);
      else out.push([t, ...empty]);
    }
    return out;
  }
}

class TopState implements StageState {
  readonly counts = new Map<string, { cell: Cell; n: number }>();
  leftOut = 0;
  private readonly read: (log: QueryRecord) => unknown;
  constructor(private readonly stage: Extract<Stage, { kind: 'top' }>) {
    this.read = fieldReader(stage.field);
  }
  add(log: QueryRecord): void {
    const v = this.read(log);
    if (v !== undefined) this.count(distinctKey(v), groupCell(v), 1);
  }
  private count(key: string, cell: Cell, n: number): void {
    const e = this.counts.get(key);
    if (e !== undefined) e.n += n;
    else if (this.counts.size < MAX_TOP_VALUES) this.counts.set(key, { cell, n });
    else this.leftOut += n;
  }
  merge(other: StageState): boolean {
    if (!(other instanceof TopState)) return false;
    for (const [k, e] of other.counts) this.count(k, e.cell, e.n);
    this.leftOut += other.leftOut;
    return true;
  }
  table(): Table {
    const rows = [...this.counts.values()]
      .sort((a, b) => b.n - a.n || (String(a.cell) < String(b.cell) ? -1 : String(a.cell) > String(b.cell) ? 1 : 0))
      .slice(0, this.stage.n)
      .map((e): Cell[] => [e.cell, e.n]);
    const notes =
      this.leftOut > 0 ? [`${this.leftOut} logs left out: their values came after ${MAX_TOP_VALUES} others`] : [];
    return { columns: stageColumns(this.stage)!, rows, notes };
  }
}

class PatternsState implements StageState {
  constructor(
    private readonly stage: Extract<Stage, { kind: 'patterns' }>,
    private readonly miner: PatternMinerLike,
  ) {}
  add(log: QueryRecord): void {
    this.miner.add(patternText(log.message), log.time ?? 0);
  }
  merge(): boolean {
    // A miner's clusters depend on the order it saw the messages in; they do not add up.
    return false;
  }
  table(): Table {
    const rows = this.miner
      .patterns()
      .sort((a, b) => b.count - a.count)
      .map((p): Cell[] => [
        typeof p.id === 'number' ? p.id : String(p.id),
        p.template,
        p.count,
        isoTime(p.firstSeen),
        isoTime(p.lastSeen),
      ]);
    return { columns: stageColumns(this.stage)!, rows, notes: [] };
  }
}
