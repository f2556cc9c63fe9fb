/*
 * `| patterns`: what the stage needs from a log pattern miner. The miner itself lives apart
 * (src/query/patterns/), and a test can give the stage another.
 */

/** A pattern as the miner reports it. */
export interface MinedPattern {
  id: string | number;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** The part of a pattern miner the stage uses. */
export interface PatternMinerLike {
  add(message: string, timeMs: number): { id: string | number; template: string };
  patterns(): MinedPattern[];
}

/** Makes a fresh miner for one run of the stage. */
export type PatternMinerFactory = () => PatternMinerLike;

/** What a log's pattern is mined from: the first line of its message (a stack trace below it is not part of the event). */
export function patternText(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}
