/**
 * What a filter costs per log on each engine: native RegExp next to re2js on realistic subjects
 * (`LEVEL service message` of generated logs), re-filtering a 10,000-log buffer, the linear
 * engine's worst case, and the quadratic patterns that regex-safety.ts keeps off the native
 * engine. Rates are per CPU second. Run: node --import tsx bench/filter.bench.ts
 */
import { loadavg } from 'node:os';
import { RE2JS } from 're2js';
import { compileFilter, filterSubject } from '../src/query/filter.js';
import { createLogGenerator } from '../src/sources/generator.js';

const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);
const PATTERNS = ['ERROR', '^WARN auth', 'timeout|refused', String.raw`user \d+`, 'payment.*timeout'];

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Calls of `fn` per CPU second, after a warm-up, over about `ms` of CPU. */
function perSecond(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 20; i++) fn();
  let calls = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    fn();
    calls++;
    elapsed = cpuMs() - start;
  }
  return (calls * 1000) / elapsed;
}

const gen = createLogGenerator({ seed: 'filter-bench' });
const logs = Array.from({ length: 10_000 }, (_, i) => gen.next(T0 + i));
const subjects = logs.slice(0, 1_000).map(filterSubject);
const mega = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
let sink = 0; // matches counted, so that no test can be optimised away

console.log(
  `filter benchmark: ${subjects.length} subjects of ~${Math.round(subjects.join('').length / subjects.length)} chars, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.table(
  PATTERNS.map((p) => {
    const native = new RegExp(p, 'u');
    const re2 = RE2JS.compile(p);
    const n = perSecond(() => subjects.forEach((s) => (sink += native.test(s) ? 1 : 0))) * subjects.length;
    const r = perSecond(() => subjects.forEach((s) => (sink += re2.test(s) ? 1 : 0))) * subjects.length;
    const compiled = compileFilter(p);
    const filterEngine = compiled.ok ? compiled.engine : '-';
    return {
      pattern: p,
      native: mega(n),
      re2js: mega(r),
      'native / re2js': `${(n / r).toFixed(1)}x`,
      'the filter runs on': filterEngine,
    };
  }),
);

for (const p of ['timeout|refused', 'payment.*timeout']) {
  const refilter = compileFilter(p);
  if (!refilter.ok || refilter.predicate === undefined) continue;
  const predicate = refilter.predicate;
  const perBuffer = perSecond(() => (sink += logs.filter(predicate).length));
  console.log(
    `re-filter of ${logs.length.toLocaleString('en-US')} logs, '${p}' (${refilter.engine}): ${(1000 / perBuffer).toFixed(1)} ms`,
  );
}

// The linear engine's worst case: a nested quantifier over a 4 KiB line it cannot match.
const line4k = `${'a'.repeat(4095)}b`;
const worst = compileFilter('(a+)+$');
if (worst.ok && worst.predicate !== undefined) {
  const predicate = worst.predicate;
  const log = { level: 'info' as const, service: 'x', message: line4k };
  console.log(
    `'(a+)+$' on a 4 KiB line (${worst.engine}): ${(1000 / perSecond(() => predicate(log), 500)).toFixed(2)} ms per line`,
  );
}

// Why regex-safety.ts sends these to re2js: on the native engine they are quadratic in the line.
const QUADRATIC: [string, string][] = [
  ['.*x', 'a'.repeat(4096)],
  [String.raw`\d+$`, `${'1'.repeat(4095)}a`],
  ['^.*x', 'a'.repeat(4096)],
];
for (const [p, subject] of QUADRATIC) {
  const native = new RegExp(p, 'u');
  console.log(
    `native '${p}' on a 4 KiB line without a match: ${(1000 / perSecond(() => native.test(subject), 500)).toFixed(2)} ms per line`,
  );
}
console.log(`(${sink} matches in all)`);
