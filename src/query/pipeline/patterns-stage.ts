/*
 * `| patterns`: what the stage needs from a log pattern miner. The miner itself lives apart
 * (src/query/patterns/); until one is given, the stage cannot run.
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
