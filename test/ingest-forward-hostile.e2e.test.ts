import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { decodeMulti, encode } from '@msgpack/msgpack';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { startCli, type CliProcess } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const T = 1795863600; // 2026-11-28T11:00:00Z

type Wire = Record<string, unknown>;

/** A raw forward-protocol connection that collects the acks it is sent. */
class RawClient {
  readonly acks: string[] = [];
  closed = false;
  private pending = Buffer.alloc(0);

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.pending = Buffer.concat([this.pending, d]);
      try {
        const values = [...decodeMulti(this.pending)];
        this.pending = Buffer.alloc(0);
        for (const v of values) this.acks.push(String((v as { ack?: unknown }).ack));
      } catch {
        // an ack cut in two: the rest comes with the next data
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  async acked(chunk: string, timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.acks.includes(chunk), `the ack of ${chunk}`, timeoutMs);
  }
}

function entry(time: unknown, record: unknown): Buffer {
  return Buffer.from(encode([time, record], { useBigInt64: true }));
}

function packedFrame(tag: string, entries: Buffer, option: Record<string, unknown>): Buffer {
  return Buffer.from(encode([tag, entries, option]));
}

/** A zstd frame holding `data` in raw blocks (valid zstd, as `zstd -d` confirms, without a compressor). */
function zstdRawFrame(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0])]; // magic; single segment, 4-byte content size
  const size = Buffer.alloc(4);
  size.writeUInt32LE(data.length);
  parts.push(size);
  const BLOCK = 128 * 1024;
  for (let at = 0; at < data.length || at === 0; at += BLOCK) {
    const body = data.subarray(at, at + BLOCK);
    const last = at + BLOCK >= data.length ? 1 : 0;
    const header = (body.length << 3) | last; // raw block
    parts.push(Buffer.from([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]), body);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}

const ZSTD_BUILT_IN = typeof (zlib as unknown as Record<string, unknown>).createZstdDecompress === 'function';

