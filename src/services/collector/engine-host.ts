import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Bus } from '../../bus/bus.js';
import type { EngineConfig } from './engine-config.js';
import type { FromEngine, ToEngine } from './engine-protocol.js';
import type { EngineServiceOptions } from './engine-service.js';

/** The UI's handle on the engine, wherever it runs. */
export interface EngineHost {
  post(msg: ToEngine): void;
  onMessage(listener: (msg: FromEngine) => void): void;
  /** Stops the engine (and, in embedded mode, the sender and analyzer), flushing what they hold. */
  stop(): Promise<void>;
}

// The TUI has nothing to flush: the terminal is already restored, so do not keep the user waiting.
const STOP_TIMEOUT_MS = 1000;

const WORKER_URL = new URL('./engine-worker.js', import.meta.url);

/** What a worker started before its config is known gets instead (see prestartWorkerEngine). */
export interface EarlyStart {
  /** The mode the command line suggests: its modules are loaded while the config is awaited. */
  preload: EngineConfig['mode'];
  /** Where the config comes, once the command's options are parsed. */
  configPort: MessagePort;
}

interface Prestarted {
  worker: Worker;
  configPort: MessagePort;
  error?: Error;
  exited?: boolean;
}

let early: Prestarted | undefined;

/**
 * Starts the engine's thread first thing, before the command's own modules are loaded and its
 * options parsed: the thread's start and its module loading then overlap the UI thread's
 * (bench: view-file, start-up). startWorkerEngine hands it the config. Until then it does not
 * keep the process alive.
 */
export function prestartWorkerEngine(preload: EngineConfig['mode']): void {
  if (early !== undefined) return;
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, {
    workerData: { preload, configPort: port2 } satisfies EarlyStart,
    transferList: [port2],
  });
  const started: Prestarted = { worker, configPort: port1 };
  // Kept for startWorkerEngine to report: with no listener an error would end the process.
  worker.once('error', (err) => (started.error = err));
  worker.once('exit', () => (started.exited = true));
  worker.unref();
  port1.unref();
  early = started;
}

/** Runs the engine in a worker thread (the normal way: the UI thread stays free). */
export function startWorkerEngine(config: EngineConfig): EngineHost {
  const prestarted = early;
  early = undefined;
  const worker = prestarted?.worker ?? new Worker(WORKER_URL, { workerData: config });
  if (prestarted !== undefined) {
    worker.ref();
    prestarted.configPort.postMessage(config);
    prestarted.configPort.close();
  }
  const listeners: ((msg: FromEngine) => void)[] = [];
  let stopped: (() => void) | undefined;
  // A thread that died (an uncaught error) answers no stop: nothing would then keep this
  // process alive until the stop timeout, and it would end without saying why.
  let exited = prestarted?.exited ?? false;
  worker.once('exit', () => {
    exited = true;
    stopped?.();
  });
  worker.on('message', (msg: FromEngine) => {
    if (msg.type === 'stopped') stopped?.();
    for (const l of listeners) l(msg);
  });
  worker.on('error', (err) => {
    for (const l of listeners) l({ type: 'fatal', message: err.message });
  });
  const earlyError = prestarted?.error;
  if (earlyError !== undefined)
    queueMicrotask(() => listeners.forEach((l) => l({ type: 'fatal', message: earlyError.message })));
  return {
    post: (msg) => worker.postMessage(msg),
    onMessage: (l) => void listeners.push(l),
    async stop() {
      if (!exited)
        await new Promise<void>((resolve) => {
          stopped = resolve;
          const timer = setTimeout(resolve, STOP_TIMEOUT_MS);
          timer.unref();
          worker.postMessage({ type: 'stop' } satisfies ToEngine);
        });
      await worker.terminate();
    },
  };
}

/** Runs the engine on this thread against a given bus (tests, and hosts without workers). */
export async function startInProcessEngine(bus: Bus, opts: EngineServiceOptions): Promise<EngineHost> {
  const listeners: ((msg: FromEngine) => void)[] = [];
  // Messages wait until someone listens, as a worker's would in its port.
  const early: FromEngine[] = [];
  // Deliver asynchronously, as a worker would, so callers never re-enter themselves.
  const post = (msg: FromEngine): void =>
    queueMicrotask(() => {
      if (listeners.length === 0) early.push(msg);
      else listeners.forEach((l) => l(msg));
    });
  // Imported here, not at the top: the UI thread loads this module to start the worker, and the
  // engine's modules (query language, patterns, export) belong to the worker (bench: view-file).
  const { startEngineService } = await import('./engine-service.js');
  const service = await startEngineService(bus, opts, post);
  return {
    post: (msg) => queueMicrotask(() => service.handle(msg)),
    onMessage: (l) => {
      listeners.push(l);
      for (const msg of early.splice(0)) l(msg);
    },
    stop: () => service.stop(),
  };
}
