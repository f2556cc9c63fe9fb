import type { Bus, Subscription } from '../bus/bus.js';
import { WindowAggregator } from '../core/window-aggregator.js';
import { decodeLog } from '../protocol/log-decode.js';
import { encodeStats } from '../protocol/stats-codec.js';
import type { WindowStats } from '../protocol/stats.js';

export interface AnalyzerOptions {
  logsChannel: string;
  statsChannel: string;
  windowMs?: number;
  latenessMs?: number;
  topServices?: number;
  topErrors?: number;
  now?: () => number;
  /** Called with every window published (for logging and tests). */
  onWindow?: (window: WindowStats) => void;
}

export interface AnalyzerCounters {
  received: number;
  plain: number;
  windows: number;
}

export interface Analyzer {
  counters(): AnalyzerCounters;
  stop(): Promise<void>;
}

/**
 * The analyzer service: decodes every log on the logs channel into event-time windows and
 * publishes each window on the stats channel as soon as it closes (end + lateness), empty
 * windows included, so consumers see a continuous series. One timer, set for the next close.
 */
export async function startAnalyzer(bus: Bus, opts: AnalyzerOptions): Promise<Analyzer> {
  const now = opts.now ?? Date.now;
  const aggregator = new WindowAggregator({
    startMs: now(),
    ...(opts.windowMs !== undefined ? { windowMs: opts.windowMs } : {}),
    ...(opts.latenessMs !== undefined ? { latenessMs: opts.latenessMs } : {}),
    ...(opts.topServices !== undefined ? { topServices: opts.topServices } : {}),
    ...(opts.topErrors !== undefined ? { topErrors: opts.topErrors } : {}),
  });
  const counters: AnalyzerCounters = { received: 0, plain: 0, windows: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const publishDue = (): void => {
    for (const window of aggregator.advance(now())) {
      bus.publish(opts.statsChannel, encodeStats([window]));
      counters.windows++;
      opts.onWindow?.(window);
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    const at = aggregator.nextCloseAt();
    const delay = Number.isFinite(at) ? Math.max(0, at - now()) : aggregator.windowMs;
    timer = setTimeout(() => {
      publishDue();
      schedule();
    }, delay);
  };

  const sub: Subscription = await bus.subscribe(opts.logsChannel, (payload) => {
    const t = now();
    const log = decodeLog(payload, t);
    counters.received++;
    if (log.plain) counters.plain++;
    aggregator.add(log, t);
  });
  schedule();

  return {
    counters: () => ({ ...counters }),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await sub.unsubscribe();
      await bus.flush();
    },
  };
}
