import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateTest } from '../src/query/eval/template-match.js';
import { PatternMiner } from '../src/query/patterns/pattern-miner.js';
import { createLogGenerator } from '../src/sources/generator.js';

describe('filtering by a mined pattern', () => {
  it('finds again every generated message in the template the miner gave its pattern', () => {
    const generator = createLogGenerator({ seed: 'pattern-term' });
    const miner = new PatternMiner();
    const seen: { message: string; id: string }[] = [];
    for (let i = 0; i < 5000; i++) {
      const message = generator.next(1_764_900_000_000 + i * 10).message;
      seen.push({ message, id: String(miner.add(message, i).id) });
    }
    const templates = new Map(miner.patterns().map((p) => [String(p.id), p.template]));
    const missed = seen.filter(({ message, id }) => !templateTest(templates.get(id) ?? '')(message));
    assert.deepEqual(missed.slice(0, 5), []);
  });
});
