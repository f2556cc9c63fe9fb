import { LEVEL_RANK, LEVELS, type Level } from '../protocol/level.js';
import { isSmartCaseInsensitive } from './eval/predicate.js';
import { parseLogQuery } from './lang/parser.js';
import type { Expr } from './lang/ast.js';
import { compileLogQuery } from './log-query.js';
import type { FilterFields, LogPredicate } from './log-view.js';

/** A filter query split into its parts. */
export interface ParsedQuery {
  /** `level:warn+` → warn and above; `level:warn` → exactly warn. */
  levels: { min: Level; exact: boolean }[];
  /** `service:auth` → the service contains "auth" (case-insensitive); several terms: any of them. */
  services: string[];
  /** `-term` → the log's `LEVEL service message` does not contain term (case-insensitive). */
  excludes: string[];
  /** Everything else, joined by single spaces: a regex over `LEVEL service message`. */
  regex: string;
}

export { isSmartCaseInsensitive };

export type QueryResult =
  { ok: true; predicate: LogPredicate<FilterFields> | undefined } | { ok: false; error: string };

/**
 * Splits a query of the older language (level:, service:, -term, regex) into its parts; never
 * throws. Queries using more of the language are refused: compile them with compileLogQuery.
 */
export function parseQuery(text: string): ParsedQuery | { error: string } {
  const parsed = parseLogQuery(text);
  if (!parsed.ok) return { error: parsed.error };
  const out: ParsedQuery = { levels: [], services: [], excludes: [], regex: '' };
  const filter = parsed.query.filter;
  const terms: Expr[] = filter.kind === 'and' ? filter.terms : filter.kind === 'all' ? [] : [filter];
  const rest: string[] = [];
  for (const t of terms) {
    if (t.kind === 'word') rest.push(t.text);
    else if (t.kind === 'not' && t.dash && t.term.kind === 'word') out.excludes.push(t.term.text.toLowerCase());
    else if (t.kind === 'match' && t.field === 'service' && !t.quoted) out.services.push(t.value.toLowerCase());
    else if (
      t.kind === 'match' &&
      t.field === 'level' &&
      /^[a-z]+\+?$/i.test(t.value) &&
      LEVELS.includes(t.value.replace('+', '').toLowerCase() as Level)
    ) {
      out.levels.push({ min: t.value.replace('+', '').toLowerCase() as Level, exact: !t.value.endsWith('+') });
    } else return { error: 'the query uses more than level:, service:, -term and a regex' };
  }
  out.regex = rest.join(' ');
  return out;
}

/**
 * Compiles a query plus the quick level toggle into one predicate (undefined = everything).
 * The filter part of the query language (docs/query.md), over level, service and message:
 * field terms on other fields find nothing there. Stages after `|` are not this function's
 * business and are left out. Errors are one line, with the column.
 */
export function compileQuery(text: string, levelMin: Level | undefined): QueryResult {
  const compiled = compileLogQuery(text);
  if (!compiled.ok) return { ok: false, error: compiled.error };
  const filter = compiled.query.filter.kind === 'all' ? undefined : compiled.filter;
  if (levelMin === undefined) return { ok: true, predicate: filter };
  const rank = LEVEL_RANK[levelMin];
  if (filter === undefined) return { ok: true, predicate: (log) => LEVEL_RANK[log.level] >= rank };
  return { ok: true, predicate: (log) => LEVEL_RANK[log.level] >= rank && filter(log) };
}
