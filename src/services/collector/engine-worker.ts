import { parentPort, workerData } from 'node:worker_threads';
import type { Bus } from '../../bus/bus.js';
import { createMemoryBus } from '../../bus/memory-bus.js';
import { createRedisBus } from '../../bus/redis-bus.js';
import { startAnalyzer, type Analyzer } from '../analyzer.js';
import { startSender, type Sender } from '../sender.js';
import type { EngineConfig } from './engine-config.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';
import { startEngineService } from './engine-service.js';

/*
 * The collector's worker thread: receiving, decoding, buffering and filtering happen here, so
 * the UI thread only draws and handles keys however fast logs arrive. In embedded mode the
 * dummy sender and the analyzer run here too.
 */

function requirePort(): NonNullable<typeof parentPort> {
  if (parentPort === null) throw new Error('engine-worker must run in a worker thread');
  return parentPort;
}
const port = requirePort();
const config = workerData as EngineConfig;
const post = (msg: FromEngine): void => port.postMessage(msg);

async function main(): Promise<void> {
  const bus: Bus = config.mode === 'redis' ? createRedisBus({ ...config.redis, onError: (err) => post({ type: 'fatal', message: String(err) }) }) : createMemoryBus();
  let analyzer: Analyzer | undefined;
  let sender: Sender | undefined;
  if (config.mode === 'embedded') {
    analyzer = await startAnalyzer(bus, { logsChannel: config.logsChannel, statsChannel: config.statsChannel });
  }
  const service = await startEngineService(bus, config, post);
  if (config.mode === 'embedded') {
    const s = config.sender;
    sender = startSender(bus, {
      channel: config.logsChannel,
      rate: s.rate,
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
      ...(s.services !== undefined ? { services: s.services } : {}),
    });
  }
  port.on('message', (msg: ToEngine) => {
    if (msg.type !== 'stop') {
      service.handle(msg);
      return;
    }
    void (async () => {
      await sender?.stop();
      await analyzer?.stop();
      await service.stop();
      await bus.close();
      post({ type: 'stopped' });
    })();
  });
}

main().catch((err: unknown) => {
  post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
});
