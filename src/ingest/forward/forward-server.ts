import { hostname } from 'node:os';
import { createServer, type Server, type Socket } from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import type { ServerSink } from '../line-sources.js';
import { startHandshake } from './handshake.js';
import { FramingError, MsgpackFramer } from './msgpack-framer.js';
import { RecordJoiner, startRecordJoiner } from '../record-joiner.js';
import { FORWARD_DECODE_OPTIONS } from './forward-decode.js';
import { ForwardRefusal } from './forward-entry.js';
import { readForwardMessage, type ForwardMessage } from './forward-message.js';
import { MessagePublisher, type PublishTarget } from './message-publisher.js';
import { readPackedEntries, type EventBatches, type PackedLimits } from './packed-entries.js';
import { startListening, type ListeningServer } from '../listen-address.js';

export interface ForwardServerOptions {
  host: string;
  port: number;
  sink: ServerSink;
  /** Resolves once every log published so far was handed to Redis; an ack then also waits for it. */
  flush?: () => Promise<void>;
  /** Require the shared-key handshake with this key. */
  sharedKey?: string | undefined;
  /** `--service`: overrides the service of every log (otherwise the record's, else the tag). */
  service?: string | undefined;
  /** Largest message accepted (default 64 MiB); a larger one closes the connection. */
  maxMessageBytes?: number;
  /** Largest packed entries once inflated (default 64 MiB); more refuses the message. */
  maxInflatedBytes?: number;
  /** Most entries in one message (default 1,000,000); more refuses the message. */
  maxEntries?: number;
  /** Longest wait for Redis to take a message's logs (default 60 s); then the message is refused. */
  maxWaitMs?: number;
  /** Called with a one-line note about a connection that was closed for a protocol error. */
  onProblem?: (note: string) => void;
  /** Called with a one-line note about a message that was refused (not acknowledged), and why. */
  onRefused?: (note: string) => void;
}

/** Refused messages told per connection; the rest are counted only. */
const MAX_TOLD_REFUSALS = 20;

