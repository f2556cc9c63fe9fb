/** One cell of a result table. */
export type Cell = string | number | null;

/** What a pipeline produces: named columns, rows, and notes on what was left out. */
export interface Table {
  columns: string[];
  rows: Cell[][];
  /** One line each, e.g. when a cap on groups was reached. */
  notes: string[];
}

/** Orders cells: numbers (ascending), then text (by code unit), then empty cells. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts rows by several columns (`desc` reverses one; empty cells stay last either way). Stable. */
export function sortRows(table: Table, keys: { column: string; desc: boolean }[]): Table {
  const idx = keys.map((k) => ({ i: table.columns.indexOf(k.column), desc: k.desc })).filter((k) => k.i >= 0);
  const rows = [...table.rows].sort((ra, rb) => {
    for (const { i, desc } of idx) {
      const a = ra[i] ?? null;
      const b = rb[i] ?? null;
      if (a === null || b === null) {
        const c = compareCells(a, b);
        if (c !== 0) return c;
        continue;
      }
      const c = compareCells(a, b);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
  return { ...table, rows };
}

/** The first n rows. */
export function headRows(table: Table, n: number): Table {
  return table.rows.length <= n ? table : { ...table, rows: table.rows.slice(0, n) };
}

/** Epoch ms as ISO 8601 text (UTC, milliseconds); the number itself when it is no date. */
export function isoTime(ms: number): Cell {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? ms : d.toISOString();
}
