import type { Bus, Subscription } from '../../bus/bus.js';
import type { SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import { payloadText } from '../../protocol/payload.js';
import type { TimeRange } from '../../core/time-bound.js';
import { LogEngine } from './engine.js';
import { exportList, exportTable } from './export.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';

/** How often a changing results table (or the patterns view) is sent to the UI. */
const RESULTS_EVERY_MS = 1000;
/** The patterns view's trends and "new" markers move with time: sent this often even when no log came. */
const PATTERNS_IDLE_MS = 10_000;

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

  // The results pane follows new logs: its table goes out once a second while it changes.
  let resultsSent: number | undefined;
  const postResults = (): void => {
    const results = engine.results();
    resultsSent = engine.resultsVersion;
    if (results !== undefined) post({ type: 'results', results });
  };
  // The patterns view's rows go out while it is open: at once, then each second they changed.
  let watchingPatterns = false;
  let patternsSent: { version: number | undefined; at: number } = { version: undefined, at: 0 };
  const postPatterns = (): void => {
    const patterns = engine.patternsSnapshot();
    if (patterns === undefined) return;
    patternsSent = { version: patterns.version, at: Date.now() };
    post({ type: 'patterns', patterns });
  };
  const resultsTimer = setInterval(() => {
    if (engine.resultsVersion !== undefined && engine.resultsVersion !== resultsSent) postResults();
    if (
      watchingPatterns &&
      (engine.patternsVersion !== patternsSent.version || Date.now() - patternsSent.at >= PATTERNS_IDLE_MS)
    )
      postPatterns();
  }, RESULTS_EVERY_MS);
  resultsTimer.unref();

  const handle = (msg: ToEngine): void => {
    switch (msg.type) {
      case 'view':
        post({ type: 'snapshot', snapshot: engine.snapshot(msg.request) });
        break;
      case 'filter':
        post({ type: 'filterResult', id: msg.id, query: msg.query, error: engine.setFilter(msg.query, msg.levelMin) });
        postResults();
        break;
      case 'find':
        post({ type: 'found', id: msg.id, seq: engine.find(msg.pattern, msg.fromSeq, msg.direction) });
        break;
      case 'record':
        post({ type: 'record', id: msg.id, record: engine.record(msg.seq) });
        break;
      case 'findMark':
        post({ type: 'markFound', id: msg.id, seq: engine.findMark(msg.marks, msg.fromSeq, msg.direction) });
        break;
      case 'export':
      case 'exportTable': {
        const { id, path } = msg;
        // Written in chunks with the file system's callbacks between them: logs keep arriving meanwhile.
        const writing =
          msg.type === 'export' ? exportList(engine, path, msg.overwrite) : exportTable(msg.table, path, msg.overwrite);
        const what = msg.type === 'export' ? 'logs' : 'rows';
        void writing.then((r) => post({ type: 'exported', id, path, what, count: r.count, error: r.error }));
        break;
      }
      case 'patterns':
        watchingPatterns = msg.watch;
        if (msg.watch) {
          engine.startPatterns();
          postPatterns();
        }
        break;
      case 'histogram':
        post({ type: 'histogram', histogram: engine.histogram(msg.bars) });
        break;
      case 'seekTime':
        post({ type: 'timeFound', id: msg.id, ...engine.seekTime(msg.from, msg.to, msg.newer) });
        break;
      case 'stop':
        break;
    }
  };

  return {
    engine,
    handle,
    async stop() {
      clearInterval(resultsTimer);
      offStatus();
      offReconnect?.();
      await Promise.allSettled(subs.map((s) => s.unsubscribe()));
    },
  };
}
