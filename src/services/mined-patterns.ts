import { PatternMiner } from '../query/patterns/index.js';
import { patternText } from '../query/pipeline/patterns-stage.js';

/**
 * How the analyzer names its top error messages: with the pattern miner the query language's
 * `| patterns` uses, one per process. Messages are counted under their masked form (the same in
 * every process and thread, so partial windows add up by key); when a window is published, the
 * examples of its keys teach the miner and each is named by the pattern it then belongs to, so
 * the variants of one message count as one pattern. One analyzer, its threads and a group learn
 * from the same examples in the same order, and so name them alike.
 */
export function minedTemplates(): (examples: readonly string[]) => string[] {
  const miner = new PatternMiner();
  return (examples) => {
    const now = Date.now();
    const texts = examples.map(patternText);
    for (const text of texts) miner.add(text, now);
    return texts.map((text) => (miner.match(text) ?? miner.add(text, now)).template);
  };
}
