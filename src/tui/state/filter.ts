import { RE2JS } from 're2js';
import type { FilterFields, LogPredicate } from './log-view.js';
import { toRe2Syntax } from './re2-syntax.js';
import { checkRegexSafety } from './regex-safety.js';
import { parseRegex, type RegexAlt, type RegexNode } from './regex-syntax.js';

/*
 * A filter typed by the user must never freeze the view, whatever the logs hold. Patterns the
 * native engine provably runs in linear time (regex-safety.ts) use native RegExp; the rest run
 * on re2js, a pure-JS port of RE2 (linear time, no backtracking). Patterns that need
 * backreferences or lookarounds and are not provably safe are refused.
 *
 * Matches/s on realistic log lines (`LEVEL service message`, 1,000 lines of ~125 chars, Node 20,
 * a shared 2-core machine; a quiet run, then the range of two runs under heavy load from other
 * jobs, so read the ratios rather than the absolute numbers):
 *   pattern            native                  re2js                   native/re2js
 *   ERROR              23 M/s  (1.6-1.8 M/s)   12 M/s  (0.25-0.32)     2x-7x
 *   ^WARN auth         39 M/s  (3.1-4.1)       8.2 M/s (0.77-0.85)     4x-5x
 *   timeout|refused    5.4 M/s (0.78-0.87)     0.44 M/s (0.04-0.05)    12x-17x
 *   user \d+           8.6 M/s (1.1-1.2)       2.4 M/s (0.19-0.21)     4x-6x
 *   payment.*timeout   6.0 M/s (0.81-0.83)     5.1 M/s (0.50-0.88)     1x-1.6x (runs on re2js)
 * So native stays the engine for the common, simple patterns, and re2js is fast enough for the
 * rest: at 0.44 M/s a 10,000-log buffer re-filters in ~25 ms. Its worst case measured here,
 * `(a+)+$` on 4 KiB lines, costs 0.1-1.3 ms per line (linear, but ~10 s for 10,000 such lines).
 */

/** Which engine runs a compiled filter. */
export type FilterEngine = 'native' | 're2';

/** The result of compiling what the user typed in the filter box. */
export type CompiledFilter =
  | { ok: true; text: string; predicate: LogPredicate<FilterFields> | undefined; engine?: FilterEngine }
  | { ok: false; text: string; error: string };

/**
 * How much of a log the regex sees: the first 4 KiB of the message and 256 characters of the
 * service. A bound on the work per log even in the linear engine (a 10 MB message would cost
 * ~0.2 s in re2js), and no copy of huge messages for each test. What lies after a cut (the
 * rest of the message; after a cut service, the message too) is not searched, except by the
 * patterns that must see it to be right (see `guarded`), so a match is never invented.
 */
export const FILTER_MESSAGE_CHARS = 4096;
/** See FILTER_MESSAGE_CHARS. */
export const FILTER_SERVICE_CHARS = 256;

/**
 * Largest RE2 program accepted. RE2's time is linear in the subject but also proportional to
 * the program: `\p{L}{1000}` (1,002 instructions) took 0.23 s on one 4 KiB line.
 */
const MAX_RE2_PROGRAM = 400;

/** Longer patterns are refused before any work: compiling a 100 KB pattern took 0.7 s. */
export const MAX_FILTER_CHARS = 1000;

/**
 * The text a filter regex is matched against, as in the original: `LEVEL service message`, cut
 * to a prefix of it (see FILTER_MESSAGE_CHARS); a service longer than its cap ends the text.
 */
export function filterSubject(log: FilterFields): string {
  const level = log.level.toUpperCase();
  if (log.service.length > FILTER_SERVICE_CHARS) return `${level} ${cap(log.service, FILTER_SERVICE_CHARS)}`;
  return `${level} ${log.service} ${cap(log.message, FILTER_MESSAGE_CHARS)}`;
}

/** `LEVEL service message` whole, for what the capped subject cannot decide. */
export function wholeSubject(log: FilterFields): string {
  return `${log.level.toUpperCase()} ${log.service} ${log.message}`;
}

