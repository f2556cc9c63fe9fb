import { createMemoryBus } from '../../bus/memory-bus.js';
import { payloadText } from '../../protocol/payload.js';
import { startAnalyzer } from '../analyzer.js';
import type { EngineConfig } from './engine-config.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';
import { startFileEngineService } from './file-engine-service.js';

/**
 * The worker thread's side of `view FILE...`: the file engine answers the UI; the analyzer, on
 * an in-memory bus, gets the rows appended while the files are followed, so the statistics pane
 * shows the files' live activity (not the history the list holds). Returns the message handler.
 */
export async function runFileMode(
  config: Extract<EngineConfig, { mode: 'files' }>,
  post: (msg: FromEngine) => void,
): Promise<(msg: ToEngine) => void> {
  const bus = createMemoryBus();
  const analyzer = await startAnalyzer(bus, { logsChannel: config.logsChannel, statsChannel: config.statsChannel });
  const stats = await bus.subscribe(config.statsChannel, (payload) =>
    post({ type: 'stats', payload: payloadText(payload) }),
  );
  const service = await startFileEngineService(
    {
      paths: config.paths,
      ...(config.service !== undefined ? { service: config.service } : {}),
      ...(config.maxLineBytes !== undefined ? { maxLineBytes: config.maxLineBytes } : {}),
      ...(config.range !== undefined ? { range: config.range } : {}),
      onAppend: (seq, engine) => {
        const record = engine.record(seq);
        if (record !== undefined) bus.publish(config.logsChannel, record.raw);
      },
    },
    post,
  );
  return (msg) => {
    if (msg.type !== 'stop') {
      service.handle(msg);
      return;
    }
    void (async () => {
      await service.stop();
      await stats.unsubscribe();
      await analyzer.stop();
      await bus.close();
      post({ type: 'stopped' });
    })();
  };
}
