import type { EngineConfig } from './engine-config.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';
import { startFileEngineService } from './file-engine-service.js';

/**
 * The worker thread's side of `view FILE...`: the file engine answers the UI. No analyzer runs:
 * the statistics pane counts the shown logs over their own time (the engine's histogram), which
 * says more of a file opened for its history than windows of the lines appended since.
 * Returns the message handler.
 */
export async function runFileMode(
  config: Extract<EngineConfig, { mode: 'files' }>,
  post: (msg: FromEngine) => void,
): Promise<(msg: ToEngine) => void> {
  const service = await startFileEngineService(
    {
      paths: config.paths,
      ...(config.service !== undefined ? { service: config.service } : {}),
      ...(config.maxLineBytes !== undefined ? { maxLineBytes: config.maxLineBytes } : {}),
      ...(config.range !== undefined ? { range: config.range } : {}),
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
      post({ type: 'stopped' });
    })();
  };
}
