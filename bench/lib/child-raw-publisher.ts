/**
 * A redis-benchmark-like publisher of realistic logs, run as its own process:
 *   node dist/bench/lib/child-raw-publisher.js PORT CHANNEL RATE COUNT [xadd]
 * Pre-encodes a pool of the generator's logs as pipelined RESP PUBLISH commands and, every few
 * ms, writes the ones that fell due with the current time patched into their timestamp and a
 * producer stamp numbering them (`"_ls":{"p":"rawpub-…","s":N}`, N from 1,000,000,001 so that
 * every number has 10 digits and is patched in place), so windows, lateness and loss
 * accounting behave as with LogStream's producers at a fraction of the sender's CPU.
 * With `xadd`, each log is appended to the stream CHANNEL instead (`XADD CHANNEL * p LOG`, as
 * `send --transport streams` writes it).
 * Prints `{"sent":N,"ms":T}` on exit.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { formatWireTimestamp } from '../../src/protocol/timestamp.js';
import { realisticLogs, TIMESTAMP_LENGTH } from './payload.js';

const [port, channel = 'logs.ingest', rateArg, countArg, mode = 'publish'] = process.argv.slice(2);
const xadd = mode === 'xadd';
const rate = Number(rateArg);
const count = Number(countArg);
const POOL = 4096;
const TICK_MS = 5;
const TS_OFFSET_IN_LOG = '{"timestamp":"'.length;

const SEQ_BASE = 1_000_000_000;
const SEQ_DIGITS = String(SEQ_BASE).length;
const producer = `rawpub-${randomBytes(4).toString('hex')}`;

// One RESP command per pool entry, and where its timestamp and its sequence number start inside it.
const commands = realisticLogs(POOL, 'raw-publisher').map((plain) => {
  const log = `${plain.slice(0, -1)},"_ls":{"p":"${producer}","s":${SEQ_BASE}}}`;
  const key = `$${Buffer.byteLength(channel)}\r\n${channel}\r\n`;
  const command = xadd ? `*5\r\n$4\r\nXADD\r\n${key}$1\r\n*\r\n$1\r\np\r\n` : `*3\r\n$7\r\nPUBLISH\r\n${key}`;
  const head = `${command}$${Buffer.byteLength(log)}\r\n`;
  const bytes = Buffer.from(`${head}${log}\r\n`);
  return { bytes, tsAt: Buffer.byteLength(head) + TS_OFFSET_IN_LOG, seqAt: bytes.length - 4 - SEQ_DIGITS };
});

const socket = connect({ host: '127.0.0.1', port: Number(port) });
// Each PUBLISH is answered with one integer reply (`:N\r\n`), each XADD with the entry's id
// (`$15\r\n1733...-0\r\n`, two lines): count them, so the socket is only
// closed once Redis has read every command (closing with replies unread resets the connection,
// and Redis then drops the commands still in its receive buffer).
let sent = 0;
let replies = 0;
let allReplied: (() => void) | undefined;
let lines = 0;
const linesPerReply = xadd ? 2 : 1;
socket.on('data', (chunk: Buffer) => {
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  replies = Math.floor(lines / linesPerReply);
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
    batch.write(String(SEQ_BASE + sent + i + 1), at + c.seqAt, 'latin1');
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
