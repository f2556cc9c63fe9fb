/**
 * The collector buffer's cost: 200,000 (or argv[2]) generated, stamped logs ingested into a
 * LogEngine as the Redis subscriber delivers them (Buffers), then the memory held after a full
 * GC (JS heap and off-heap), the ingest rate per CPU second, and the time to re-filter the
 * whole buffer. Run: node --expose-gc --import tsx bench/buffer.bench.ts [logs]
 */
import { LogEngine } from '../src/services/collector/engine.js';
import { createLogGenerator } from '../src/sources/generator.js';

const N = Number(process.argv[2] ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const generator = createLogGenerator({ seed: 'buffer-bench' });
let t = Date.UTC(2026, 10, 28, 11);
const payloads = Array.from({ length: N }, (_, i) => Buffer.from(generator.nextJson((t += 0.01), `,"_ls":{"p":"send-bench000","s":${i + 1}}`)));
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
engine.setFilter('timeout|refused');
const filterMs = cpuMs() - filterCpu;
const shown = engine.snapshot({ anchor: undefined, height: 1, margin: 0 }).size;

console.log(`${N.toLocaleString('en-US')} logs, ${mib(payloadBytes)} of payloads (${(payloadBytes / N).toFixed(0)} B each)`);
console.log(`ingest            ${Math.round((N / ingestCpu) * 1000).toLocaleString('en-US')}/s per CPU second`);
console.log(`held after GC     heap ${mib(after.heapUsed - before.heapUsed)}, off-heap ${mib(after.external - before.external)}`);
console.log(`re-filter         ${filterMs.toFixed(0)} ms for the whole buffer (${shown.toLocaleString('en-US')} shown)`);
