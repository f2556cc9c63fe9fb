import { isatty } from 'node:tty';
import type { EngineConfig } from '../services/collector/engine-config.js';
import { startWorkerEngine } from '../services/collector/engine-host.js';
import { startApp } from '../tui/app/app.js';
import { metricsProbe } from '../tui/probe/probe.js';
import { installExitHandlers, openTerminal, openTtyInput } from '../tui/terminal.js';
import { isMonochrome } from '../tui/view/style.js';
import { bindingsFromConfig, themeFromConfig } from '../config/apply-config.js';
import { activeConfig } from '../config/cli-config.js';
import type { Order } from '../tui/state/model.js';

export interface TuiOptions {
  engine: EngineConfig;
  sourceLabel: string;
  filter?: string;
  /** Newest log at the top (default, as in RustLogStream) or at the bottom like `tail -f`. */
  order?: Order;
  /** Mouse wheel scrolling (default on; it takes over the terminal's own text selection). */
  mouse?: boolean;
}

/**
 * Runs the collector TUI on the terminal until the user quits: the engine (receiving,
 * decoding, buffering, filtering; in embedded mode also the sender and analyzer) in a worker
 * thread, the UI on this one. Returns the exit code; the terminal is restored in every case.
 */
export async function runTui(opts: TuiOptions): Promise<number> {
  if (!process.stdout.isTTY) throw new Error('the TUI needs a terminal on stdout (it is redirected)');
  const monochrome = isMonochrome();
  const config = activeConfig();
  // Before anything touches the terminal: a bad theme or binding is a one-line error.
  const theme = themeFromConfig(config, monochrome);
  const bindings = bindingsFromConfig(config);
  const order = opts.order ?? config?.defaults?.order ?? 'newest-first';
  const mouse = opts.mouse ?? config?.defaults?.mouse ?? true;
  // With logs piped in, keys come from the controlling terminal; stdin is the engine's to read.
  // isatty(0), not process.stdin.isTTY: creating process.stdin would make a piped fd 0 non-blocking.
  const stdinIsTty = isatty(0);
  const keys = stdinIsTty ? undefined : openTtyInput();
  if (keys === undefined && !stdinIsTty && opts.engine.mode === 'local')
    throw new Error('cannot open /dev/tty for keys while stdin carries logs');
  const engine = startWorkerEngine(opts.engine);
  const terminal = openTerminal(keys !== undefined ? { input: keys, mouse } : { mouse });
  let finished = false;
  const finish = async (code: number): Promise<number> => {
    if (finished) return code;
    finished = true;
    terminal.restore();
    await engine.stop().catch(() => undefined);
    return code;
  };
  let exiting = false;
  installExitHandlers(terminal, (code) => {
    // A second way out while the first is still stopping the engine (a signal after a crash,
    // the terminal hanging up): leave at once.
    if (exiting) process.exit(code);
    exiting = true;
    const hardStop = setTimeout(() => process.exit(code), 3000);
    hardStop.unref();
    void finish(code).then((c) => process.exit(c));
  });
  // Writing to a terminal that hung up fails asynchronously (EIO): take the SIGHUP way out,
  // instead of an uncaught error per frame.
  process.stdout.on('error', () => process.kill(process.pid, 'SIGHUP'));
  process.stderr.on('error', () => undefined);
  const metricsFile = process.env.LOGSTREAM_METRICS_FILE;
  const app = startApp({
    engine,
    capacity: opts.engine.capacity,
    sourceLabel: opts.sourceLabel,
    terminal,
    theme,
    bindings,
    order,
    // `view FILE` counts the shown logs itself; no analyzer runs there.
    statsOf: opts.engine.mode === 'files' ? 'shown-logs' : 'analyzer',
    monochrome,
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
    ...(metricsFile !== undefined && metricsFile !== '' ? { probe: metricsProbe(metricsFile) } : {}),
  });
  const code = await app.done;
  const result = await finish(code);
  const failure = app.failure();
  if (failure !== undefined) process.stderr.write(`logstream: error: ${failure}\n`);
  return result;
}
