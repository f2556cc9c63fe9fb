/**
 * A redis-benchmark-like publisher of realistic logs, run as its own process:
 *   node dist/bench/lib/child-raw-publisher.js PORT CHANNEL RATE COUNT
 * Pre-encodes a pool of the generator's logs as pipelined RESP PUBLISH commands and, every few
 * ms, writes the ones that fell due with the current time patched into their timestamp, so
 * windows and lateness behave as with real producers at a fraction of the sender's CPU.
 * Prints `{"sent":N,"ms":T}` on exit.
 */
import { connect } from 'node:net';
import { formatWireTimestamp } from '../../src/core/timestamp.js';
import { realisticLogs, TIMESTAMP_LENGTH } from './payload.js';

const [port, channel = 'logs.ingest', rateArg, countArg] = process.argv.slice(2);
const rate = Number(rateArg);
const count = Number(countArg);
const POOL = 4096;
const TICK_MS = 5;
const TS_OFFSET_IN_LOG = '{"timestamp":"'.length;

// One RESP command per pool entry, and where its timestamp starts inside it.
const commands = realisticLogs(POOL, 'raw-publisher').map((log) => {
  const head = `*3\r\n$7\r\nPUBLISH\r\n$${Buffer.byteLength(channel)}\r\n${channel}\r\n$${Buffer.byteLength(log)}\r\n`;
  return { bytes: Buffer.from(`${head}${log}\r\n`), tsAt: Buffer.byteLength(head) + TS_OFFSET_IN_LOG };
});

const socket = connect({ host: '127.0.0.1', port: Number(port) });
// Each PUBLISH is answered with one integer reply (`:N\r\n`): count them, so the socket is only
// closed once Redis has read every command (closing with replies unread resets the connection,
// and Redis then drops the commands still in its receive buffer).
let sent = 0;
let replies = 0;
let allReplied: (() => void) | undefined;
socket.on('data', (chunk: Buffer) => {
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) replies++;
  if (allReplied !== undefined && replies >= sent) allReplied();
});
socket.on('error', (err) => {
  console.error(`raw publisher: ${err.message}`);
  process.exit(1);
});
await new Promise<void>((resolve) => socket.once('connect', resolve));

const start = performance.now();
while (sent < count) {
  // Everything due since the start, but at most 1 s worth at once after a stall.
  const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000)) - sent;
  const n = Math.min(due, Math.ceil(rate));
  if (n <= 0) {
    await new Promise((r) => setTimeout(r, TICK_MS));
    continue;
  }
  const stamp = Buffer.from(formatWireTimestamp(Date.now()).slice(0, TIMESTAMP_LENGTH));
  let size = 0;
  for (let i = 0; i < n; i++) size += commands[(sent + i) % POOL]?.bytes.length ?? 0;
  const batch = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const c = commands[(sent + i) % POOL];
    if (c === undefined) continue;
    c.bytes.copy(batch, at);
    stamp.copy(batch, at + c.tsAt);
    at += c.bytes.length;
  }
  sent += n;
  if (!socket.write(batch)) await new Promise((r) => socket.once('drain', r));
  else await new Promise((r) => setImmediate(r));
}
if (replies < sent) await new Promise<void>((resolve) => (allReplied = resolve));
await new Promise<void>((resolve) => socket.end(resolve));
const ms = performance.now() - start;
console.log(JSON.stringify({ sent, ms }));
socket.destroy();
