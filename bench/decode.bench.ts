/**
 * decodeLog throughput next to a bare JSON.parse of the same payload, which is the floor:
 * everything decodeLog adds on top of it is normalisation; then decodeLog without `fields`, and
 * the timestamp reader and writer next to Date.parse and toISOString. Rates are per CPU second.
 * Run: node --import tsx bench/decode.bench.ts
 */
import { decodeLog } from '../src/protocol/log-decode.js';
import { formatWireTimestamp, parseTimestamp } from '../src/protocol/timestamp.js';
import { createLogGenerator } from '../src/sources/generator.js';

const ORIGINAL =
  '{"timestamp": "2026-11-28T11:00:00.123456", "level": "ERROR", "service": "auth-service", "message": "User login successful"}';
// A typical structured app log with extra fields: ~225 bytes.
const WITH_FIELDS =
  '{"timestamp":"2026-11-28T11:00:00.123456Z","level":"warn","service":"checkout","message":"payment retried",' +
  '"latency_ms":182.4,"http_status":503,"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user_id":48213,"region":"eu-west-1"}';

// What `logstream send` publishes: generated wire JSON with the producer stamp.
const SENDER = createLogGenerator({ seed: 'bench' }).nextJson(
  Date.UTC(2026, 10, 28, 11, 0, 0) + 123.456,
  ',"_ls":{"p":"send-k3j9x0ab","s":42}',
);
// Over the default 64 KiB limit: cut and kept as plain text, never parsed.
const HUGE = JSON.stringify({ level: 'info', message: 'x'.repeat(10 << 20) });

const PAYLOADS: [string, string][] = [
  [`RustLogStream's sender (${Buffer.byteLength(ORIGINAL)} B)`, ORIGINAL],
  [`with fields (${Buffer.byteLength(WITH_FIELDS)} B)`, WITH_FIELDS],
  [`sender, stamped (${Buffer.byteLength(SENDER)} B)`, SENDER],
];

/**
 * Operations per second of process CPU time (not wall time: on a shared machine the wall clock
 * also counts other processes' turns), after a warm-up, over about `ms` milliseconds of CPU.
 */
function opsPerSecond(fn: () => unknown, ms = 1000): number {
  for (let i = 0; i < 50_000; i++) fn();
  const cpuMs = (): number => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let ops = 0;
  const start = cpuMs();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10_000; i++) fn();
    ops += 10_000;
    elapsed = cpuMs() - start;
  }
  return (ops * 1000) / elapsed;
}

const rows = PAYLOADS.map(([name, payload]) => {
  const buffer = Buffer.from(payload);
  const parse = opsPerSecond(() => JSON.parse(payload));
  const decode = opsPerSecond(() => decodeLog(payload, 0));
  const decodeBuffer = opsPerSecond(() => decodeLog(buffer, 0));
  return {
    payload: name,
    'JSON.parse /s': Math.round(parse).toLocaleString('en-US'),
    'decodeLog /s': Math.round(decode).toLocaleString('en-US'),
    'decodeLog(Buffer) /s': Math.round(decodeBuffer).toLocaleString('en-US'),
    'decode / parse': (decode / parse).toFixed(2),
  };
});
console.table(rows);

const hugeBuffer = Buffer.from(HUGE);
const huge = opsPerSecond(() => decodeLog(hugeBuffer, 0), 300);
console.log(`10 MiB payload (truncated at 64 KiB): ${Math.round(huge).toLocaleString('en-US')}/s from a Buffer`);

const senderBuffer = Buffer.from(SENDER);
const withFields = opsPerSecond(() => decodeLog(senderBuffer, 0));
const withoutFields = opsPerSecond(() => decodeLog(senderBuffer, 0, { skipFields: true }));
console.log(
  `sender log from a Buffer: ${Math.round(withFields).toLocaleString('en-US')}/s, with skipFields ${Math.round(withoutFields).toLocaleString('en-US')}/s`,
);

// Distinct stamps, so that nothing is answered from a cache of the last one.
const STAMPS = Array.from(
  { length: 1024 },
  (_, i) => `2026-11-28T11:${String(i % 60).padStart(2, '0')}:00.${String(123456 + i).padStart(6, '0')}`,
);
const ns = (opsPerS: number): string => `${Math.round(1e9 / opsPerS)} ns`;
let k = 0;
const next = (): string => STAMPS[k++ & 1023] as string;
console.table([
  {
    stamp: '2026-11-28T11:00:00.123456 (Z added for Date.parse)',
    parseTimestamp: ns(opsPerSecond(() => parseTimestamp(next()))),
    'Date.parse': ns(opsPerSecond(() => Date.parse(`${next()}Z`))),
  },
  {
    stamp: '… .123456789+09:00',
    parseTimestamp: ns(opsPerSecond(() => parseTimestamp(`${next()}789+09:00`))),
    'Date.parse': ns(opsPerSecond(() => Date.parse(`${next()}789+09:00`))),
  },
]);
let t = Date.UTC(2026, 10, 28, 11, 0, 0);
const micro = (ms: number): string =>
  new Date(ms).toISOString().slice(0, -1) + String(Math.floor((ms % 1) * 1000)).padStart(3, '0');
console.log(
  `formatWireTimestamp ${ns(opsPerSecond(() => formatWireTimestamp((t += 1.001))))}, toISOString plus the microsecond digits ${ns(opsPerSecond(() => micro((t += 1.001))))}`,
);
