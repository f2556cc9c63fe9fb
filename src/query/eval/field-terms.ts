import { LEVEL_RANK, LEVELS, type Level } from '../../protocol/level.js';
import { errorAt, type Comparator, type Expr, type QueryError } from '../lang/ast.js';
import { builtinOf, fieldReader, type QueryRecord } from './field-path.js';
import { PATTERN_FIELD, templateTest } from './template-match.js';
import { compileGlob, hasWildcard, MAX_GLOB_CHARS } from './glob.js';
import { anyValue, asNumber, asTime, scalarText } from './values.js';

/*
 * `field:value`, `field>value` and `field:[a TO b]` as predicates. Equality ignores case; a
 * value with `*` or `?` is a glob; `field:*` asks that the field exist. `service:` keeps its
 * older meaning, "contains" (case-insensitive), and `level:warn+` means warn and above.
 */

type Test = (log: QueryRecord) => boolean;
type FieldExpr = Extract<Expr, { kind: 'match' | 'compare' | 'range' }>;

/**
 * What `pattern:ID` means: the test of whether a message belongs to the pattern with that id,
 * or why there is none. Ids belong to one pattern miner (the collector's patterns view), so the
 * one who runs the miner resolves them.
 */
export type PatternIdResolver = (id: string) => ((message: string) => boolean) | { error: string };

/** What a compiled filter may depend on beyond its text. */
export interface CompileEnv {
  /** Resolves `pattern:ID`; without it the term is accepted and matches nothing. */
  patternById?: PatternIdResolver;
}

/** The id form of a pattern term: the miner's ids are base-36 counters. */
const PATTERN_ID = /^[0-9a-z]{1,12}$/;

/** Equality of long strings is decided without lower-casing values far longer than the query. */
const SLACK = 16;

/** Whether a term is a pattern term (`pattern:"template"` or `pattern:ID`), which reads only the message. */
export function isPatternTerm(term: FieldExpr): boolean {
  return term.field === PATTERN_FIELD && term.kind === 'match' && (term.quoted || PATTERN_ID.test(term.value));
}

export function compileFieldTerm(term: FieldExpr, env: CompileEnv = {}): Test | QueryError {
  const builtin = builtinOf(term.field);
  if (builtin === 'level') return levelTerm(term);
  if (term.field === PATTERN_FIELD && term.kind === 'match' && term.quoted) return patternTerm(term.value);
  if (term.field === PATTERN_FIELD && term.kind === 'match' && PATTERN_ID.test(term.value))
    return patternIdTerm(term.value, term.at, env);
  if (term.kind === 'match') return matchTerm(term, builtin === 'service');
  const read = fieldReader(term.field);
  const bound = (text: string, side: string): Bound | QueryError => {
    if (text === '*') return { open: true };
    const n = asNumber(text);
    const t = n === undefined ? asTime(text) : undefined;
    if (n === undefined && t === undefined)
      return errorAt(term.at, `expected a number or a time as the ${side} of ${term.field}, not "${text}"`);
    return n !== undefined ? { open: false, num: n } : { open: false, time: t! };
  };
  if (term.kind === 'compare') {
    const b = bound(term.value, 'value');
    if ('ok' in b) return b;
    const cmp = comparator(term.op);
    return (log) => anyValue(read(log), (v) => compareTo(v, b, cmp));
  }
  const low = bound(term.low, 'lower end');
  if ('ok' in low) return low;
  const high = bound(term.high, 'upper end');
  if ('ok' in high) return high;
  const above = comparator(term.lowInclusive ? '>=' : '>');
  const below = comparator(term.highInclusive ? '<=' : '<');
  return (log) =>
    anyValue(read(log), (v) => (low.open || compareTo(v, low, above)) && (high.open || compareTo(v, high, below)));
}

type Bound = { open: true } | { open: false; num: number } | { open: false; time: number };

function comparator(op: Comparator): (a: number, b: number) => boolean {
  switch (op) {
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
    case '<':
      return (a, b) => a < b;
    default:
      return (a, b) => a <= b;
  }
}

