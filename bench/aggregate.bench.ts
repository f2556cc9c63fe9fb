// Aggregation throughput: WindowAccumulator.add (level counts, per-service Map, error patterns,
// DDSketch latencies), the same through WindowAggregator (windowing, lateness), maskMessage on
// its own, and the merges a 1-minute rollup does. Run: node --import tsx bench/aggregate.bench.ts [records]
import { loadavg } from 'node:os';
import { isErrorLevel, type Level } from '../src/protocol/level.js';
import type { LogRecord } from '../src/protocol/log-record.js';
import { maskMessage } from '../src/core/mask-message.js';
import { createRandom } from '../src/core/random.js';
import type { Random, Weighted } from '../src/core/random.js';
import { WindowAccumulator } from '../src/core/window-accumulator.js';
import { WindowAggregator } from '../src/core/window-aggregator.js';

const N = Number(process.argv[2] ?? 2_000_000);
const RUNS = 3;
// Event time advances at this rate, so 2M records span 20 windows of 1 s.
const RECORDS_PER_SECOND = 100_000;
const T0 = Date.UTC(2026, 10, 28, 11, 0, 0);

const SERVICES = [
  'auth-service',
  'payment-service',
  'order-service',
  'inventory',
  'gateway',
  'search',
  'notification',
  'billing',
];
const SERVICE_WEIGHTS: Weighted<string>[] = SERVICES.map((value, k) => ({ value, weight: 2 ** (SERVICES.length - k) }));
const LEVEL_WEIGHTS: Weighted<Level>[] = [
  { value: 'trace', weight: 2 },
  { value: 'debug', weight: 15 },
  { value: 'info', weight: 65 },
  { value: 'warn', weight: 12 },
  { value: 'error', weight: 5.5 },
  { value: 'fatal', weight: 0.5 },
];
const INFO_MESSAGES = [
  'User login successful',
  'Request handled',
  'Cache refreshed',
  'Order created',
  'Health check ok',
];

function hex(rng: Random, digits: number): string {
  let s = '';
  while (s.length < digits) s += rng.uint32().toString(16).padStart(8, '0');
  return s.slice(0, digits);
}

function errorMessage(rng: Random): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `Payment ${hex(rng, 12)} declined for user ${rng.int(1, 99_999)} after ${rng.int(1, 900)}ms`;
    case 1:
      return `Connection to 10.0.${rng.int(0, 255)}.${rng.int(1, 254)}:5432 refused (attempt ${rng.int(1, 5)} of 5)`;
    case 2:
      return `Request ${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)} failed: upstream timeout after 30s`;
    case 3:
      return `Database query failed: relation "orders_${rng.int(1, 40)}" does not exist`;
    default:
      return `NullPointerException in OrderService.process at line ${rng.int(1, 400)}`;
  }
}

function generate(count: number): LogRecord[] {
  const rng = createRandom('aggregate-bench');
  const logs: LogRecord[] = new Array<LogRecord>(count);
  for (let i = 0; i < count; i++) {
    const level = rng.weighted(LEVEL_WEIGHTS);
    const isError = isErrorLevel(level);
    // Mostly in order, some late by up to 2 s, a few skewed into the future.
    const skew = rng.chance(0.02) ? -rng.int(0, 2_000) : rng.chance(0.001) ? rng.int(0, 10_000) : 0;
    logs[i] = {
      time: T0 + Math.floor((i * 1_000) / RECORDS_PER_SECOND) + skew,
      timeFromEvent: true,
      level,
      service: rng.weighted(SERVICE_WEIGHTS),
      message: isError ? errorMessage(rng) : rng.pick(INFO_MESSAGES),
      latencyMs: rng.chance(0.7) ? rng.logNormal(3, 1) : undefined,
      fields: undefined,
      plain: false,
      raw: '',
    };
  }
  return logs;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function time(fn: () => void): Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1_000 };
}

function report(name: string, count: number, unit: string, fn: () => void): void {
  fn(); // warm-up: let V8 optimise before timing
  const runs = Array.from({ length: RUNS }, () => time(fn)).sort((a, b) => a.wallMs - b.wallMs);
  const best = runs[0] ?? { wallMs: NaN, cpuMs: NaN };
  const rate = (ms: number): string => Math.round((count / ms) * 1_000).toLocaleString('en-US');
  console.log(
    `${name.padEnd(34)} ${rate(best.wallMs).padStart(11)} ${unit}/s wall, ${rate(best.cpuMs).padStart(11)} ${unit}/s cpu` +
      ` (best of ${RUNS}, ${best.wallMs.toFixed(0)} ms for ${count.toLocaleString('en-US')})`,
  );
}

function main(): void {
  console.log(
    `aggregate benchmark: ${N.toLocaleString('en-US')} records, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const logs = generate(N);
  const errors = logs.filter((l) => isErrorLevel(l.level)).map((l) => l.message);
  console.log(
    `${errors.length.toLocaleString('en-US')} error/fatal logs, ${logs.filter((l) => l.latencyMs !== undefined).length.toLocaleString('en-US')} latencies`,
  );
  let sink = 0;

  report('WindowAccumulator.add', N, 'records', () => {
    const acc = new WindowAccumulator();
    for (const l of logs) acc.add(l);
    sink += acc.totalCount;
  });

  report('WindowAggregator.add + advance', N, 'records', () => {
    const agg = new WindowAggregator();
    let now = T0;
    for (let i = 0; i < N; i++) {
      // Arrival 100 ms after the in-order event time.
      now = T0 + Math.floor((i * 1_000) / RECORDS_PER_SECOND) + 100;
      agg.add(logs[i] as LogRecord, now);
      if (now >= agg.nextCloseAt()) sink += agg.advance(now).length;
    }
    sink += agg.advance(now + 60_000).length;
  });

  report('maskMessage (error messages)', errors.length, 'ops', () => {
    for (const m of errors) sink += maskMessage(m).length;
  });

  const seconds = Array.from({ length: 60 }, (_, s) => {
    const acc = new WindowAccumulator();
    for (let i = s * 1_000; i < (s + 1) * 1_000 && i < logs.length; i++) acc.add(logs[i] as LogRecord);
    return acc;
  });
  const MINUTES = 50;
  report('merge 1 s windows of 1,000 records', MINUTES * seconds.length, 'merges', () => {
    for (let m = 0; m < MINUTES; m++) {
      const minute = new WindowAccumulator();
      for (const acc of seconds) minute.merge(acc);
      sink += minute.toStats(T0, T0 + 60_000, { topServices: 10, topErrors: 5 }).total_count;
    }
  });

  if (sink === 0) console.log('(nothing counted)');
}

main();
