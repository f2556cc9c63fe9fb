import type { Bus, Subscription } from '../../bus/bus.js';
import type { SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import { payloadText } from '../../protocol/payload.js';
import type { TimeRange } from '../../core/time-bound.js';
import { LogEngine } from './engine.js';
import { serveRequests } from './request-handler.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';

export interface EngineServiceOptions {
  logsChannel: string;
  statsChannel: string;
  capacity: number;
  /** Decoder shared with the analyzer in the same thread (embedded and local mode). */
  decode?: SkipFieldsDecoder;
  /** Payloads above this many bytes are cut and kept as plain text. */
  maxLineBytes?: number;
  /** Lines cut by the sources in the same thread (local mode). */
  sourceTruncated?: () => number;
  /** Only logs whose own time is in this range are kept. */
  range?: TimeRange;
  /** Logs the sources in the same thread dropped (local mode). */
  sourceDropped?: () => number;
}

/** The engine wired to a bus: what runs inside the collector's worker thread. */
export interface EngineService {
  engine: LogEngine;
  /** Handles one message from the UI. */
  handle(msg: ToEngine): void;
  stop(): Promise<void>;
}

/**
 * Subscribes the engine to the logs and stats channels, forwards stats and connection state
 * to the UI through `post`, marks a gap whenever the connection comes back after a loss, and
 * answers the UI's requests.
 */
export async function startEngineService(
  bus: Bus,
  opts: EngineServiceOptions,
  post: (msg: FromEngine) => void,
): Promise<EngineService> {
  const engine = new LogEngine(opts.capacity, {
    ...(opts.decode !== undefined ? { decode: opts.decode } : {}),
    ...(opts.maxLineBytes !== undefined ? { maxLineBytes: opts.maxLineBytes } : {}),
    ...(opts.sourceTruncated !== undefined ? { sourceTruncated: opts.sourceTruncated } : {}),
    ...(opts.range !== undefined ? { range: opts.range } : {}),
    ...(opts.sourceDropped !== undefined ? { sourceDropped: opts.sourceDropped } : {}),
  });
  const offStatus = bus.onStatus((status) => post({ type: 'status', status }));
  // A lost subscription (Redis restarted, or it cut a slow subscriber off) is a gap in the list.
  const offReconnect = bus.onReconnect?.((info) => engine.markGap({ missed: info.missed, downMs: info.downMs }));
  post({ type: 'status', status: bus.status() });
  const subs: Subscription[] = [
    await bus.subscribe(opts.logsChannel, (payload) => engine.ingest(payload)),
    await bus.subscribe(opts.statsChannel, (payload) => post({ type: 'stats', payload: payloadText(payload) })),
  ];

  const served = serveRequests(
    engine,
    (msg, found) => found(engine.find(msg.pattern, msg.fromSeq, msg.direction)),
    post,
  );
  const handle = served.handle;

  return {
    engine,
    handle,
    async stop() {
      served.stop();
      offStatus();
      offReconnect?.();
      await Promise.allSettled(subs.map((s) => s.unsubscribe()));
    },
  };
}
