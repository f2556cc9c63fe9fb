// The pattern miner's public surface (see docs/patterns.md).
export {
  PatternMiner,
  type PatternInfo,
  type PatternMatch,
  type PatternMinerOptions,
  type PatternStats,
} from './pattern-miner.js';
export { MAX_TOKENS, WILD } from './tokenise.js';
