import { compileFilter, filterSubject, isSubjectCut, wholeSubject } from '../filter.js';
import { errorAt, type Expr, type QueryError } from '../lang/ast.js';
import { builtinOf, type QueryRecord } from './field-path.js';
import { compileFieldTerm, isPatternTerm, type CompileEnv } from './field-terms.js';

/*
 * A filter expression → one predicate. Bare words and `/regex/` keep the older language's
 * meaning: a regex over `LEVEL service message` with smart case, through the safe compiler of
 * filter.ts; the bare words of one AND group are one regex, joined by single spaces, as the
 * older language joined all of them. `-word` and `NOT word` exclude logs containing the word
 * (any case), as `-word` always did.
 */

/** A compiled filter: never throws on any log. */
export type RecordTest = (log: QueryRecord) => boolean;

/** Smart case: a pattern without upper-case letters matches regardless of case. */
export function isSmartCaseInsensitive(pattern: string): boolean {
  return pattern === pattern.toLowerCase();
}

export type { CompileEnv, PatternIdResolver } from './field-terms.js';

/**
 * A bare word of nothing but glob characters (`*`, `?`, `**`) matches every log, as in Lucene
 * and lnav: read as a regex it would only be an error ("nothing to repeat").
 */
export function isMatchAllWord(text: string): boolean {
  return /^[*?]+$/.test(text);
}

/** Compiles a filter expression; errors name the column of the offending term. */
export function compileExpr(expr: Expr, env: CompileEnv = {}): RecordTest | QueryError {
  switch (expr.kind) {
    case 'all':
      return () => true;
    case 'and':
      return compileAnd(expr.terms, env);
    case 'or': {
      const tests = compileAll(expr.terms, env);
      if (!Array.isArray(tests)) return tests;
      return (log) => tests.some((t) => t(log));
    }
    case 'not': {
      if (expr.term.kind === 'word') {
        if (isMatchAllWord(expr.term.text)) return () => false;
        return excludeWord(expr.term.text);
      }
      const inner = compileExpr(expr.term, env);
      return typeof inner === 'function' ? (log) => !inner(log) : inner;
    }
    case 'word':
      return isMatchAllWord(expr.text) ? () => true : regexTest(expr.text, expr.at);
    case 'regex':
      return regexTest(expr.source, expr.at);
    case 'phrase':
      return phraseTest(expr.text);
    default:
      return compileFieldTerm(expr, env);
  }
}

function compileAll(terms: Expr[], env: CompileEnv): RecordTest[] | QueryError {
  const out: RecordTest[] = [];
  for (const term of terms) {
    const t = compileExpr(term, env);
    if (typeof t !== 'function') return t;
    out.push(t);
  }
  return out;
}

/** `service:` and `level:` terms of one AND group mean "any of them", as in the older language. */
function anyOfKind(terms: Expr[], field: 'service' | 'level'): Expr[] {
  return terms.filter((t) => t.kind === 'match' && builtinOf(t.field) === field);
}

function compileAnd(terms: Expr[], env: CompileEnv): RecordTest | QueryError {
  // Words that match everything add nothing to an AND group (and are no regex).
  const words = terms.filter((t): t is Extract<Expr, { kind: 'word' }> => t.kind === 'word' && !isMatchAllWord(t.text));
  const services = anyOfKind(terms, 'service');
  const levels = anyOfKind(terms, 'level');
  const rest = terms.filter((t) => t.kind !== 'word' && !services.includes(t) && !levels.includes(t));
  for (const group of [levels, services]) {
    if (group.length === 1) rest.unshift(group[0]!);
    else if (group.length > 1) rest.unshift({ kind: 'or', terms: group });
  }
  const tests = compileAll(rest, env);
  if (!Array.isArray(tests)) return tests;
  if (words.length > 0) {
    const regex = regexTest(words.map((w) => w.text).join(' '), words[0]!.at);
    if (typeof regex !== 'function') return regex;
    // Cheap field terms first, the regex last.
    tests.push(regex);
  }
  if (tests.length === 1) return tests[0]!;
  return (log) => {
    for (const t of tests) if (!t(log)) return false;
    return true;
  };
}

function regexTest(source: string, at: number): RecordTest | QueryError {
  const compiled = compileFilter(source, { ignoreCase: isSmartCaseInsensitive(source) });
  if (!compiled.ok) return errorAt(at, compiled.error);
  return compiled.predicate ?? (() => true);
}

function phraseTest(text: string): RecordTest {
  const fold = isSmartCaseInsensitive(text);
  const want = fold ? text.toLowerCase() : text;
  return (log) => subjectIncludes(log, want, fold);
}

function excludeWord(word: string): RecordTest {
  const want = word.toLowerCase();
  return (log) => !subjectIncludes(log, want, true);
}

/**
 * Whether `LEVEL service message` holds `want`. The capped subject first, so a 10 MB message
 * usually costs no more than 4 KiB; a cut log that does not show it there is searched whole
 * (a substring search is linear), so neither a phrase nor its negation is ever decided by the cut.
 */
function subjectIncludes(log: QueryRecord, want: string, fold: boolean): boolean {
  const capped = filterSubject(log);
  if ((fold ? capped.toLowerCase() : capped).includes(want)) return true;
  if (!isSubjectCut(log)) return false;
  const whole = wholeSubject(log);
  return (fold ? whole.toLowerCase() : whole).includes(want);
}

/**
 * True when the expression reads more than level, service and message (a time, a latency,
 * `fields`); with `needs`, when it reads a field for which `needs` says true.
 */
export function exprNeedsFields(expr: Expr, needs: (field: string) => boolean = fieldNeedsRecord): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.terms.some((t) => exprNeedsFields(t, needs));
    case 'not':
      return exprNeedsFields(expr.term, needs);
    case 'match':
    case 'compare':
    case 'range':
      return !isPatternTerm(expr) && needs(expr.field);
    default:
      return false;
  }
}

/** True when a field name is none of the built-in fields (level, service, message, time, latency): a key of `fields`. */
export function fieldIsOwnKey(name: string): boolean {
  return builtinOf(name) === undefined;
}

/** True when a field name is not one of level, service and message. */
export function fieldNeedsRecord(name: string): boolean {
  const b = builtinOf(name);
  return b !== 'level' && b !== 'service' && b !== 'message';
}
