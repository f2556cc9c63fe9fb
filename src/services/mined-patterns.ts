import { maskMessage } from '../core/mask-message.js';
import type { PatternOf } from '../core/window-accumulator.js';
import { PatternMiner } from '../query/patterns/index.js';
import { patternText } from '../query/pipeline/patterns-stage.js';

/** The tokens core/mask-message.ts puts for variable parts. */
const MASK_TOKEN = /<(?:num|hex|uuid|ip|email)>/g;
/** What a masked part is shown to the miner as: a value, never a word of the message. */
const PLACEHOLDER = '0';
const PLACEHOLDER_TOKEN = /(?<![\p{L}\p{N}])0(?![\p{L}\p{N}])/gu;

/**
 * How the analyzer counts an error message: its first line, masked (the same in every process
 * and thread, so partial windows add up exactly). Analyzers, their threads and groups must all
 * count by it for their windows to merge.
 */
export const firstLineMasked: PatternOf = (message) => {
  const key = maskMessage(patternText(message));
  return { key, text: key };
};

/**
 * How the analyzer names its top error messages: with the pattern miner the query language's
 * `| patterns` uses. When a window is published, a miner of its own learns the window's keys
 * (`firstLineMasked`), in sorted order, and each key is named by the pattern it then belongs to,
 * so the variants of one message count as one pattern. The names depend only on the window's
 * set of keys: one analyzer, its threads and a group publish the same.
 */
export function minedTemplates(): (keys: readonly string[]) => string[] {
  return (keys) => {
    const miner = new PatternMiner();
    const texts = keys.map((key) => key.replace(MASK_TOKEN, PLACEHOLDER));
    for (const text of [...texts].sort()) miner.add(text, 0);
    return texts.map((text) => (miner.match(text) ?? miner.add(text, 0)).template.replace(PLACEHOLDER_TOKEN, '<*>'));
  };
}
