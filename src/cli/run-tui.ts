import type { Bus } from '../bus/bus.js';
import { startCollector } from '../services/collector.js';
import { installExitHandlers, openTerminal } from '../tui/terminal.js';
import { defaultTheme, monochromeTheme } from '../tui/view/theme.js';

export interface TuiOptions {
  logsChannel: string;
  statsChannel: string;
  buffer: number;
  sourceLabel: string;
  filter?: string;
  /** Called after the terminal is restored, before the process exits (stop services, close the bus). */
  cleanup?: () => Promise<void>;
  /** Called once the collector is subscribed, so producers started here lose nothing. */
  onStarted?: () => void;
}

/** Runs the collector TUI on the controlling terminal until the user quits; returns the exit code. */
export async function runTui(bus: Bus, opts: TuiOptions): Promise<number> {
  if (!process.stdout.isTTY) {
    throw new Error('the TUI needs a terminal on stdout (it is redirected)');
  }
  const monochrome = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const terminal = openTerminal();
  let finishing = false;
  const finish = async (code: number): Promise<number> => {
    if (finishing) return code;
    finishing = true;
    terminal.restore();
    await opts.cleanup?.().catch(() => undefined);
    return code;
  };
  installExitHandlers(terminal, (code) => {
    void finish(code).then((c) => process.exit(c));
  });
  const collector = await startCollector(bus, {
    logsChannel: opts.logsChannel,
    statsChannel: opts.statsChannel,
    bufferSize: opts.buffer,
    sourceLabel: opts.sourceLabel,
    terminal,
    theme: monochrome ? monochromeTheme() : defaultTheme(),
    monochrome,
    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
  });
  opts.onStarted?.();
  const code = await collector.done;
  await collector.stop();
  return finish(code);
}
