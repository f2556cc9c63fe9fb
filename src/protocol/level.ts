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

/** Upper-case spelling used on the wire by the original sender (`WARN`, `ERROR`, ...). */
export function wireLevel(level: Level): string {
  return level.toUpperCase();
}

/** error and fatal count as errors in the statistics (`error_count`). */
export function isErrorLevel(level: Level): boolean {
  return level === 'error' || level === 'fatal';
}
