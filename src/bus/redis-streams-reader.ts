import type { BusCounters, BusReconnect, MessageHandler, Subscription } from './bus.js';
import { Fifo } from './fifo.js';
import type { RedisSubscriber } from './redis-subscriber.js';
import { loadPast, type PastLink, type StreamBackfill } from './redis-streams-backfill.js';
import { encodeCommand } from './resp/resp-encoder.js';
import { RespError, type RawReplyReader, type RespReply } from './resp/resp-parser.js';
import { pageOfReply, StreamEntriesReader } from './resp/stream-entries-reader.js';
import type { RespConnection } from './resp/resp-connection.js';
import { entryPayload, missedSince, parseStreamInfo, type StreamInfo, type StreamPosition } from './stream-position.js';

export type { StreamBackfill };

export interface RedisStreamsReaderOptions {
  /** Shared with the bus; the reader adds to `received`. */
  counters: BusCounters;
  reportError: (channel: string, cause: unknown) => void;
  onReconnect: (info: BusReconnect) => void;
  backfill?: StreamBackfill;
  now?: () => number;
}

interface HandlerRef {
  handler: MessageHandler;
}

interface StreamEntry {
  // Copy-on-write: delivery loops over it while handlers may (un)subscribe.
  handlers: HandlerRef[];
  /** Undefined until XINFO told where the stream ends (again after a lost connection). */
  position: StreamPosition | undefined;
  /** Set once: the past is loaded only on the first read of a stream. */
  backfilled: boolean;
  active: Promise<void>;
  settle: (err?: Error) => void;
}

// Entries per stream and XREAD: enough to amortise a round trip, small enough to keep one
// delivery loop short.
const READ_COUNT = 4096;
// A blocked XREAD returns after this long without entries, so a stream subscribed meanwhile
// joins the next read without a second connection to unblock it.
const BLOCK_MS = 100;
// Passed to a reply callback whose command will never be answered (connection lost or closed);
// distinct from null, which is what an XREAD that timed out returns.
const LOST = Symbol('lost');

/** A command awaiting its reply; with `raw`, the reply's bytes go to that reader (see claim). */
interface Pending {
  onReply: (reply: RespReply | typeof LOST) => void;
  raw?: RawReplyReader;
}

/**
 * The receiving half of the Redis Streams bus, with the same shape as the Pub/Sub subscriber.
 * One command at a time is awaited per purpose, over one connection: XINFO STREAM positions a
 * newly subscribed stream at its end (optionally loading its past with XREVRANGE first), and a
 * loop of `XREAD COUNT BLOCK` reads every positioned stream from its last seen ID. After a lost
 * connection each stream resumes from that ID, so nothing still retained is lost; what the
 * retention cap trimmed meanwhile is counted exactly (see missedSince) and reported through
 * `onReconnect`.
 */
