import { parentPort, workerData } from 'node:worker_threads';
import type { Bus } from '../../bus/bus.js';
import type { LineSources } from '../../ingest/line-sources.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../ingest/line-splitter.js';
import type { SkipFieldsDecoder } from '../../protocol/shared-decode.js';
import type { Analyzer } from '../analyzer.js';
import type { Sender } from '../sender.js';
import type { EngineConfig } from './engine-config.js';
import type { EarlyStart } from './engine-host.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';

/*
 * The collector's worker thread: receiving, decoding, buffering and filtering happen here, so
 * the UI thread only draws and handles keys however fast logs arrive. In embedded mode the
 * dummy sender and the analyzer run here too; in local mode the analyzer and the line sources
 * (stdin, followed files), so reading a fast pipe never holds up the UI thread.
 *
 * Each mode imports only its own modules, so the first reply (and the UI's first screen) waits
 * for no module another mode needs: Redis clients, the sender, the file index (bench: view-file,
 * startup). With Redis, the logs channel is subscribed first and its past (--backfill, --since)
 * is fetched while the engine's modules load.
 */

function requirePort(): NonNullable<typeof parentPort> {
  if (parentPort === null) throw new Error('engine-worker must run in a worker thread');
  return parentPort;
}
const port = requirePort();
const post = (msg: FromEngine): void => port.postMessage(msg);

/**
 * The config, from workerData; or, for a thread started before the options were parsed (see
 * prestartWorkerEngine), from its config port, while the modules of the mode the command line
 * suggests load.
 */
async function engineConfig(): Promise<EngineConfig> {
  const data = workerData as EngineConfig | EarlyStart;
  if (!('configPort' in data)) return data;
  // A failed import fails again where main() imports the module, and is reported from there.
  void preload(data.preload).catch(() => undefined);
  return new Promise<EngineConfig>((resolve) =>
    data.configPort.once('message', (c: EngineConfig) => {
      data.configPort.close();
      resolve(c);
    }),
  );
}

/** Starts loading the modules main() imports for `mode`: an import in flight is shared, not repeated. */
function preload(mode: EngineConfig['mode']): Promise<unknown> {
  switch (mode) {
    case 'files':
      return import('./file-worker.js');
    case 'redis':
      return Promise.all([
        import('../../bus/open-bus.js'),
        import('../../bus/held-channel.js'),
        import('./engine-service.js'),
      ]);
    case 'embedded':
    case 'local':
      return Promise.all([
        import('../../bus/memory-bus.js'),
        import('../../protocol/shared-decode.js'),
        import('../analyzer.js'),
        import('./engine-service.js'),
        mode === 'embedded' ? import('../sender.js') : import('../../ingest/local-mode.js'),
      ]);
  }
}

async function main(): Promise<void> {
  const config = await engineConfig();
  if (config.mode === 'files') {
    const { runFileMode } = await import('./file-worker.js');
    port.on('message', await runFileMode(config, post));
    return;
  }
  const bus: Bus =
    config.mode === 'redis' ? await openRedis(config) : (await import('../../bus/memory-bus.js')).createMemoryBus();
  let analyzer: Analyzer | undefined;
  let sender: Sender | undefined;
  let local: LineSources | undefined;
  let decode: SkipFieldsDecoder | undefined;
  // On the in-memory bus the analyzer and the engine get the same payloads: decode each once.
  const maxLineBytes = config.mode === 'local' ? localDecodeLimit(config.maxLineBytes) : config.maxLineBytes;
  if (config.mode !== 'redis') {
    const [{ createSharedDecoder, skipFieldsDecoder }, { startAnalyzer }] = await Promise.all([
      import('../../protocol/shared-decode.js'),
      import('../analyzer.js'),
    ]);
    decode = createSharedDecoder(skipFieldsDecoder(maxLineBytes));
    analyzer = await startAnalyzer(bus, { logsChannel: config.logsChannel, statsChannel: config.statsChannel, decode });
  }
  const { startEngineService } = await import('./engine-service.js');
  const service = await startEngineService(
    bus,
    {
      ...config,
      ...(decode !== undefined ? { decode } : {}),
      ...(maxLineBytes !== undefined ? { maxLineBytes } : {}),
      // Lines the local sources cut show in the status line's "truncated" with the rest.
      ...(config.mode === 'local'
        ? { sourceTruncated: () => local?.counters.truncated ?? 0, sourceDropped: () => bus.counters().dropped }
        : {}),
    },
    post,
  );
  if (config.mode === 'embedded') {
    const { newProducerId, startSender } = await import('../sender.js');
    const s = config.sender;
    sender = startSender(bus, {
      channel: config.logsChannel,
      rate: s.rate,
      producerId: newProducerId('demo-'),
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
      ...(s.services !== undefined ? { services: s.services } : {}),
    });
  }
  if (config.mode === 'local') {
    const { startLocalSources } = await import('../../ingest/local-mode.js');
    local = startLocalSources(bus, config.logsChannel, {
      inputs: config.inputs,
      ...(config.service !== undefined ? { service: config.service } : {}),
      ...(config.maxLineBytes !== undefined ? { maxLineBytes: config.maxLineBytes } : {}),
    });
    local.done.catch((err: unknown) =>
      post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) }),
    );
  }
  port.on('message', (msg: ToEngine) => {
    if (msg.type !== 'stop') {
      service.handle(msg);
      return;
    }
    void (async () => {
      await sender?.stop();
      await local?.stop();
      await analyzer?.stop();
      await service.stop();
      await bus.close();
      post({ type: 'stopped' });
    })();
  });
}

/** The Redis bus, its logs channel subscribed at once (see holdChannel) and held for the engine. */
async function openRedis(config: Extract<EngineConfig, { mode: 'redis' }>): Promise<Bus> {
  const [{ openBus }, { holdChannel }] = await Promise.all([
    import('../../bus/open-bus.js'),
    import('../../bus/held-channel.js'),
  ]);
  const bus = openBus({
    ...config.redis,
    onError: (err) => post({ type: 'fatal', message: String(err) }),
    onNotice: (text) => post({ type: 'notice', text }),
  });
  return holdChannel(bus, config.logsChannel, config.capacity);
}

/**
 * In local mode lines are cut at `--max-line-bytes` (default 256 KiB) before they are wrapped in
 * wire JSON, which escaping can make up to 6 times longer: the decoder's limit leaves room for
 * that, so a long line is shown as its (cut) text, never as a cut piece of the JSON around it.
 */
function localDecodeLimit(lineBytes: number | undefined): number {
  return (lineBytes ?? DEFAULT_MAX_LINE_BYTES) * 6 + 4096;
}

main().catch((err: unknown) => {
  post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
});
