import type { Payload } from '../protocol/payload.js';

/** Connection state of a bus, as shown to the user. */
export type BusState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

export interface BusStatus {
  state: BusState;
  /** Epoch ms when this state was entered. */
  since: number;
  /** Last connection error, one line, never containing credentials. */
  error?: string;
}

/** Counters a bus keeps; they only grow. */
export interface BusCounters {
  published: number;
  /** Messages `publish` accepted but had to drop (broker down and the bounded queue full). */
  dropped: number;
  received: number;
}

/**
 * The receiving side of a bus was cut off and is subscribed again. Whatever was published on
 * `channels` during those `downMs` never reached this bus: consumers insert a gap marker here.
 * Causes include Redis going away and Redis closing a subscriber that fell behind
 * (`client-output-buffer-limit pubsub`).
 */
export interface BusReconnect {
  /** From the moment the connection was lost until every channel was subscribed again. */
  downMs: number;
  /** The channels subscribed again. */
  channels: string[];
  /** Why the connection was lost, one line, never containing credentials. */
  reason?: string;
  /**
   * Exactly how many messages of `channels` this bus will never deliver because of the cut,
   * when the adapter knows it (Redis Streams: entries the retention cap trimmed before they
   * were read; 0 when it resumed without loss). Absent: whatever was published meanwhile is lost.
   */
  missed?: number;
}

/**
 * Receives each payload. A Buffer payload may be a view into a larger network chunk: a handler
 * that keeps only a few payloads for long should copy them (`Buffer.from(payload)`).
 */
export type MessageHandler = (payload: Payload, channel: string) => void;

/**
 * Receives payloads as byte ranges, for a consumer that copies them on (a batch for another
 * thread) and so needs no object per payload: `message` gets bytes [start, end) of `bytes`,
 * valid until the `chunkEnd` that follows each run of deliveries (one socket read).
 */
export interface RangeSink {
  message(bytes: Buffer, start: number, end: number): void;
  chunkEnd(): void;
}

export interface Subscription {
  unsubscribe(): Promise<void>;
}

/**
 * The one transport every service talks to. Adapters: in-memory (embedded mode), Redis
 * Pub/Sub and Redis Streams, on one server or a Redis Cluster (cluster/cluster-bus.ts). All
 * pass the same contract suite (`contract.ts`).
 *
 * Delivery is asynchronous: a handler never runs inside `publish`. It is at-most-once, except
 * that a Redis Streams reader resumes after a cut from the last entry it saw (docs/scaling.md).
 */
export interface Bus {
  /**
   * Queues a message. Returns false when the bus holds more than its high-water mark of
   * unsent messages: the caller should `await drain()` before publishing more.
   */
  publish(channel: string, payload: Payload): boolean;
  /** Resolves when the queue of unsent messages is below the low-water mark. */
  drain(): Promise<void>;
  /** Resolves when every message published so far has been handed to the broker. */
  flush(): Promise<void>;
  /** Resolves once the subscription is active: messages published after that are delivered. */
  subscribe(channel: string, handler: MessageHandler): Promise<Subscription>;
  /**
   * `subscribe`, delivering to a RangeSink. Optional: `subscribeRanges` (range-subscribe.ts)
   * serves any bus, through `subscribe` where a bus has no cheaper way.
   */
  subscribeRanges?(channel: string, sink: RangeSink): Promise<Subscription>;
  status(): BusStatus;
  /** Calls `listener` on every state change; returns a function that removes it. */
  onStatus(listener: (status: BusStatus) => void): () => void;
  counters(): BusCounters;
  /**
   * Calls `listener` after each reconnect of the receiving side (see BusReconnect); returns a
   * function that removes it. Optional: a bus that cannot lose its subscriptions may omit it.
   */
  onReconnect?(listener: (info: BusReconnect) => void): () => void;
  /** Flushes what it can, then releases every connection and timer. */
  close(): Promise<void>;
}