/** Whether `filterSubject` cut the log. */
export function isSubjectCut(log: FilterFields): boolean {
  return log.service.length > FILTER_SERVICE_CHARS || log.message.length > FILTER_MESSAGE_CHARS;
}

function cap(s: string, n: number): string {
  if (s.length <= n) return s;
  // Not half a surrogate pair: a lone surrogate at the end could match `\W` or `.`.
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/**
 * Compiles a filter (`ignoreCase` for smart case). An empty pattern shows everything; an
 * invalid or refused regex yields a one-line error so the filter box can show it while the
 * previous filter stays in force.
 * Never throws; the predicate never throws either and depends on nothing but the pattern, so
 * it can as well be compiled inside a worker.
 */
export function compileFilter(text: string, opts: { ignoreCase?: boolean } = {}): CompiledFilter {
  const ignoreCase = opts.ignoreCase === true;
  if (text.trim() === '') return { ok: true, text: '', predicate: undefined };
  if (text.length > MAX_FILTER_CHARS) return { ok: false, text, error: `pattern too long (${text.length} characters, at most ${MAX_FILTER_CHARS})` };
  let native: RegExp;
  try {
    native = new RegExp(text, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    return { ok: false, text, error: oneLine(err).replace(/^Invalid regular expression: /, '') };
  }
  const safety = checkRegexSafety(text);
  const seesEnd = seesSubjectEnd(text);
  if (safety.nativeSafe) return { ok: true, text, engine: 'native', predicate: guarded((s) => native.test(s), seesEnd) };
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(toRe2Syntax(parseRegex(text)), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    if (safety.backtrackingFeature !== undefined) {
      const why = safety.reason === safety.backtrackingFeature ? '' : ` (and ${safety.reason})`;
      return { ok: false, text, error: `pattern needs backtracking features that could freeze the view: ${safety.backtrackingFeature}${why}` };
    }
    return { ok: false, text, error: `pattern could freeze the view (${safety.reason}) and the linear-time engine cannot run it: ${oneLine(err).replace(/^error parsing regexp: /, '')}` };
  }
  if (re2.programSize() > MAX_RE2_PROGRAM) {
    return { ok: false, text, error: `pattern too large to run on every log (${re2.programSize()} steps, at most ${MAX_RE2_PROGRAM})` };
  }
  return { ok: true, text, engine: 're2', predicate: guarded((s) => re2.test(s), seesEnd) };
}

/** A predicate over the capped subject that treats an engine failure as "no match". */
function guarded(test: (subject: string) => boolean, seesEnd: boolean): LogPredicate<FilterFields> {
  return (log) => {
    try {
      // The capped subject is a prefix of the whole text: its matches hold there too unless the pattern sees where its subject ends; then a cut log is tested whole (linear time on either engine).
      return test(seesEnd && isSubjectCut(log) ? wholeSubject(log) : filterSubject(log));
    } catch {
      // Neither engine is expected to throw on a string; a stack overflow on a freak input
      // must still not take the view down.
      return false;
    }
  };
}

/**
 * Whether a match can depend on where the subject ends: an end anchor `$`, a word boundary
 * `\b`/`\B` (which reads the character after it), or a negative lookahead (what it must not
 * find may lie after the cut). A positive lookahead or a lookbehind that matched within the
 * prefix matches in the whole text too, unless it holds one of these. Patterns the parser does
 * not understand count as seeing the end.
 */
export function seesSubjectEnd(pattern: string): boolean {
  try {
    return altSeesEnd(parseRegex(pattern));
  } catch {
    return true;
  }
}

function altSeesEnd(alt: RegexAlt): boolean {
  return alt.branches.some((branch) => branch.some(nodeSeesEnd));
}

function nodeSeesEnd(node: RegexNode): boolean {
  switch (node.type) {
    case 'assertion':
      return node.source !== '^';
    case 'quantifier':
      return nodeSeesEnd(node.body);
    case 'group':
      return node.kind === 'negativeLookahead' || altSeesEnd(node.body);
    default:
      return false;
  }
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // The pattern itself may hold line breaks, and engines quote it in their messages.
  return message.replace(/[\r\n\u2028\u2029]+/g, ' ').trim() || 'invalid pattern';
}
