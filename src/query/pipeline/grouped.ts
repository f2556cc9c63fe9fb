import type { Aggregate } from '../lang/ast.js';
import { fieldReader, type FieldReader, type QueryRecord } from '../eval/field-path.js';
import { distinctKey, newAggState, type AggState } from './aggregators.js';
import { compareCells, type Cell } from './table.js';

/*
 * Aggregations per group (`stats ... by a, b`, and `timechart`, whose first key is the time
 * bucket): a map from the group's key to its aggregation states, bounded in groups.
 */

/** Groups kept at most; logs of further groups are counted as left out. */
export const MAX_GROUPS = 100_000;
/** A group's value is shown (and told apart) by at most this many characters. */
const GROUP_CELL_CHARS = 256;

interface Group {
  keys: Cell[];
  aggs: AggState[];
  /** Logs added to the group. */
  n: number;
}

/** The cell a group value shows as: missing fields are empty, objects their JSON. */
export function groupCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  const text = typeof v === 'string' ? v : distinctKey(v);
  return text.length > GROUP_CELL_CHARS ? `${text.slice(0, GROUP_CELL_CHARS - 1)}…` : text;
}

/** The name of a group in the map: its one text key as it is, else the JSON of its keys. */
function groupId(keys: Cell[]): string {
  if (keys.length === 0) return '';
  const first = keys[0];
  if (keys.length === 1 && typeof first === 'string' && first.length > 0 && first.charCodeAt(0) !== 91) return first;
  return JSON.stringify(keys);
}

export class GroupedAggregation {
  readonly groups = new Map<string, Group>();
  /** Logs not counted because their group came after MAX_GROUPS others. */
  leftOut = 0;
  private readonly readers: FieldReader[];

  constructor(
    by: string[],
    private readonly aggs: Aggregate[],
  ) {
    this.readers = by.map(fieldReader);
  }

  /** Adds a log whose leading keys (the time bucket) are given. */
  add(log: QueryRecord, lead: Cell[] = []): void {
    const group =
      lead.length === 0 && this.readers.length === 1
        ? this.groupOf(groupCell((this.readers[0] as FieldReader)(log)))
        : this.group(
            lead.length === 0
              ? this.readers.map((r) => groupCell(r(log)))
              : [...lead, ...this.readers.map((r) => groupCell(r(log)))],
          );
    if (group === undefined) {
      this.leftOut++;
      return;
    }
    group.n++;
    for (const a of group.aggs) a.add(log);
  }

  /** The group of one key (`stats ... by service`), found without an array or a JSON text made for each log. */
  private groupOf(key: Cell): Group | undefined {
    // The key itself names the group when it cannot be taken for the JSON of other keys (which starts with `[`).
    if (typeof key === 'string' && key.length > 0 && key.charCodeAt(0) !== 91) {
      const g = this.groups.get(key);
      if (g !== undefined) return g;
    }
    return this.group([key]);
  }

  private group(keys: Cell[]): Group | undefined {
    const id = groupId(keys);
    let g = this.groups.get(id);
    if (g === undefined) {
      if (this.groups.size >= MAX_GROUPS) return undefined;
      g = { keys, aggs: this.aggs.map(newAggState), n: 0 };
      this.groups.set(id, g);
    }
    return g;
  }

  merge(other: GroupedAggregation): void {
    this.leftOut += other.leftOut;
    for (const og of other.groups.values()) {
      const g = this.group(og.keys);
      if (g === undefined) {
        this.leftOut += og.n;
        continue;
      }
      g.n += og.n;
      g.aggs.forEach((a, i) => a.merge(og.aggs[i]!));
    }
  }

  /** Rows of keys then aggregation values, ordered by their keys. */
  rows(): Cell[][] {
    const rows = [...this.groups.values()].map((g) => [...g.keys, ...g.aggs.map((a) => a.value())]);
    const nKeys = rows.length === 0 ? 0 : rows[0]!.length - this.aggs.length;
    return rows.sort((a, b) => {
      for (let i = 0; i < nKeys; i++) {
        const c = compareCells(a[i] ?? null, b[i] ?? null);
        if (c !== 0) return c;
      }
      return 0;
    });
  }

  /** An empty aggregation's values (for the gaps of a time chart). */
  emptyValues(): Cell[] {
    return this.aggs.map((a) => newAggState(a).value());
  }

  notes(): string[] {
    return this.leftOut > 0
      ? [`${this.leftOut} logs left out: they fell in groups beyond the first ${MAX_GROUPS}`]
      : [];
  }
}