export function createRedisStreamsReader(conn: () => RespConnection, opts: RedisStreamsReaderOptions): RedisSubscriber {
  const { counters, reportError } = opts;
  const now = opts.now ?? Date.now;
  const streams = new Map<string, StreamEntry>();
  let replies = new Fifo<Pending>();
  let reading = false;
  let lostAt: number | undefined;
  let lostReason: string | undefined;
  let closed = false;

  const send = (args: string[], onReply: (reply: RespReply | typeof LOST) => void, raw?: RawReplyReader): boolean => {
    if (!conn().write(encodeCommand(args))) return false;
    replies.push(raw === undefined ? { onReply } : { onReply, raw });
    return true;
  };

  const deliver = (key: string, entry: StreamEntry, fields: RespReply): void => {
    const payload = entryPayload(fields);
    if (payload !== undefined) deliverPayload(key, entry, payload);
  };

  const deliverPayload = (key: string, entry: StreamEntry, payload: Buffer): void => {
    if (entry.handlers.length === 0) return;
    counters.received++;
    const handlers = entry.handlers;
    for (let i = 0; i < handlers.length; i++) {
      try {
        (handlers[i] as HandlerRef).handler(payload, key);
      } catch (err) {
        reportError(key, err);
      }
    }
  };

  const read = (): void => {
    if (reading || closed) return;
    const batch = [...streams.entries()].filter(([, e]) => e.position !== undefined);
    if (batch.length === 0) return;
    const args = ['XREAD', 'COUNT', String(READ_COUNT), 'BLOCK', String(BLOCK_MS), 'STREAMS'];
    for (const [key] of batch) args.push(key);
    for (const [, e] of batch) args.push((e.position as StreamPosition).lastId);
    reading = send(args, (reply) => {
      reading = false;
      if (reply === LOST) return; // onReady starts reading again
      if (Array.isArray(reply)) {
        for (const item of reply) {
          if (!Array.isArray(item)) continue;
          const key = Buffer.isBuffer(item[0]) ? item[0].toString('utf8') : undefined;
          const entry = key === undefined ? undefined : streams.get(key);
          const list = item[1];
          // A stream unsubscribed (or subscribed anew) while this read was out is not this read's.
          if (key === undefined || entry === undefined || !batch.some(([, e]) => e === entry) || !Array.isArray(list))
            continue;
          const pos = entry.position as StreamPosition;
          // Only the last ID matters for resuming: one string per read, not one per entry.
          const last = list[list.length - 1];
          if (Array.isArray(last) && Buffer.isBuffer(last[0])) pos.lastId = last[0].toString('latin1');
          if (pos.ordinal !== undefined) pos.ordinal += list.length;
          for (let i = 0; i < list.length; i++) {
            const raw = list[i];
            if (Array.isArray(raw)) deliver(key, entry, raw[1] ?? null);
          }
        }
      }
      read();
    });
  };

  /** Loads the past of a stream up to `endId` (inclusive), oldest first, if it is one to backfill. */
  const backfill = (
    key: string,
    entry: StreamEntry,
    endId: string,
    retained: number | undefined,
    done: () => void,
  ): void => {
    const spec = opts.backfill;
    entry.backfilled = true;
    if (spec === undefined || !spec.channels.includes(key) || endId === '0-0') return done();
    const link: PastLink = {
      // The reply is read straight from the socket's chunks when the connection lets the reader
      // claim it; decoded generically otherwise.
      range: (args, onPage) => {
        const raw = new StreamEntriesReader((page) => {
          // Only while its command heads the queue: after a lost connection its reply means nothing.
          if (replies.peek()?.raw !== raw) return;
          replies.shift();
          onPage(page);
        });
        return send(args, (reply) => onPage(reply === LOST ? undefined : pageOfReply(reply)), raw);
      },
      alive: () => !closed && streams.get(key) === entry,
      deliver: (payload) => deliverPayload(key, entry, payload),
    };
    loadPast(key, endId, spec, now(), retained, link, done);
  };

  /** Positions a stream at its end with XINFO STREAM; after a lost connection, counts what it missed. */
  const position = (key: string, entry: StreamEntry, settled: (missed: number | undefined) => void): void => {
    send(['XINFO', 'STREAM', key], (reply) => {
      if (reply === LOST || streams.get(key) !== entry) return;
      let info: StreamInfo | undefined;
      if (reply instanceof RespError) {
        // No such key: an empty stream, which XADD will create.
        if (!/no such key/i.test(reply.message)) {
          // WRONGTYPE, NOPERM...: this subscription fails; a later one asks again.
          if (entry.position === undefined) streams.delete(key);
          entry.settle(new Error(`cannot read stream ${key}: ${reply.message}`));
          settled(undefined);
          return;
        }
      } else {
        info = parseStreamInfo(reply);
      }
      const previous = entry.position;
      if (previous !== undefined) {
        const { missed, next } = missedSince(previous, info);
        entry.position = next;
        settled(missed);
        return read();
      }
      const at: StreamPosition = {
        lastId: info?.lastGeneratedId ?? '0-0',
        ordinal: info === undefined ? 0 : info.entriesAdded,
      };
      const start = (): void => {
        if (streams.get(key) !== entry) return;
        entry.position = at;
        entry.settle();
        settled(0);
        read();
      };
      if (entry.backfilled) start();
      else backfill(key, entry, at.lastId, info?.length, start);
    });
  };

  const open = (key: string): StreamEntry => {
    let settle: (err?: Error) => void = () => {};
    const active = new Promise<void>((resolve, reject) => {
      settle = (err) => (err === undefined ? resolve() : reject(err));
    });
    const entry: StreamEntry = { handlers: [], position: undefined, backfilled: false, active, settle };
    streams.set(key, entry);
    if (conn().ready) position(key, entry, () => {});
    return entry;
  };

  return {
    async subscribe(channel, handler) {
      if (closed) throw new Error('bus is closed');
      const entry = streams.get(channel) ?? open(channel);
      const ref: HandlerRef = { handler };
      entry.handlers = [...entry.handlers, ref];
      try {
        await entry.active;
      } catch (err) {
        entry.handlers = entry.handlers.filter((r) => r !== ref);
        throw err;
      }
      const sub: Subscription = {
        unsubscribe: () => {
          entry.handlers = entry.handlers.filter((r) => r !== ref);
          // Nothing to tell Redis: the stream simply leaves the next XREAD.
          if (entry.handlers.length === 0 && streams.get(channel) === entry) streams.delete(channel);
          return Promise.resolve();
        },
      };
      return sub;
    },
    close() {
      closed = true;
      for (const entry of streams.values()) entry.settle(new Error('bus is closed'));
      streams.clear();
      const pending = replies;
      replies = new Fifo();
      for (let p = pending.shift(); p !== undefined; p = pending.shift()) p.onReply(LOST);
    },
    onReady() {
      const list = [...streams.entries()];
      const since = lostAt;
      lostAt = undefined;
      let left = list.length;
      let missed: number | undefined = 0;
      const done = (): void => {
        if (since === undefined) return;
        const info: BusReconnect = { downMs: now() - since, channels: list.map(([c]) => c) };
        if (lostReason !== undefined) info.reason = lostReason;
        if (missed !== undefined) info.missed = missed;
        opts.onReconnect(info);
      };
      if (left === 0) return done();
      for (const [key, entry] of list) {
        position(key, entry, (m) => {
          missed = m === undefined || missed === undefined ? undefined : missed + m;
          if (--left === 0) done();
        });
      }
    },
    onLost(reason) {
      lostAt ??= now();
      lostReason = reason;
      reading = false;
      const pending = replies;
      replies = new Fifo();
      for (let p = pending.shift(); p !== undefined; p = pending.shift()) p.onReply(LOST);
    },
    onReply(reply) {
      replies.shift()?.onReply(reply);
    },
    onMessage() {},
    claim: () => replies.peek()?.raw,
  };
}
