import type { FilterFields, LogPredicate } from './log-view.js';
import { compileTextPattern, MAX_PATTERN_CHARS, type PatternEngine } from './text-pattern.js';

/*
 * A filter typed by the user must never freeze the view, whatever the logs hold: it runs on the
 * engines of text-pattern.ts, native RegExp where that is provably linear, else re2js.
 * Native stays the engine of the common, simple patterns because it is several times faster;
 * re2js is fast enough for the rest, worst case included (bench/filter.bench.ts measures both).
 */

/** Which engine runs a compiled filter. */
export type FilterEngine = PatternEngine;

/** The result of compiling what the user typed in the filter box. */
export type CompiledFilter =
  | { ok: true; text: string; predicate: LogPredicate<FilterFields> | undefined; engine?: FilterEngine }
  | { ok: false; text: string; error: string };

/**
 * How much of a log the regex sees: the first 4 KiB of the message and 256 characters of the
 * service. A bound on the work per log even in the linear engine, whose time grows with the
 * text, and no copy of huge messages for each test. Matches beyond are not found.
 */
export const FILTER_MESSAGE_CHARS = 4096;
/** See FILTER_MESSAGE_CHARS. */
export const FILTER_SERVICE_CHARS = 256;

/** Longer patterns are refused before any work. */
export const MAX_FILTER_CHARS = MAX_PATTERN_CHARS;

/** The text a filter regex is matched against, as in RustLogStream: `LEVEL service message` (capped, see FILTER_MESSAGE_CHARS). */
export function filterSubject(log: FilterFields): string {
  return `${log.level.toUpperCase()} ${cap(log.service, FILTER_SERVICE_CHARS)} ${cap(log.message, FILTER_MESSAGE_CHARS)}`;
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
  if (text.trim() === '') return { ok: true, text: '', predicate: undefined };
  const compiled = compileTextPattern(text, opts);
  if (!compiled.ok) return { ok: false, text, error: compiled.error };
  const pattern = compiled.pattern;
  return { ok: true, text, engine: pattern.engine, predicate: guarded((s) => pattern.test(s)) };
}

/** A predicate over the capped subject that treats an engine failure as "no match". */
function guarded(test: (subject: string) => boolean): LogPredicate<FilterFields> {
  return (log) => {
    try {
      return test(filterSubject(log));
    } catch {
      // Neither engine is expected to throw on a string; a stack overflow on a freak input
      // must still not take the view down.
      return false;
    }
  };
}
