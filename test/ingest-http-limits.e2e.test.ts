import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { createMemoryBus } from '../src/bus/memory-bus.js';
import { startHttpServer, type HttpServer } from '../src/ingest/http/http-server.js';
import { waitFor } from './helpers/wait-for.js';

/** A raw connection to the server: what it answered, and whether it has been closed. */
interface RawClient {
  socket: Socket;
  answer: () => string;
  closed: () => boolean;
}

function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    let closed = false;
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => (closed = true));
    // A write after the server closed the connection fails; the test looks at `closed`.
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, answer: () => answer, closed: () => closed }));
    socket.once('error', reject);
  });
}

const HEAD = 'POST / HTTP/1.1\r\nHost: ingest\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n';

describe('HTTP ingest time limits, against a real socket', () => {
  let bus: Bus;
  let server: HttpServer;
  const limits = { headersMs: 1_000, requestMs: 2_500, bodyIdleMs: 1_000 };

  before(async () => {
    bus = createMemoryBus();
    const sink = {
      publish: (wire: string) => bus.publish('logs.ingest', wire),
      drain: () => bus.drain(),
      dropped: () => bus.counters().dropped,
      connected: () => true,
    };
    server = await startHttpServer({ host: '127.0.0.1', port: 0, sink, limits });
  });

  after(async () => {
    await server.close();
    await bus.close();
  });

  it('answers 408 and closes a connection whose body stops arriving', { timeout: 20_000 }, async () => {
    const client = await rawClient(server.address.port);
    client.socket.write(`${HEAD}{"message":"half`);
    const started = Date.now();
    await waitFor(client.closed, 'the connection closed', 10_000);
    const waited = Date.now() - started;
    assert.match(client.answer(), /^HTTP\/1\.1 408 /);
    assert.match(client.answer(), /no body bytes for 1 s/);
    assert.ok(waited >= 900, `closed after ${waited} ms`);
  });

  it(
    'answers 408 and closes a connection that trickles its body for longer than a request may take',
    { timeout: 20_000 },
    async () => {
      const client = await rawClient(server.address.port);
      client.socket.write(HEAD);
      const started = Date.now();
      // A byte every 200 ms: never quiet for the idle limit, never done either.
      const trickle = setInterval(() => client.socket.write(' '), 200);
      try {
        await waitFor(client.closed, 'the connection closed', 12_000);
      } finally {
        clearInterval(trickle);
      }
      const waited = Date.now() - started;
      assert.match(client.answer(), /^HTTP\/1\.1 408 /);
      assert.ok(waited >= 2_000, `closed after ${waited} ms`);
    },
  );

  it('closes a connection that trickles its headers', { timeout: 20_000 }, async () => {
    const client = await rawClient(server.address.port);
    client.socket.write('POST / HTTP/1.1\r\n');
    const trickle = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 200);
    try {
      await waitFor(client.closed, 'the connection closed', 12_000);
    } finally {
      clearInterval(trickle);
    }
    assert.match(client.answer(), /^HTTP\/1\.1 408 /);
  });

  it('still takes a body that arrives in pieces with short pauses', { timeout: 20_000 }, async () => {
    const body = '{"message":"slow but steady"}\n';
    const client = await rawClient(server.address.port);
    client.socket.write(
      `POST / HTTP/1.1\r\nHost: ingest\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    for (const piece of [body.slice(0, 10), body.slice(10, 20), body.slice(20)]) {
      await new Promise((r) => setTimeout(r, 300));
      client.socket.write(piece);
    }
    await waitFor(client.closed, 'the answer', 10_000);
    assert.match(client.answer(), /^HTTP\/1\.1 200 [\s\S]*\{"accepted":1\}/);
  });
});
