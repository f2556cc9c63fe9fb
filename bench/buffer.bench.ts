/**
 * The collector buffer's cost: 200,000 (or argv[2]) generated, stamped logs ingested into a
 * LogEngine as the Redis subscriber delivers them (Buffers), then the memory held after a full
 * GC (JS heap and off-heap), the ingest rate per CPU second without and with a regex filter
 * active, the time to re-filter the whole buffer, and to re-filter it by a field of the payload
 * (`host:`, read from each log's bytes) against its target, 300 ms.
 * Run: node --expose-gc --import tsx bench/buffer.bench.ts [logs]
 */
import { LogEngine } from '../src/services/collector/engine.js';
import { createLogGenerator } from '../src/sources/generator.js';

const N = Number(process.argv[2] ?? 200_000);
const FILTER = 'timeout|refused|status=5[0-9]{2}|fail(ed|ure)';
const FIELD_FILTER = 'host:ip-10-0-1-* http_status>=200';
const WHOLE_FILTER = 'duration:* OR host:ip-10-0-1-*';
const FIELD_TARGET_MS = 300;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const generator = createLogGenerator({ seed: 'buffer-bench' });
let t = Date.UTC(2026, 10, 28, 11);
const payloads = Array.from({ length: N }, (_, i) =>
  Buffer.from(generator.nextJson((t += 0.01), `,"_ls":{"p":"send-bench000","s":${i + 1}}`)),
);
const payloadBytes = payloads.reduce((n, p) => n + p.length, 0);

gc();
const before = process.memoryUsage();
const engine = new LogEngine(N);
const cpu = cpuMs();
for (const p of payloads) engine.ingest(p);
const ingestCpu = cpuMs() - cpu;
gc();
const after = process.memoryUsage(); // the payloads are still held: the difference is the engine's
const filterCpu = cpuMs();
engine.setFilter(FILTER);
const filterMs = cpuMs() - filterCpu;
const shown = engine.snapshot({ anchor: undefined, height: 1, margin: 0 }).size;
// A field term parses each buffered payload again (see payload-fields.ts); a key only a whole
// decode settles (`duration`, which may be the latency) decodes each whole. Best of 3, wall clock
// and CPU (the garbage collector's threads included).
const timed = (query: string): { wall: number; cpu: number } => {
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < 3; i++) {
    gc();
    const c = cpuMs();
    const w = performance.now();
    engine.setFilter(query);
    best = { wall: Math.min(best.wall, performance.now() - w), cpu: Math.min(best.cpu, cpuMs() - c) };
  }
  return best;
};
const field = timed(FIELD_FILTER);
const fieldShown = engine.snapshot({ anchor: undefined, height: 1, margin: 0 }).size;
const whole = timed(WHOLE_FILTER);

// The same ingest with a regex filter active: each log is also tested as it arrives.
const filtered = new LogEngine(N);
filtered.setFilter(FILTER);
const again = Array.from({ length: N }, (_, i) =>
  Buffer.from(generator.nextJson((t += 0.01), `,"_ls":{"p":"send-bench001","s":${i + 1}}`)),
);
const filteredCpu = cpuMs();
for (const p of again) filtered.ingest(p);
const filteredIngestCpu = cpuMs() - filteredCpu;

console.log(
  `${N.toLocaleString('en-US')} logs, ${mib(payloadBytes)} of payloads (${(payloadBytes / N).toFixed(0)} B each)`,
);
console.log(`ingest            ${Math.round((N / ingestCpu) * 1000).toLocaleString('en-US')}/s per CPU second`);
console.log(
  `ingest, filtered  ${Math.round((N / filteredIngestCpu) * 1000).toLocaleString('en-US')}/s per CPU second (filter ${FILTER})`,
);
console.log(
  `held after GC     heap ${mib(after.heapUsed - before.heapUsed)}, off-heap ${mib(after.external - before.external)}`,
);
console.log(
  `re-filter         ${filterMs.toFixed(0)} ms for the whole buffer (${shown.toLocaleString('en-US')} shown)`,
);
console.log(
  `re-filter, field  ${field.wall.toFixed(0)} ms wall, ${field.cpu.toFixed(0)} ms CPU (target ≤ ${FIELD_TARGET_MS} ms) for ${FIELD_FILTER} (${fieldShown.toLocaleString('en-US')} shown)`,
);
console.log(`  decoding whole  ${whole.wall.toFixed(0)} ms wall, ${whole.cpu.toFixed(0)} ms CPU for ${WHOLE_FILTER}`);
