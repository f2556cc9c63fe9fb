import type { EngineConfig } from '../services/collector/engine-config.js';
import { startWorkerEngine } from '../services/collector/engine-host.js';
import { startCollector } from '../services/collector/collector.js';
import { installExitHandlers, openTerminal } from '../tui/terminal.js';
import { isMonochrome } from '../tui/view/style.js';
import { defaultTheme, monochromeTheme } from '../tui/view/theme.js';

export interface TuiOptions {
  engine: EngineConfig;
  sourceLabel: string;
  filter?: string;
}

/**
 * Runs the collector TUI on the terminal until the user quits: the engine (receiving,
 * decoding, buffering, filtering; in embedded mode also the sender and analyzer) in a worker
 * thread, the UI on this one. Returns the exit code; the terminal is restored in every case.
 */
export async function runTui(opts: TuiOptions): Promise<number> {
  if (!process.stdout.isTTY) throw new Error('the TUI needs a terminal on stdout (it is redirected)');
  const monochrome = isMonochrome();
  const engine = startWorkerEngine(opts.engine);
  const terminal = openTerminal();
  let finished = false;
  const finish = async (code: number): Promise<number> => {
    if (finished) return code;
    finished = true;
    terminal.restore();
    await engine.stop().catch(() => undefined);
    return code;
  };
  installExitHandlers(terminal, (code) => {
    void finish(code).then((c) => process.exit(c));
  });
  const metricsFile = process.env.LOGSTREAM_METRICS_FILE;
  const collector = startCollector({
    engine,
    capacity: opts.engine.capacity,
    sourceLabel: opts.sourceLabel,
    terminal,
    theme: monochrome ? monochromeTheme() : defaultTheme(),
    monochrome,
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(metricsFile !== undefined && metricsFile !== '' ? { metricsFile } : {}),
  });
  const code = await collector.done;
  const result = await finish(code);
  const failure = collector.failure();
  if (failure !== undefined) process.stderr.write(`logstream: error: ${failure}\n`);
  return result;
}
