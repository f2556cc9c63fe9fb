/*
 * The query language's syntax tree: a filter expression, then the stages after `|`.
 * Positions (`at`) are 0-based offsets into the query text, for error messages.
 */

/** Comparison operators of `field>value` terms. */
export type Comparator = '>' | '>=' | '<' | '<=';

/** A filter expression. */
export type Expr =
  /** The empty query: every log. */
  | { kind: 'all' }
  /** Terms separated by spaces (or `AND`); its bare words form one regex, joined by single spaces. */
  | { kind: 'and'; terms: Expr[] }
  | { kind: 'or'; terms: Expr[] }
  /** `-term` (`dash`) or `NOT term`. */
  | { kind: 'not'; term: Expr; dash: boolean }
  /** A bare word: part of the regex over `LEVEL service message`. */
  | { kind: 'word'; text: string; at: number }
  /** `/source/`: a regex over `LEVEL service message`, smart case. */
  | { kind: 'regex'; source: string; at: number }
  /** `"text"`: a substring of `LEVEL service message`, smart case. */
  | { kind: 'phrase'; text: string }
  /** `field:value` (equality, glob, existence); `quoted` values have no wildcards. */
  | { kind: 'match'; field: string; value: string; quoted: boolean; at: number }
  | { kind: 'compare'; field: string; op: Comparator; value: string; at: number }
  /** `field:[low TO high]` (inclusive) or `{low TO high}` (exclusive); `*` is an open end. */
  | {
      kind: 'range';
      field: string;
      low: string;
      high: string;
      lowInclusive: boolean;
      highInclusive: boolean;
      at: number;
    };

/** Aggregation functions of `stats` and `timechart`. */
export type AggFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinct' | 'quantile';

/** One aggregation: `p99(latency_ms) as slow`. */
export interface Aggregate {
  fn: AggFunction;
  /** The field it reads; undefined for `count`. */
  field: string | undefined;
  /** For `quantile`: 0..1 (`p99` → 0.99). */
  q?: number;
  /** The result column: as written (`p99(latency_ms)`, `count`), or the `as` name. */
  name: string;
}

export type Stage =
  | { kind: 'stats'; aggs: Aggregate[]; by: string[]; at: number }
  | { kind: 'top'; n: number; field: string; at: number }
  | { kind: 'timechart'; spanMs: number; span: string; aggs: Aggregate[]; by: string[]; at: number }
  | { kind: 'patterns'; at: number }
  | { kind: 'sort'; keys: { column: string; desc: boolean; at: number }[]; at: number }
  | { kind: 'head'; n: number; at: number };

/** A whole query: the filter, then the stages. */
export interface Query {
  filter: Expr;
  stages: Stage[];
}

/** A parse error: what was expected, at a 1-based column. */
export interface QueryError {
  ok: false;
  /** One line, starting with `col N: `. */
  error: string;
  column: number;
}

/** An error at a 0-based offset. */
export function errorAt(offset: number, what: string): QueryError {
  const column = Math.max(1, offset + 1);
  return { ok: false, error: `col ${column}: ${what}`, column };
}

/** Names of the stages, for `| name` detection and messages. */
export const STAGE_NAMES = ['stats', 'top', 'sort', 'head', 'timechart', 'patterns'] as const;