describe('logstream ingest --forward acknowledges a chunk only once all of it was published', () => {
  let redis: RedisServerHandle;
  let bus: Bus;
  const logs: Wire[] = [];
  let count = 0;
  let cli: CliProcess;
  let port: number;
  const has = (message: string): boolean => logs.some((w) => w.message === message);

  before(async () => {
    // The test's own subscriber must not be cut off while 150,000 logs go past.
    redis = await startRedisServer({ args: ['--client-output-buffer-limit', 'pubsub 0 0 0'] });
    bus = openBus({ url: redis.url, name: 'forward-hostile-e2e' });
    await bus.subscribe('logs.ingest', (p) => {
      count++;
      const text = p.toString();
      // Only the logs a test looks at by message are kept.
      if (!text.includes('"bulk ')) logs.push(JSON.parse(text) as Wire);
    });
    cli = startCli(['ingest', '--forward', '127.0.0.1:0', '--redis', redis.url]);
    await waitFor(
      () => /connected to/.test(cli.stderr()) && /listening on 127\.0\.0\.1:\d+/.test(cli.stderr()),
      'the forward server listening',
      10_000,
    );
    port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1]);
  });

  after(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited;
    await bus.close();
    await redis.stop();
  });

  it(
    'delivers every entry of a 150,000-entry PackedForward with Redis healthy, then acknowledges it',
    { timeout: 120_000 },
    async () => {
      const n = 150_000;
      const entries: Buffer[] = [];
      for (let i = 0; i < n; i++) entries.push(entry(T, { message: `bulk ${i}`, pad: 'x'.repeat(8) }));
      const frame = packedFrame('bulk', Buffer.concat(entries), { chunk: 'big', size: n });
      assert.ok(frame.length > 4 * 1024 * 1024);
      const before = count;
      const client = await RawClient.open(port);
      client.send(frame);
      await client.acked('big', 90_000);
      await waitFor(() => count - before >= n, `all ${n} entries delivered`, 30_000);
      assert.equal(count - before, n);
      client.socket.destroy();
    },
  );

  it('acknowledges every chunk of a client that half-closes right after sending, then closes the connection', async () => {
    // Redis holds its replies a while, so the client's end arrives while its chunks are still being published.
    await redis.cli('CLIENT', 'PAUSE', '1500', 'ALL');
    const client = await RawClient.open(port);
    client.send(Buffer.from(encode(['h', T, { message: 'half-closed one' }, { chunk: 'h1' }])));
    client.send(packedFrame('h', entry(T, { message: 'half-closed two' }), { chunk: 'h2' }));
    client.socket.end();
    await client.acked('h2');
    assert.deepEqual(client.acks, ['h1', 'h2']);
    await waitFor(() => client.closed, 'the server ending the connection', 5_000);
    await waitFor(() => has('half-closed one') && has('half-closed two'), 'the logs', 5_000);
  });

  it('takes a __proto__ key as data: every entry arrives and the connection stays open', async () => {
    const proto = JSON.parse('{"__proto__": {"polluted": true}, "message": "proto second", "user": "eve"}') as unknown;
    const entries = Buffer.concat([
      entry(T, { message: 'proto first' }),
      entry(T, proto),
      entry(T, { message: 'proto third' }),
    ]);
    const client = await RawClient.open(port);
    client.send(packedFrame('proto', entries, { chunk: 'p1' }));
    // The same record in Message mode, then a later message on the same connection.
    client.send(Buffer.from(encode(['proto', T, proto, { chunk: 'p2' }])));
    client.send(Buffer.from(encode(['proto', T, { message: 'proto after' }, { chunk: 'p3' }])));
    await client.acked('p3');
    assert.deepEqual(client.acks, ['p1', 'p2', 'p3']);
    assert.equal(client.closed, false);
    await waitFor(() => has('proto after'), 'the message after', 5_000);
    assert.ok(has('proto first') && has('proto third'));
    const second = logs.filter((w) => w.message === 'proto second');
    assert.equal(second.length, 2);
    assert.equal(second[0]?.user, 'eve');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    client.socket.destroy();
  });

  it('takes a __proto__ key and a time of 2^63 from Debian python3-fluent-logger', async () => {
    const script = `
import sys
from fluent import sender
s = sender.FluentSender('py', host='127.0.0.1', port=int(sys.argv[1]))
assert s.emit_with_time('proto', ${T}, {'__proto__': 'x', 'message': 'python proto'}), s.last_error
assert s.emit_with_time('far', 2 ** 63, {'message': 'python far future'}), s.last_error
assert s.emit_with_time('proto', ${T}, {'message': 'python after proto'}), s.last_error
s.close()
`;
    const start = Date.now();
    await run(PYTHON, ['-c', script, String(port)]);
    await waitFor(() => has('python after proto'), 'the python events', 5_000);
    assert.ok(has('python proto'));
    const far = logs.find((w) => w.message === 'python far future');
    assert.equal(far?.forward_time, 2 ** 63);
    assert.ok(Date.parse(`${String(far?.timestamp)}Z`) >= start - 1000, String(far?.timestamp));
  });

  it(
    ZSTD_BUILT_IN
      ? 'delivers a zstd-compressed chunk'
      : 'refuses a zstd-compressed chunk without an ack and says why (no zstd in this Node)',
    async () => {
      const entries = Buffer.concat([entry(T, { message: 'zstd one' }), entry(T, { message: 'zstd two' })]);
      const compressed = zstdRawFrame(entries);
      const client = await RawClient.open(port);
      client.send(packedFrame('z', compressed, { chunk: 'z1', compressed: 'zstd' }));
      client.send(Buffer.from(encode(['z', T, { message: 'after zstd' }, { chunk: 'z2' }])));
      await client.acked('z2');
      if (ZSTD_BUILT_IN) {
        assert.deepEqual(client.acks, ['z1', 'z2']);
        assert.ok(has('zstd one') && has('zstd two'));
      } else {
        assert.deepEqual(client.acks, ['z2']);
        assert.match(cli.stderr(), /chunk "z1" not acknowledged: .*zstd/);
        assert.ok(!has('zstd one'));
      }
      client.socket.destroy();
    },
  );

  it('refuses chunks with garbage entries: no ack, nothing of them published, a line on stderr', async () => {
    const client = await RawClient.open(port);
    const good = entry(T, { message: 'garbage packed good' });
    client.send(packedFrame('g', Buffer.concat([good, Buffer.from(encode('not an entry'))]), { chunk: 'g1' }));
    client.send(
      packedFrame('g', gzipSync(Buffer.concat([good, Buffer.from(encode([T, 'not a map']))])), {
        chunk: 'g2',
        compressed: 'gzip',
      }),
    );
    client.send(Buffer.from(encode(['g', [[T, { message: 'garbage forward good' }], 42], { chunk: 'g3' }])));
    client.send(Buffer.from(encode(['g', T, 'not a map', { chunk: 'g4' }])));
    client.send(packedFrame('g', Buffer.concat([good, good.subarray(0, 5)]), { chunk: 'g5' }));
    client.send(packedFrame('g', Buffer.from('definitely not gzip'), { chunk: 'g6', compressed: 'gzip' }));
    client.send(packedFrame('g', good, { chunk: 'g7', compressed: 'lz4' }));
    client.send(packedFrame('g', good, { chunk: 'g11\nforged: line', compressed: 'lz4\nforged: too' }));
    // A map key that is an array: MessagePack, but no record.
    client.send(
      Buffer.concat([
        Buffer.from([0x94]),
        Buffer.from(encode('g')),
        Buffer.from(encode(T)),
        Buffer.from([0x81, 0x91, 0x01, 0x02]),
        Buffer.from(encode({ chunk: 'g9' })),
      ]),
    );
    client.send(Buffer.from(encode(['g', T, { message: 'after garbage' }, { chunk: 'g8' }])));
    await client.acked('g8');
    assert.deepEqual(client.acks, ['g8']);
    assert.equal(client.closed, false);
    await waitFor(() => has('after garbage'), 'the message after the garbage', 5_000);
    assert.ok(!has('garbage packed good') && !has('garbage forward good'));
    for (const chunk of ['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7'])
      assert.match(cli.stderr(), new RegExp(`chunk "${chunk}" not acknowledged: \\S`));
    assert.match(cli.stderr(), /chunk "g7" not acknowledged: .*lz4/);
    // What the client chose is quoted on one line, never a line of its own.
    assert.match(
      cli.stderr(),
      /chunk "g11\\nforged: line" not acknowledged: compression "lz4\\nforged: too" is not supported/,
    );
    assert.ok(
      !cli
        .stderr()
        .split('\n')
        .some((l) => l.startsWith('forged')),
    );
    assert.match(cli.stderr(), /a message tagged "\?" not published whole: the message does not decode/);
    // A connection that sends nothing but refused messages gets 20 lines, then is only counted.
    for (let i = 0; i < 14; i++) client.send(Buffer.from(encode(['g', T, 'not a map'])));
    client.send(Buffer.from(encode(['g', T, { message: 'after the flood' }, { chunk: 'g10' }])));
    await client.acked('g10');
    const lines = cli
      .stderr()
      .split('\n')
      .filter((l) => l.includes(`:${client.socket.localPort}: `));
    assert.equal(lines.length, 21, lines.join('\n'));
    assert.match(lines[20] ?? '', /further refused messages of this connection are only counted/);
    client.socket.destroy();
  });

  it('publishes an impossible forward time (2^63) at its arrival time, keeping the original in forward_time', async () => {
    const client = await RawClient.open(port);
    const start = Date.now();
    client.send(
      Buffer.from(
        encode(['t', 2n ** 63n, { message: 'time from the far future' }, { chunk: 't1' }], { useBigInt64: true }),
      ),
    );
    client.send(packedFrame('t', entry(2n ** 63n, { message: 'packed far future' }), { chunk: 't2' }));
    await client.acked('t2');
    await waitFor(() => has('packed far future'), 'the logs', 5_000);
    for (const message of ['time from the far future', 'packed far future']) {
      const w = logs.find((x) => x.message === message);
      const ms = Date.parse(`${String(w?.timestamp)}Z`);
      assert.ok(ms >= start - 1000 && ms <= Date.now() + 1000, String(w?.timestamp));
      assert.equal(w?.forward_time, 2 ** 63);
    }
    client.socket.destroy();
  });

  it(
    'refuses compressed bombs with bounded memory while serving other connections',
    { timeout: 120_000 },
    async (t) => {
      const pid = cli.child.pid as number;
      const rssMb = (key: 'VmRSS' | 'VmHWM'): number =>
        Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
      const zeros = gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
      const thousand = Buffer.concat(Array.from({ length: 1000 }, () => entry(T, {})));
      const tiny = gzipSync(Buffer.concat(Array.from({ length: 30_000 }, () => thousand)), { level: 9 });
      const big = entry(T, { message: 'y'.repeat(60_000) });
      const wide = gzipSync(Buffer.concat(Array.from({ length: 2000 }, () => big)), { level: 9 });
      assert.ok(
        zeros.length < 1_000_000 && tiny.length < 1_000_000 && wide.length < 1_000_000,
        `${zeros.length} ${tiny.length} ${wide.length}`,
      );
      const hwmBefore = rssMb('VmHWM');
      const bomber = await RawClient.open(port);
      const other = await RawClient.open(port);
      let worstAckMs = 0;
      let sent = 0;
      const ping = async (): Promise<void> => {
        const chunk = `ping${sent++}`;
        const at = Date.now();
        other.send(Buffer.from(encode(['ping', T, { message: chunk }, { chunk }])));
        await other.acked(chunk, 30_000);
        worstAckMs = Math.max(worstAckMs, Date.now() - at);
      };
      bomber.send(packedFrame('bomb', zeros, { chunk: 'b1', compressed: 'gzip' }));
      bomber.send(packedFrame('bomb', tiny, { chunk: 'b2', compressed: 'gzip' }));
      bomber.send(packedFrame('bomb', wide, { chunk: 'b3', compressed: 'gzip' }));
      bomber.send(Buffer.from(encode(['bomb', T, { message: 'after the bombs' }, { chunk: 'b4' }])));
      while (!bomber.acks.includes('b4')) {
        await ping();
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.deepEqual(bomber.acks, ['b4']);
      for (const chunk of ['b1', 'b2', 'b3'])
        assert.match(cli.stderr(), new RegExp(`chunk "${chunk}" not acknowledged`));
      const hwm = rssMb('VmHWM');
      t.diagnostic(
        `peak RSS ${hwm.toFixed(0)} MB (before the bombs ${hwmBefore.toFixed(0)} MB); slowest ack on another connection ${worstAckMs} ms`,
      );
      assert.ok(hwm < 300, `peak RSS ${hwm} MB (before the bombs ${hwmBefore} MB)`);
      // The original server stopped its event loop for 10 s and more on one such message.
      assert.ok(worstAckMs < 3000, `an ack on another connection took ${worstAckMs} ms`);
      bomber.socket.destroy();
      other.socket.destroy();
    },
  );
});
