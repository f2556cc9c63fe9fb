import { compileFilter, type CompiledFilter } from '../../query/filter.js';

/*
 * What `/` searches for. A regex as typed; text that is not one (`*`, `a(`, `[x`) is searched
 * literally instead, as lnav and less do, rather than refused: a search hides nothing, so reading
 * the text as written is always a safe guess. The filter box keeps its strict language.
 */

/** The status note shown when the search is read literally. */
export const LITERAL_NOTE = 'searching literally: not a regex';

/** The pattern in force for what was typed, whether it is read literally, or the error of both readings. */
export type SearchPattern = { ok: true; pattern: string; literal: boolean } | { ok: false; error: string };

/** Reads what was typed in the search box (see the note above). */
export function searchPattern(text: string): SearchPattern {
  const typed = compile(text);
  if (typed.ok) return { ok: true, pattern: text, literal: false };
  const escaped = escapeRegex(text);
  return compile(escaped).ok ? { ok: true, pattern: escaped, literal: true } : { ok: false, error: typed.error };
}

function compile(pattern: string): CompiledFilter {
  return compileFilter(pattern, { ignoreCase: pattern === pattern.toLowerCase() });
}

/** `text` as a regex matching it literally. Unicode mode allows only syntax characters to be escaped (`\-` is an error there). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** The text a pattern made by `escapeRegex` matches, or undefined for any other regex. */
export function literalOf(pattern: string): string | undefined {
  if (!/^(?:[^\\^$.*+?()[\]{}|/]|\\[\\^$.*+?()[\]{}|/])*$/u.test(pattern)) return undefined;
  return pattern.replace(/\\(.)/gu, '$1');
}
