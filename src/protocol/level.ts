/** Normalised log levels, lowest first. */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

/** Rank of a level: trace = 0 ... fatal = 5. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = {
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  fatal: 5,
};

/** Upper-case spelling used on the wire by RustLogStream's sender (`WARN`, `ERROR`, ...). */
export function wireLevel(level: Level): string {
  return level.toUpperCase();
}

/** error and fatal count as errors in the statistics (`error_count`). */
export function isErrorLevel(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}

/** The levels isErrorLevel counts, for sums over a level tally. */
export const ERROR_LEVELS: readonly Level[] = LEVELS.filter(isErrorLevel);

/**
 * Every spelling of a level LogStream reads, lower case, from the loggers that write it (pino,
 * winston, zap, Serilog, log4j, java.util.logging, syslog, GCP, Android's logcat). The first list
 * of each level names it anywhere: in a level field and as a word in a plain-text line. The second
 * list names it only as the value of a level field: a single letter, `HTTP` or `config:` opening a
 * line of text is more often a sentence than a level.
 *
 * Verbose (`verbose`, logcat's `V`) is trace: the level below debug in Serilog, .NET, Android and
 * lnav's logcat format. winston alone ranks its `verbose` above `debug`; one meaning for the word
 * is worth that.
 */
const SPELLINGS: ReadonlyArray<readonly [Level, readonly string[], readonly string[]]> = [
  ['trace', ['trace', 'trc', 'finest', 'finer', 'silly', 'verbose', 'verb', 'vrb'], ['t', 'v']],
  ['debug', ['debug', 'dbg', 'fine'], ['config', 'd']],
  ['info', ['info', 'inf', 'information', 'informational', 'notice', 'ntc'], ['default', 'http', 'i']],
  ['warn', ['warn', 'warning', 'wrn'], ['w']],
  ['error', ['error', 'err', 'eror', 'severe'], ['e']],
  ['fatal', ['fatal', 'ftl', 'crit', 'critical', 'crt', 'alert', 'emerg', 'emergency', 'panic', 'dpanic'], ['f']],
];

/** The level each spelling names (any spelling, lower case). */
export const LEVEL_WORDS: ReadonlyMap<string, Level> = new Map(
  SPELLINGS.flatMap(([level, text, fieldOnly]) => [...text, ...fieldOnly].map((w) => [w, level] as const)),
);

/** The spellings that also name a level as a word in a plain-text line, lower case. */
export const TEXT_LEVEL_WORDS: readonly string[] = SPELLINGS.flatMap(([, text]) => text);

const TEXT_WORDS = new Set(TEXT_LEVEL_WORDS);

/** The level a word names in a plain-text line, in any case; undefined when none (or a field-only spelling). */
export function levelOfTextWord(word: string): Level | undefined {
  const w = word.toLowerCase();
  return TEXT_WORDS.has(w) ? LEVEL_WORDS.get(w) : undefined;
}

/**
 * The level of a logcat priority letter (`V D I W E F A`): the table's letters, and `A` (assert,
 * logcat's highest) as fatal; undefined for any other.
 */
export function levelOfLogcatPriority(letter: string): Level | undefined {
  return letter === 'A' ? 'fatal' : LEVEL_WORDS.get(letter.toLowerCase());
}

/** Syslog severities 0..7 (emerg, alert, crit, err, warning, notice, info, debug), also journald's PRIORITY and GELF's level. */
const SYSLOG_LEVELS: readonly Level[] = ['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'];

/** The level of a syslog severity 0..7; undefined for any other number. */
export function levelOfSeverity(severity: number): Level | undefined {
  return Number.isInteger(severity) ? SYSLOG_LEVELS[severity] : undefined;
}
