/**
 * Pattern miner throughput on one core: messages per CPU second of `PatternMiner.add`, on the
 * dummy generator's messages and on the labelled corpora of test/fixtures/patterns (eleven
 * systems' messages, mixed). Target: ≥ 100,000 messages/s.
 *
 *   node --import tsx bench/patterns.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { PatternMiner } from '../src/query/patterns/pattern-miner.js';
import { createLogGenerator } from '../src/sources/generator.js';
import { corpusMessages, corpusSystems } from '../test/helpers/pattern-corpus.js';

/** The rate the miner must sustain, messages per second on one core. */
export const PATTERNS_TARGET = 100_000;

/** One measured message set. */
export interface PatternsBenchRow {
  corpus: string;
  messages: number;
  perSecond: number;
  patterns: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Best of three passes, each with a fresh miner (so it learns the patterns every time). */
function measure(corpus: string, messages: readonly string[]): PatternsBenchRow {
  let best = 0;
  let patterns = 0;
  for (let run = 0; run < 3; run++) {
    const miner = new PatternMiner();
    const start = cpuMs();
    for (let i = 0; i < messages.length; i++) miner.add(messages[i] as string, i);
    best = Math.max(best, (messages.length / Math.max(cpuMs() - start, 0.001)) * 1000);
    patterns = miner.stats().patterns;
  }
  return { corpus, messages: messages.length, perSecond: best, patterns };
}

/** Runs the benchmark over `count` generator messages and the corpora. */
export function runPatternsBench(count = 200_000): PatternsBenchRow[] {
  const gen = createLogGenerator({ seed: 'patterns-bench' });
  let now = Date.UTC(2026, 0, 1);
  const generated = Array.from({ length: count }, () => gen.next((now += 5)).message);
  const mixed = corpusSystems().flatMap((s) => corpusMessages(s, 2000).map((m) => m.message));
  const corpora: string[] = [];
  while (corpora.length < count) corpora.push(...mixed);
  measure('warm-up', generated.slice(0, 20_000));
  return [measure('generator', generated), measure('thirteen systems', corpora.slice(0, count))];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of runPatternsBench()) {
    const rate = Math.round(r.perSecond).toLocaleString('en-US');
    console.log(
      `${r.corpus.padEnd(16)} ${rate.padStart(10)} msg/s CPU (target ≥ ${PATTERNS_TARGET.toLocaleString('en-US')})  ${r.patterns} patterns`,
    );
  }
}
