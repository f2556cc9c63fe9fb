import { levelOfSeverity, TEXT_LEVEL_WORDS, type Level } from '../protocol/level.js';

const BY_LENGTH = [...TEXT_LEVEL_WORDS].sort((a, b) => b.length - a.length);
const ANY_CASE = BY_LENGTH.flatMap((w) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)]).join('|');
const UPPER = BY_LENGTH.map((w) => w.toUpperCase()).join('|');

/**
 * A level token (case-sensitive regex source, groups `lb`, `la`, `lu`, `lc`): bracketed in any
 * case (`[warn]`, `<Error>`), an upper-case word (`ERROR`), or any case before a colon
 * (`info:`). A bare lower-case word is left alone: `error connecting to db` is a sentence.
 */
export const LEVEL_TOKEN = `(?:\\[(?<lb>${ANY_CASE})\\]|<(?<la>${ANY_CASE})>|(?<lu>${UPPER})(?=[\\s:|-]|$)|(?<lc>${ANY_CASE})(?=:))`;

/** LEVEL_TOKEN without the any-case-before-a-colon form, for the start of a line: `Error: ENOENT` is Node's error, not a level. */
export const LEVEL_TOKEN_STRICT = `(?:\\[(?<lb>${ANY_CASE})\\]|<(?<la>${ANY_CASE})>|(?<lu>${UPPER})(?=[\\s:|-]|$))`;

/** The level word a LEVEL_TOKEN match captured. */
export function tokenWord(groups: Record<string, string | undefined> | undefined): string | undefined {
  return groups?.lb ?? groups?.la ?? groups?.lu ?? groups?.lc;
}

/** Level of a syslog PRI value (facility * 8 + severity). */
export function levelOfPri(pri: number): Level {
  return levelOfSeverity(pri & 7) ?? 'info';
}

/** Level of an HTTP status: 5xx error, 4xx warn, else info. */
export function levelOfStatus(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}
