import { readMetricsFile, summarizeMetrics, type MetricsSummary } from './metrics-file.js';
import type { PtyApp } from './pty-app.js';
import { sleep } from './stats.js';

/** Key presses typed into the TUI: `j` and `k` in turn, every 100 ms, between start() and stop(). */
export class KeyDriver {
  private timer: NodeJS.Timeout | undefined;
  private down = true;
  presses = 0;

  constructor(private readonly app: PtyApp) {}

  /**
   * Starts pressing. `j` selects a log and pins the list, so the newest-line age is measured
   * before the keys start, and key-to-frame after: each key moves the selection one row.
   */
  start(): void {
    this.timer = setInterval(() => {
      this.app.press(this.down ? 'j' : 'k');
      this.down = !this.down;
      this.presses++;
    }, 100);
  }

  /** Stops pressing. */
  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Presses `q` (Ctrl-C with `resultsPane`: the results pane of a query with a pipeline does not
 * bind `q`) and waits up to 5 s for the app to exit (then kills it); returns the exit code or 'killed'.
 */
export async function quitApp(app: PtyApp, resultsPane = false): Promise<number | 'killed'> {
  app.press(resultsPane ? '\x03' : 'q');
  const code = await Promise.race([app.exited, sleep(5000).then(() => 'timeout' as const)]);
  if (code !== 'timeout') return code;
  app.kill();
  await app.exited;
  return 'killed';
}

/**
 * The metrics file written between `from` and `to`, summed up, the lines of the first
 * `warmupMs` left out of the quantiles; undefined when the collector wrote none.
 */
export function metricsBetween(path: string, from: number, to: number, warmupMs = 0): MetricsSummary | undefined {
  return summarizeMetrics(readMetricsFile(path), from, to, warmupMs);
}
