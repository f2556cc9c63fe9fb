import type { FromEngine, ToEngine } from './engine-protocol.js';
import type { LogEngine } from './engine.js';
import { exportList, exportTable, type ExportSource } from './export.js';

/** How often a changing results table (or the patterns view) is sent to the UI. */
const RESULTS_EVERY_MS = 1000;
/** The patterns view's trends and "new" markers move with time: sent this often even when nothing changed. */
const PATTERNS_IDLE_MS = 10_000;

type FindRequest = Extract<ToEngine, { type: 'find' }>;

/** What an engine answers the UI with: the live buffer's and the file store's engines alike. */
export type ServedEngine = ExportSource &
  Pick<
    LogEngine,
    | 'snapshot'
    | 'setFilter'
    | 'record'
    | 'findMark'
    | 'results'
    | 'resultsVersion'
    | 'patternsSnapshot'
    | 'patternsVersion'
    | 'startPatterns'
    | 'histogram'
    | 'seekTime'
  >;

/** Searches for a log, answering through `found`: at once over a buffer, after a scan over files. */
export type FindLog = (msg: FindRequest, found: (seq: number | undefined) => void) => void;

/**
 * Answers the UI's requests from an engine, and keeps the results pane and the patterns view
 * up to date: their rows go out at once, then each second they changed.
 */
export function serveRequests(
  engine: ServedEngine,
  find: FindLog,
  post: (msg: FromEngine) => void,
): { handle: (msg: ToEngine) => void; stop: () => void } {
  let resultsSent: number | undefined;
  const postResults = (): void => {
    const results = engine.results();
    resultsSent = engine.resultsVersion;
    if (results !== undefined) post({ type: 'results', results });
  };
  let watchingPatterns = false;
  let patternsSent: { version: number | undefined; at: number } = { version: undefined, at: 0 };
  const postPatterns = (): void => {
    const patterns = engine.patternsSnapshot();
    if (patterns === undefined) return;
    patternsSent = { version: patterns.version, at: Date.now() };
    post({ type: 'patterns', patterns });
  };
  const timer = setInterval(() => {
    if (engine.resultsVersion !== undefined && engine.resultsVersion !== resultsSent) postResults();
    if (
      watchingPatterns &&
      (engine.patternsVersion !== patternsSent.version || Date.now() - patternsSent.at >= PATTERNS_IDLE_MS)
    )
      postPatterns();
  }, RESULTS_EVERY_MS);
  timer.unref();

  const handle = (msg: ToEngine): void => {
    switch (msg.type) {
      case 'view':
        post({ type: 'snapshot', snapshot: engine.snapshot(msg.request) });
        break;
      case 'filter':
        post({ type: 'filterResult', id: msg.id, query: msg.query, error: engine.setFilter(msg.query, msg.levelMin) });
        postResults();
        break;
      case 'find': {
        const id = msg.id;
        find(msg, (seq) => post({ type: 'found', id, seq }));
        break;
      }
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
  return { handle, stop: () => clearInterval(timer) };
}
