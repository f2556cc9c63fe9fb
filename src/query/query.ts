import { LEVEL_RANK, LEVELS, type Level } from '../protocol/level.js';
import { compileFilter, filterSubject, isSubjectCut, wholeSubject } from './filter.js';
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

export type QueryResult = { ok: true; predicate: LogPredicate<FilterFields> | undefined } | { ok: false; error: string };

const LEVEL_TERM = /^level:([a-z]+)(\+?)$/i;

/** Splits a query into field terms and the regex (never throws). */
export function parseQuery(text: string): ParsedQuery | { error: string } {
  const out: ParsedQuery = { levels: [], services: [], excludes: [], regex: '' };
  const rest: string[] = [];
  for (const token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    const level = LEVEL_TERM.exec(token);
    if (level !== null) {
      const name = level[1]!.toLowerCase() as Level;
      if (!(LEVELS as readonly string[]).includes(name)) return { error: `unknown level "${level[1]}" (use ${LEVELS.join(', ')})` };
      out.levels.push({ min: name, exact: level[2] !== '+' });
    } else if (token.toLowerCase().startsWith('service:') && token.length > 8) {
      out.services.push(token.slice(8).toLowerCase());
    } else if (token.startsWith('-') && token.length > 1) {
      out.excludes.push(token.slice(1).toLowerCase());
    } else rest.push(token);
  }
  out.regex = rest.join(' ');
  return out;
}

/** Smart case: a pattern without upper-case letters matches regardless of case. */
export function isSmartCaseInsensitive(pattern: string): boolean {
  return pattern === pattern.toLowerCase();
}

/**
 * Compiles a query plus the quick level toggle into one predicate (undefined = everything).
 * The regex part goes through the safe regex compiler; errors are one line.
 */
export function compileQuery(text: string, levelMin: Level | undefined): QueryResult {
  const parsed = parseQuery(text);
  if ('error' in parsed) return { ok: false, error: parsed.error };
  const checks: LogPredicate<FilterFields>[] = [];
  if (levelMin !== undefined) {
    const rank = LEVEL_RANK[levelMin];
    checks.push((log) => LEVEL_RANK[log.level] >= rank);
  }
  if (parsed.levels.length > 0) {
    const levels = parsed.levels;
    checks.push((log) => levels.some((l) => (l.exact ? log.level === l.min : LEVEL_RANK[log.level] >= LEVEL_RANK[l.min])));
  }
  if (parsed.services.length > 0) {
    const services = parsed.services;
    checks.push((log) => {
      const s = log.service.toLowerCase();
      return services.some((t) => s.includes(t));
    });
  }
  if (parsed.excludes.length > 0) {
    const excludes = parsed.excludes;
    checks.push((log) => {
      // The capped subject first: a 10 MB message usually costs no more than 4 KiB. A cut log
      // that shows none of the terms is searched whole, so that a term after the cut still hides it.
      const subject = filterSubject(log).toLowerCase();
      if (excludes.some((t) => subject.includes(t))) return false;
      if (!isSubjectCut(log)) return true;
      const whole = wholeSubject(log).toLowerCase();
      return !excludes.some((t) => whole.includes(t));
    });
  }
  if (parsed.regex !== '') {
    const compiled = compileFilter(parsed.regex, { ignoreCase: isSmartCaseInsensitive(parsed.regex) });
    if (!compiled.ok) return { ok: false, error: compiled.error };
    if (compiled.predicate !== undefined) checks.push(compiled.predicate);
  }
  if (checks.length === 0) return { ok: true, predicate: undefined };
  if (checks.length === 1) return { ok: true, predicate: checks[0] };
  return { ok: true, predicate: (log: FilterFields) => checks.every((c) => c(log)) };
}