/** A string the client chose, as a quoted one-line string of bounded length. */
function shown(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/** What the forward server has seen; the numbers only grow. */
export interface ForwardCounters {
  connections: number;
  messages: number;
  /** Events published. */
  events: number;
  acks: number;
  /**
   * Chunks not acknowledged because not all of their events were published, or because the
   * connection was gone before the ack (the client resends them).
   */
  unacked: number;
  /** Messages refused: entries that are no events, an unsupported compression, a limit exceeded, Redis too slow. */
  refused: number;
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
 * `forward` outputs). Each event becomes one normalised log in the sink. A `chunk` is
 * acknowledged only once every event of its message was published (and, given `flush`, Redis
 * replied to each); a message that cannot be published whole is refused: no ack, so the client
 * sends it again, and a note says why. A message of entries that are not events publishes none
 * of them. Messages of a connection are handled one at a time and the connection is not read
 * meanwhile, so TCP pushes back on the sender instead of memory growing here. A client's end
 * (a half-close) means it sends no more: what it sent before is still answered, then the
 * connection is closed. Stack-trace lines sent one per event are joined per stream: within the
 * chunk for a message that asks an ack, across messages otherwise (RecordJoiner).
 */
export async function startForwardServer(opts: ForwardServerOptions): Promise<ForwardServer> {
  const counters: ForwardCounters = {
    connections: 0,
    messages: 0,
    events: 0,
    acks: 0,
    unacked: 0,
    refused: 0,
    malformed: 0,
    incomplete: 0,
    authFailures: 0,
  };
  const maxMessageBytes = opts.maxMessageBytes ?? 64 * 1024 * 1024;
  const limits: PackedLimits = {
    maxEntries: opts.maxEntries ?? 1_000_000,
    maxInflatedBytes: opts.maxInflatedBytes ?? 64 * 1024 * 1024,
    holdEntries: 10_000,
    holdBytes: 4 * 1024 * 1024,
  };
  const serverHost = hostname();
  const sockets = new Set<Socket>();
  // Docker and Fluent Bit send a stack trace one line per event: joined back per stream.
  const { joiner: shared, stop: stopJoining } = startRecordJoiner({ publish: (wire) => opts.sink.publish(wire) });

  /** Publishes every event of `msg`; the reason when not all of them were published. */
  const deliver = async (msg: ForwardMessage): Promise<string | undefined> => {
    const { body } = msg;
    if (body.mode === 'refused') return body.reason;
    const arrivalMs = Date.now();
    const naming = { override: opts.service, fallback: msg.tag };
    // A chunk's ack says its records were published: its lines are joined by a joiner of its own,
    // emptied before the ack. Lines without an ack to wait for are joined across messages.
    const acked = msg.chunk !== undefined;
    const joiner = acked ? new RecordJoiner({ publish: (wire) => opts.sink.publish(wire) }) : shared;
    const target: PublishTarget = {
      sink: opts.sink,
      push: (e) => joiner.push({ record: e.record, arrivalMs, eventTimeMs: e.timeMs, naming }),
      flush: acked ? opts.flush : undefined,
      maxWaitMs: opts.maxWaitMs ?? 60_000,
      stopAtDrop: acked,
    };
    let batches: EventBatches;
    try {
      batches =
        body.mode === 'events' ? [body.events] : await readPackedEntries(body.entries, body.compression, limits);
    } catch (err) {
      if (err instanceof ForwardRefusal) return err.message;
      throw err;
    }
    // Created once the entries are checked: drops are counted from the first publish on.
    const publisher = new MessagePublisher(target);
    try {
      for await (const batch of batches) {
        const stopped = await publisher.publish(batch);
        if (stopped !== undefined) return stopped;
      }
    } catch (err) {
      if (err instanceof ForwardRefusal) return err.message;
      throw err;
    } finally {
      counters.events += publisher.published;
    }
    // What the chunk's last lines started is published before its ack. (A refused chunk returned
    // above: its joiner is dropped with what it holds, and the client sends the chunk again.)
    if (acked) joiner.flushAll();
    return publisher.settle();
  };

  const serve = (socket: Socket): void => {
    counters.connections++;
    sockets.add(socket);
    const framer = new MsgpackFramer(maxMessageBytes);
    const handshake = opts.sharedKey !== undefined ? startHandshake(opts.sharedKey, serverHost) : undefined;
    let authed = handshake === undefined;
    let closed = false;
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    let refusals = 0;
    const problem = (note: string): void => {
      opts.onProblem?.(`${peer}: ${note}`);
      closed = true;
      socket.destroy();
    };
    if (handshake !== undefined) socket.write(encode(handshake.helo));

    const handle = async (frame: Buffer): Promise<void> => {
      if (!authed && handshake !== undefined) {
        const { pong, ok } = handshake.answer(decode(frame, FORWARD_DECODE_OPTIONS));
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
      const msg = readForwardMessage(frame);
      counters.messages++;
      const refused = await deliver(msg);
      if (refused !== undefined) {
        counters.refused++;
        if (msg.chunk !== undefined) counters.unacked++;
        const what =
          msg.chunk !== undefined
            ? `chunk ${shown(msg.chunk)} not acknowledged`
            : `a message tagged ${shown(msg.tag)} not published whole`;
        // A client resends a refused chunk now and then; one that sends nothing else must not flood stderr.
        if (++refusals <= MAX_TOLD_REFUSALS) opts.onRefused?.(`${peer}: ${what}: ${refused}`);
        if (refusals === MAX_TOLD_REFUSALS)
          opts.onRefused?.(`${peer}: further refused messages of this connection are only counted`);
        return;
      }
      if (msg.chunk === undefined) return;
      if (!closed && socket.writable) {
        socket.write(encode({ ack: msg.chunk }));
        counters.acks++;
      } else {
        // Gone before its ack: the client sends the chunk again.
        counters.unacked++;
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
            await handle(frame);
          }
        } catch (err) {
          counters.malformed++;
          problem(
            err instanceof FramingError ? err.message : `not a forward-protocol message (${(err as Error).message})`,
          );
          return;
        }
        if (!closed) socket.resume();
      });
    });
    // A client that half-closes after its last message still waits for the acks of what it sent
    // (the server is made with allowHalfOpen): this side ends once those are answered.
    socket.on('end', () => {
      void queue.then(() => {
        if (!socket.destroyed) socket.end();
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

  const server: Server = createServer({ allowHalfOpen: true }, serve);
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
