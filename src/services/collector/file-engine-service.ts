import type { FromEngine, ToEngine } from './engine-protocol.js';
import { exportList, exportTable } from './export.js';
import type { TimeRange } from '../../core/time-bound.js';
import { FileEngine } from './file-engine.js';
import { FileStore, type FileStoreOptions } from './file-store.js';

/** How often a changing results table (or the patterns view) is sent to the UI. */
const RESULTS_EVERY_MS = 1000;
/** The patterns view's trends and "new" markers move with time: sent this often even when nothing changed. */
const PATTERNS_IDLE_MS = 10_000;

export type FileEngineServiceOptions = Omit<FileStoreOptions, 'onChange' | 'onAppend' | 'onExtend'> & {
  /** Each row appended after the start (to feed live statistics). */
  onAppend?: (seq: number, engine: FileEngine) => void;
  /** `--since`/`--until`: rows outside are left out and counted. */
  range?: TimeRange;
};

/** The file engine wired to the UI's messages: what runs in the worker thread for `view FILE...`. */
export interface FileEngineService {
  engine: FileEngine;
  handle(msg: ToEngine): void;
  stop(): Promise<void>;
}

/** Opens the files, starts indexing them and answers the UI's requests from their index. */
export async function startFileEngineService(
  opts: FileEngineServiceOptions,
  post: (msg: FromEngine) => void,
): Promise<FileEngineService> {
  // The store calls back once indexing runs, after the engine below exists.
  const wired: { engine?: FileEngine } = {};
  const store = await FileStore.open({
    ...opts,
    onChange: () => wired.engine?.changed(),
    onExtend: (seq) => wired.engine?.extended(seq),
    onAppend: (seq) => {
      const engine = wired.engine;
      if (engine === undefined) return;
      engine.appended(seq);
      opts.onAppend?.(seq, engine);
    },
  });
  const eng = new FileEngine(store, opts.range !== undefined ? { range: opts.range } : {});
  wired.engine = eng;
  post({ type: 'status', status: { state: 'ready', since: Date.now() } });
  store.done.catch((err: unknown) =>
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }),
  );

  let resultsSent: number | undefined;
  const postResults = (): void => {
    const results = eng.results();
    resultsSent = eng.resultsVersion;
    if (results !== undefined) post({ type: 'results', results });
  };
  // The patterns view's rows go out while it is open: at once, then each second they changed.
  let watchingPatterns = false;
  let patternsSent: { version: number | undefined; at: number } = { version: undefined, at: 0 };
  const postPatterns = (): void => {
    const patterns = eng.patternsSnapshot();
    if (patterns === undefined) return;
    patternsSent = { version: patterns.version, at: Date.now() };
    post({ type: 'patterns', patterns });
  };
  const resultsTimer = setInterval(() => {
    if (eng.resultsVersion !== undefined && eng.resultsVersion !== resultsSent) postResults();
    if (
      watchingPatterns &&
      (eng.patternsVersion !== patternsSent.version || Date.now() - patternsSent.at >= PATTERNS_IDLE_MS)
    )
      postPatterns();
  }, RESULTS_EVERY_MS);
  resultsTimer.unref();

  const handle = (msg: ToEngine): void => {
    switch (msg.type) {
      case 'view':
        post({ type: 'snapshot', snapshot: eng.snapshot(msg.request) });
        break;
      case 'filter':
        post({ type: 'filterResult', id: msg.id, query: msg.query, error: eng.setFilter(msg.query, msg.levelMin) });
        postResults();
        break;
      case 'find': {
        const id = msg.id;
        eng.find(msg.pattern, msg.fromSeq, msg.direction, (seq) => post({ type: 'found', id, seq }));
        break;
      }
      case 'record':
        post({ type: 'record', id: msg.id, record: eng.record(msg.seq) });
        break;
      case 'findMark':
        post({ type: 'markFound', id: msg.id, seq: eng.findMark(msg.marks, msg.fromSeq, msg.direction) });
        break;
      case 'export':
      case 'exportTable': {
        const { id, path } = msg;
        const writing =
          msg.type === 'export' ? exportList(eng, path, msg.overwrite) : exportTable(msg.table, path, msg.overwrite);
        const what = msg.type === 'export' ? 'logs' : 'rows';
        void writing.then((r) => post({ type: 'exported', id, path, what, count: r.count, error: r.error }));
        break;
      }
      case 'patterns':
        watchingPatterns = msg.watch;
        if (msg.watch) {
          eng.startPatterns();
          postPatterns();
        }
        break;
      case 'histogram':
        post({ type: 'histogram', histogram: eng.histogram(msg.bars) });
        break;
      case 'seekTime':
        post({ type: 'timeFound', id: msg.id, ...eng.seekTime(msg.from, msg.to, msg.newer) });
        break;
      case 'stop':
        break;
    }
  };

  return {
    engine: eng,
    handle,
    async stop() {
      clearInterval(resultsTimer);
      eng.stop();
      await store.stop();
    },
  };
}