/** Numbers against numbers, times against times; anything else does not match. */
function compareTo(v: unknown, bound: Bound, cmp: (a: number, b: number) => boolean): boolean {
  if (bound.open) return true;
  if ('num' in bound) {
    const n = asNumber(v);
    return n !== undefined && cmp(n, bound.num);
  }
  const t = asTime(v);
  return t !== undefined && cmp(t, bound.time);
}

function patternTerm(template: string): Test {
  const fits = templateTest(template);
  return (log) => fits(log.message);
}

/**
 * `pattern:ID`: the logs of the pattern with that id. Without a resolver (the UI checking what
 * was typed) the term is valid and matches nothing; the engine compiles it again with its miner.
 */
function patternIdTerm(id: string, at: number, env: CompileEnv): Test | QueryError {
  if (env.patternById === undefined) return () => false;
  const resolved = env.patternById(id);
  if (typeof resolved !== 'function') return errorAt(at, resolved.error);
  return (log) => resolved(log.message);
}

function matchTerm(term: Extract<Expr, { kind: 'match' }>, isService: boolean): Test | QueryError {
  const read = fieldReader(term.field);
  if (!term.quoted && term.value === '*') return (log) => read(log) !== undefined;
  if (!term.quoted && hasWildcard(term.value)) {
    if (term.value.length > MAX_GLOB_CHARS)
      return errorAt(term.at, `expected a pattern of at most ${MAX_GLOB_CHARS} characters after ${term.field}:`);
    const glob = compileGlob(term.value);
    return (log) =>
      anyValue(read(log), (v) => {
        const s = scalarText(v);
        return s !== undefined && glob(s);
      });
  }
  const want = term.value.toLowerCase();
  if (isService) return (log) => log.service.toLowerCase().includes(want);
  const wantNum = asNumber(term.value);
  const wantTime = builtinOf(term.field) === 'time' && wantNum === undefined ? asTime(term.value) : undefined;
  return (log) =>
    anyValue(read(log), (v) => {
      if (wantTime !== undefined) return v === wantTime;
      if (wantNum !== undefined) {
        const n = asNumber(v);
        if (n !== undefined) return n === wantNum;
      }
      const s = scalarText(v);
      return s !== undefined && s.length <= want.length * 3 + SLACK && s.toLowerCase() === want;
    });
}

function levelName(text: string, at: number): Level | QueryError {
  const name = text.toLowerCase();
  if ((LEVELS as readonly string[]).includes(name)) return name as Level;
  return errorAt(at, `expected a level (${LEVELS.join(', ')}), not "${text}"`);
}

/** `level:warn+`, `level:warn`, `level:w*`, `level>=warn`, `level:[warn TO error]`. */
function levelTerm(term: FieldExpr): Test | QueryError {
  if (term.kind === 'match') {
    if (!term.quoted && term.value === '*') return () => true;
    if (!term.quoted && hasWildcard(term.value)) {
      const glob = compileGlob(term.value);
      return (log) => glob(log.level);
    }
    const plus = !term.quoted && term.value.endsWith('+');
    const level = levelName(plus ? term.value.slice(0, -1) : term.value, term.at);
    if (typeof level !== 'string') return level;
    const rank = LEVEL_RANK[level];
    return plus ? (log) => LEVEL_RANK[log.level] >= rank : (log) => log.level === level;
  }
  if (term.kind === 'compare') {
    const level = levelName(term.value, term.at);
    if (typeof level !== 'string') return level;
    const cmp = comparator(term.op);
    const rank = LEVEL_RANK[level];
    return (log) => cmp(LEVEL_RANK[log.level], rank);
  }
  const low = term.low === '*' ? 'trace' : levelName(term.low, term.at);
  if (typeof low !== 'string') return low;
  const high = term.high === '*' ? 'fatal' : levelName(term.high, term.at);
  if (typeof high !== 'string') return high;
  const lo = LEVEL_RANK[low] + (term.lowInclusive ? 0 : 1);
  const hi = LEVEL_RANK[high] - (term.highInclusive ? 0 : 1);
  return (log) => LEVEL_RANK[log.level] >= lo && LEVEL_RANK[log.level] <= hi;
}
