import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../src/core/random.js';
import { PatternMiner } from '../src/query/patterns/pattern-miner.js';
import { generatorMessages } from './helpers/generator-truth.js';
import { groupingAccuracy } from './helpers/grouping-accuracy.js';
import { corpusMessages, corpusSystems, type LabelledMessage } from './helpers/pattern-corpus.js';

// Grouping accuracy of the miner on labelled corpora: thirteen systems' messages made from their
// templates (test/fixtures/patterns) and the dummy generator's own output.
const AVERAGE_FLOOR = 0.9;
const CORPUS_FLOOR = 0.75;
const SHUFFLED_FLOOR = 0.88;

function accuracy(messages: readonly LabelledMessage[]): number {
  const miner = new PatternMiner();
  const ids = messages.map((m, i) => miner.add(m.message, i).id);
  return groupingAccuracy(
    messages.map((m) => m.template),
    ids,
  );
}

function corpora(): [string, LabelledMessage[]][] {
  const out: [string, LabelledMessage[]][] = corpusSystems().map((s) => [s, corpusMessages(s, 2000)]);
  out.push(['generator', generatorMessages(20_000)]);
  return out;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const r = createRandom(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('pattern grouping accuracy', () => {
  const sets = corpora();

  it('groups at least 90% of messages exactly right on average, and no corpus below 75%', () => {
    const rows = sets.map(([name, messages]) => [name, accuracy(messages)] as const);
    const average = rows.reduce((s, [, ga]) => s + ga, 0) / rows.length;
    console.log(
      rows.map(([name, ga]) => `${name.padEnd(10)} ${ga.toFixed(3)}`).join('\n') + `\naverage    ${average.toFixed(3)}`,
    );
    assert.ok(average >= AVERAGE_FLOOR, `average ${average.toFixed(3)}`);
    for (const [name, ga] of rows) assert.ok(ga >= CORPUS_FLOOR, `${name}: ${ga.toFixed(3)}`);
  });

  it('keeps its accuracy whatever order the messages arrive in', () => {
    for (const seed of [1, 2]) {
      const rows = sets.map(([name, messages]) => [name, accuracy(shuffled(messages, seed))] as const);
      const average = rows.reduce((s, [, ga]) => s + ga, 0) / rows.length;
      assert.ok(average >= SHUFFLED_FLOOR, `seed ${seed}: average ${average.toFixed(3)}`);
    }
  });

  it('measures a perfect split as 1 and a lumped one as 0', () => {
    assert.equal(groupingAccuracy(['a', 'a', 'b'], ['x', 'x', 'y']), 1);
    assert.equal(groupingAccuracy(['a', 'a', 'b'], ['x', 'x', 'x']), 0);
    assert.equal(groupingAccuracy(['a', 'a', 'b'], ['x', 'y', 'z']), 1 / 3);
  });
});
