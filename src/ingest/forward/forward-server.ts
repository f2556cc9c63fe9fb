import { hostname } from 'node:os';
import { createServer, type Server, type Socket } from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import type { ServerSink } from '../line-sources.js';
import { startHandshake } from './handshake.js';
import { FramingError, MsgpackFramer } from './msgpack-framer.js';
import { startRecordJoiner } from '../record-joiner.js';
import { FORWARD_DECODE_OPTIONS, readForwardMessage } from './forward-message.js';
import { startListening, type ListeningServer } from '../listen-address.js';

export interface ForwardServerOptions {
  host: string;
  port: number;
  sink: ServerSink;
  /** Require the shared-key handshake with this key. */
  sharedKey?: string | undefined;
  /** `--service`: overrides the service of every log (otherwise the record's, else the tag). */
  service?: string | undefined;
  /** Largest message accepted (default 64 MiB); a larger one closes the connection. */
  maxMessageBytes?: number;
  /** Called with a one-line note about a connection that was closed for a protocol error. */
  onProblem?: (note: string) => void;
}

/** What the forward server has seen; the numbers only grow. */
export interface ForwardCounters {
  connections: number;
  messages: number;
  events: number;
  acks: number;
  /** Chunks not acknowledged because some of their events were lost (the client resends them). */
  unacked: number;
  /** Connections closed for bytes that are not forward-protocol messages. */
  malformed: number;
  /** Connections that ended in the middle of a message (that message is lost). */
  incomplete: number;
  authFailures: number;
}

/** A listening forward-protocol server. */
export type ForwardServer = ListeningServer<ForwardCounters>;

/**
 * A Fluentd forward-protocol server (Docker's `fluentd` log driver, Fluent Bit's and Fluentd's
 * `forward` outputs). Each event becomes one normalised log in the sink; a `chunk` is
 * acknowledged once its events are in the sink. While the sink asks to wait, the connection is
 * not read, so TCP pushes back on the sender instead of memory growing here.
 */
export async function startForwardServer(opts: ForwardServerOptions): Promise<ForwardServer> {
  const counters: ForwardCounters = { connections: 0, messages: 0, events: 0, acks: 0, unacked: 0, malformed: 0, incomplete: 0, authFailures: 0 };
  const maxMessageBytes = opts.maxMessageBytes ?? 64 * 1024 * 1024;
  const serverHost = hostname();
  const sockets = new Set<Socket>();
  // Docker and Fluent Bit send a stack trace one line per event: joined back per stream.
  const { joiner, stop: stopJoining } = startRecordJoiner({ publish: (wire) => opts.sink.publish(wire) });

  const serve = (socket: Socket): void => {
    counters.connections++;
    sockets.add(socket);
    const framer = new MsgpackFramer(maxMessageBytes);
    const handshake = opts.sharedKey !== undefined ? startHandshake(opts.sharedKey, serverHost) : undefined;
    let authed = handshake === undefined;
    let closed = false;
    const problem = (note: string): void => {
      opts.onProblem?.(`${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}: ${note}`);
      closed = true;
      socket.destroy();
    };
    if (handshake !== undefined) socket.write(encode(handshake.helo));

    const handle = async (value: unknown, frame: Buffer): Promise<void> => {
      if (!authed && handshake !== undefined) {
        const { pong, ok } = handshake.answer(value);
        socket.write(encode(pong));
        if (!ok) {
          counters.authFailures++;
          closed = true;
          socket.end();
          return;
        }
        authed = true;
        return;
      }
      const msg = readForwardMessage(value, frame);
      counters.messages++;
      const arrival = Date.now();
      const droppedBefore = opts.sink.dropped();
      let wait = false;
      const naming = { override: opts.service, fallback: msg.tag };
      for (const e of msg.events) {
        counters.events++;
        if (!joiner.push({ record: e.record, arrivalMs: arrival, eventTimeMs: e.timeMs, naming })) wait = true;
      }
      if (wait) await opts.sink.drain();
      // Events lost on the way (Redis unreachable, the queue full): no ack, so the client sends
      // the chunk again after its ack timeout.
      if (msg.chunk !== undefined && opts.sink.dropped() > droppedBefore) {
        counters.unacked++;
        return;
      }
      if (msg.chunk !== undefined && !closed) {
        socket.write(encode({ ack: msg.chunk }));
        counters.acks++;
      }
    };

    // One chunk at a time: the socket is paused while its messages are handled.
    let queue = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      if (closed) return;
      socket.pause();
      queue = queue.then(async () => {
        try {
          for (const frame of framer.push(chunk)) {
            if (closed) return;
            await handle(decode(frame, FORWARD_DECODE_OPTIONS), frame);
          }
        } catch (err) {
          counters.malformed++;
          problem(err instanceof FramingError ? err.message : `not a forward-protocol message (${(err as Error).message})`);
          return;
        }
        if (!closed) socket.resume();
      });
    });
    socket.on('error', () => undefined); // a reset by the peer is the end of that connection
    socket.on('close', () => {
      sockets.delete(socket);
      void queue.then(() => {
        if (!closed && framer.buffered > 0) counters.incomplete++;
      });
    });
  };

  const server: Server = createServer(serve);
  return startListening(
    server,
    opts,
    counters,
    () => {
      for (const s of sockets) s.destroy();
    },
    stopJoining,
  );
}
