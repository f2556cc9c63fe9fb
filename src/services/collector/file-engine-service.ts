import type { FromEngine, ToEngine } from './engine-protocol.js';
import { serveRequests } from './request-handler.js';
import type { TimeRange } from '../../core/time-bound.js';
import { FileEngine } from './file-engine.js';
import { FileStore, type FileStoreOptions } from './file-store.js';

export type FileEngineServiceOptions = Omit<FileStoreOptions, 'onChange' | 'onAppend' | 'onExtend'> & {
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
    onAppend: (seq) => wired.engine?.appended(seq),
  });
  const eng = new FileEngine(store, opts.range !== undefined ? { range: opts.range } : {});
  wired.engine = eng;
  post({ type: 'status', status: { state: 'ready', since: Date.now() } });
  store.done.catch((err: unknown) =>
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }),
  );

  const served = serveRequests(eng, (msg, found) => eng.find(msg.pattern, msg.fromSeq, msg.direction, found), post);
  const handle = served.handle;

  return {
    engine: eng,
    handle,
    async stop() {
      served.stop();
      eng.stop();
      await store.stop();
    },
  };
}
