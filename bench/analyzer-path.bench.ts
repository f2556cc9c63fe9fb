/**
 * The analyzer's receive path without a socket: RESP `message` frames, as Redis sends them in
 * socket chunks of ~64 KiB, go through the parser, the subscriber and the real analyzer's
 * subscription callback (decode, gap tracking, windows), with its own timer closing and
 * publishing windows on a bus that only counts. Logs are the sender's (generator JSON with the
 * producer stamp), stamped with the current time as they are made. Only the CPU spent feeding
 * chunks is counted, not making them, so the rate is logs per CPU second of the analyzer.
 * Run: node dist/bench/analyzer-path.bench.js [cpu-seconds] [--no-resp]
 */
import { loadavg } from 'node:os';
import type { Bus, MessageHandler } from '../src/bus/bus.js';
import { createRedisSubscriber } from '../src/bus/redis-subscriber.js';
import { RespParser } from '../src/bus/resp/resp-parser.js';
import type { RespConnection } from '../src/bus/resp/resp-connection.js';
import { startAnalyzer } from '../src/services/analyzer.js';
import { createLogGenerator } from '../src/sources/generator.js';
import { formatWireTimestamp } from '../src/protocol/timestamp.js';

const CPU_SECONDS = Number(process.argv[2] ?? 5);
const VIA_RESP = !process.argv.includes('--no-resp');
const CHANNEL = 'logs.ingest';
const CHUNK_BYTES = 64 * 1024;

let published = 0;
const subscribed: { handler?: MessageHandler } = {};
const bus: Bus = {
  publish: () => {
    published++;
    return true;
  },
  drain: () => Promise.resolve(),
  flush: () => Promise.resolve(),
  subscribe: (_channel, h) => {
    subscribed.handler = h;
    return Promise.resolve({ unsubscribe: () => Promise.resolve() });
  },
  status: () => ({ state: 'ready', since: 0 }),
  onStatus: () => () => {},
  counters: () => ({ published, dropped: 0, received: 0 }),
  close: () => Promise.resolve(),
};

const analyzer = await startAnalyzer(bus, { logsChannel: CHANNEL, statsChannel: 'stats.update' });
const deliver = subscribed.handler;
if (deliver === undefined) throw new Error('the analyzer did not subscribe');

// The subscriber and parser of the Redis bus, on a connection that accepts every write.
const conn = { ready: true, write: () => true } as unknown as RespConnection;
const subscriber = createRedisSubscriber(() => conn, {
  counters: { published: 0, dropped: 0, received: 0 },
  reportError: () => {},
  onReconnect: () => {},
});
const subscription = subscriber.subscribe(CHANNEL, deliver);
subscriber.onReply(['subscribe', CHANNEL, 1]);
await subscription;
const parser = new RespParser({ onReply: () => {}, onMessage: subscriber.onMessage });

const head = `*3\r\n$7\r\nmessage\r\n$${CHANNEL.length}\r\n${CHANNEL}\r\n`;
// A pool of the sender's logs as frames, made once: making them as the bench goes left their
// garbage to be collected inside the timed feeds. Each feed patches in the current time (one
// microsecond apart, as from a sender at 1M/s) and the next sequence number (10 digits).
const POOL = 32_768;
const SEQ_BASE = 1_000_000_000;
const TS_AT = '{"timestamp":"'.length;
const generator = createLogGenerator({ seed: 'analyzer-path' });
const pool = Array.from({ length: POOL }, () => {
  const log = generator.nextJson(Date.now(), `,"_ls":{"p":"send-bench0001","s":${SEQ_BASE}}`);
  const frameHead = `${head}$${Buffer.byteLength(log)}\r\n`;
  const frame = Buffer.from(`${frameHead}${log}\r\n`);
  return {
    frame,
    payloadAt: frameHead.length,
    tsAt: frameHead.length + TS_AT,
    seqAt: frame.length - 2 - '0000000000}}'.length,
  };
});
let next = 0;
let seq = SEQ_BASE;

/** One socket chunk of frames (and the payloads alone, for --no-resp), logs stamped now. */
function makeChunk(): { chunk: Buffer; payloads: Buffer[] } {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const payloads: Buffer[] = [];
  const base = Date.now();
  let size = 0;
  for (let i = 0; ; i++) {
    const p = pool[next % POOL];
    if (p === undefined || size + p.frame.length > CHUNK_BYTES) break;
    next++;
    p.frame.copy(chunk, size);
    chunk.write(formatWireTimestamp(base + i / 1000), size + p.tsAt, 'latin1');
    chunk.write(String(++seq), size + p.seqAt, 'latin1');
    if (!VIA_RESP) payloads.push(chunk.subarray(size + p.payloadAt, size + p.frame.length - 2));
    size += p.frame.length;
  }
  return { chunk: chunk.subarray(0, size), payloads };
}

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function run(budgetUs: number): Promise<number> {
  let used = 0;
  while (used < budgetUs) {
    const { chunk, payloads } = makeChunk();
    const before = cpuUs();
    if (VIA_RESP) parser.feed(chunk);
    else for (const p of payloads) deliver?.(p, CHANNEL);
    used += cpuUs() - before;
    // Lets the analyzer's timer close windows, as between socket reads.
    await new Promise((r) => setImmediate(r));
  }
  return used;
}

console.log(
  `analyzer path (${VIA_RESP ? 'RESP chunks' : 'payload Buffers'}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await run(1_000_000); // warm-up
const before = analyzer.counters().received;
const used = await run(CPU_SECONDS * 1_000_000);
const logs = analyzer.counters().received - before;
console.log(
  `${logs.toLocaleString('en-US')} logs in ${(used / 1e6).toFixed(2)} CPU s: ${Math.round(logs / (used / 1e6)).toLocaleString('en-US')} logs per CPU second; ${published} windows published`,
);
await analyzer.stop();
