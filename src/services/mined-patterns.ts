import { maskMessage } from '../core/mask-message.js';
import type { PatternOf } from '../core/window-accumulator.js';
import { PatternMiner } from '../query/patterns/index.js';
import { patternText } from '../query/pipeline/patterns-stage.js';

/**
 * Top error messages grouped by the pattern miner the query language's `| patterns` uses, one
 * miner per process. A message is counted under its masked form (the same in every process, so
 * the partial windows of analyzers in a group and the windows of a rollup add up by key), and a
 * window ranks its top errors by the template each key's example belongs to when the window is
 * published: the variants of one message the miner grouped count as one pattern.
 */
export function minedPatterns(): { patternOf: PatternOf; templateOf: (example: string) => string } {
  const miner = new PatternMiner();
  return {
    patternOf: (message, timeMs) => ({
      key: maskMessage(message),
      text: miner.add(patternText(message), timeMs).template,
    }),
    // A publisher in a group has not seen the messages: it learns them from the examples.
    templateOf: (example) => {
      const text = patternText(example);
      return (miner.match(text) ?? miner.add(text, Date.now())).template;
    },
  };
}
