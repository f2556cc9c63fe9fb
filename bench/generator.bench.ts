/**
 * Dummy-log throughput: the generator alone, encodeLog alone, both together (the general path),
 * `nextJson` (the generator writing wire JSON itself, what the sender does per log, with its
 * producer stamp), and the sender end to end into the memory bus at a target of 500k logs/s.
 * Rates are per CPU second of this process (on a shared machine the wall clock also counts
 * other processes' turns); the load average is printed so a slow run can be told from a slow
 * machine. Run: node --import tsx bench/generator.bench.ts [logs]
 */
import { loadavg } from 'node:os';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { encodeLog } from '../src/protocol/log-encode.js';
import { startSender } from '../src/services/sender.js';
import { createLogGenerator, type GeneratedLog } from '../src/sources/generator.js';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = 3;
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function format(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

/** Best of RUNS: logs per CPU second and per wall second of `body(n)`. */
function measure(label: string, body: (n: number) => number): void {
  body(Math.min(N, 100_000)); // warm-up, so the optimising compiler has run
  let bestCpu = 0;
  let bestWall = 0;
  let sink = 0;
  for (let run = 0; run < RUNS; run++) {
    const cpu = cpuMs();
    const wall = performance.now();
    sink += body(N);
    bestCpu = Math.max(bestCpu, (N / (cpuMs() - cpu)) * 1000);
    bestWall = Math.max(bestWall, (N / (performance.now() - wall)) * 1000);
  }
  console.log(
    `${label.padEnd(22)} ${format(bestCpu).padStart(12)} CPU  ${format(bestWall).padStart(12)} wall  (${sink > 0 ? 'ok' : '?'})`,
  );
}

let now = T0;
const generator = createLogGenerator({ seed: 'bench' });
measure('generate', (n) => {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += generator.next((now += 0.01)).message.length;
  return bytes;
});

const logs: GeneratedLog[] = Array.from({ length: Math.min(N, 200_000) }, () => generator.next((now += 0.01)));
measure('encode', (n) => {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += encodeLog(logs[i % logs.length]!).length;
  return bytes;
});

let payloadBytes = 0;
measure('generate + encode', (n) => {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += encodeLog(generator.next((now += 0.01))).length;
  payloadBytes = bytes / n;
  return bytes;
});
console.log(`mean payload ${payloadBytes.toFixed(0)} B`);

let seq = 0;
measure('nextJson + stamp', (n) => {
  let bytes = 0;
  for (let i = 0; i < n; i++)
    bytes += generator.nextJson((now += 0.01), `,"_ls":{"p":"send-bench000","s":${++seq}}`).length;
  payloadBytes = bytes / n;
  return bytes;
});
console.log(`mean payload ${payloadBytes.toFixed(0)} B`);

// The sender paces on the real clock, so this one is wall time: how close it gets to 500k/s.
const bus = createMemoryBus();
let received = 0;
await bus.subscribe('logs.ingest', () => received++);
const target = 500_000;
const count = Math.min(N, 1_000_000);
const cpu = cpuMs();
const wall = performance.now();
const result = await startSender(bus, { channel: 'logs.ingest', rate: target, count, seed: 'bench' }).done;
const wallMs = performance.now() - wall;
console.log(
  `sender at ${format(target)}: ${format((result.sent / wallMs) * 1000)} wall, ` +
    `${format((result.sent / (cpuMs() - cpu)) * 1000)} CPU, sent ${result.sent}, dropped ${result.dropped}, received ${received}`,
);
await bus.close();
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
