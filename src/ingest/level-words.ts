import type { Level } from '../protocol/level.js';

/** Level words that may open a plain-text log line (after its timestamp), matched case-insensitively. */
const WORDS: Readonly<Record<string, Level>> = {
  trace: 'trace', trc: 'trace', finest: 'trace', finer: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug', verbose: 'debug',
  info: 'info', inf: 'info', notice: 'info', information: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error', severe: 'error',
  fatal: 'fatal', ftl: 'fatal', crit: 'fatal', critical: 'fatal', panic: 'fatal', emerg: 'fatal', alert: 'fatal', dpanic: 'fatal',
};

const BY_LENGTH = Object.keys(WORDS).sort((a, b) => b.length - a.length);
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

/** The level a word names, or undefined. */
export function levelOfWord(word: string): Level | undefined {
  return WORDS[word.toLowerCase()];
}

// Syslog severities 0..7 (emerg ... debug).
const SYSLOG: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** Level of a syslog PRI value (facility * 8 + severity). */
export function levelOfPri(pri: number): Level {
  return SYSLOG[pri & 7] ?? 'info';
}

/** Level of an HTTP status: 5xx error, 4xx warn, else info. */
export function levelOfStatus(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}
