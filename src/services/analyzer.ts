import type { Bus, Subscription } from '../bus/bus.js';
import { GapTracker, type GapTrackerOptions } from '../core/gap-tracker.js';
import { DEFAULT_TOP_ERRORS, DEFAULT_TOP_SERVICES, WindowAggregator } from '../core/window-aggregator.js';
import { WindowRollup } from '../core/window-rollup.js';
import { firstLineMasked, minedTemplates } from './mined-patterns.js';
import { publishWindows } from './publish-windows.js';
import { skipFieldsDecoder, type SkipFieldsDecoder } from '../protocol/shared-decode.js';
import type { WindowStats } from '../protocol/stats.js';

/** Channels, window shape and the clock of an analyzer. */
export interface AnalyzerOptions {
  logsChannel: string;
  statsChannel: string;
  windowMs?: number;
  latenessMs?: number;
  topServices?: number;
  topErrors?: number;
  /** Payloads above this many bytes are truncated and kept as plain text (default 64 KiB). */
  maxLineBytes?: number;
  /** Bounds of the per-producer gap tracking. */
  gaps?: GapTrackerOptions;
  now?: () => number;
  /** Lengths of the longer windows published besides the 1 s ones (default 10 s and 60 s; [] for none). */
  rollups?: number[];
  /**
   * Decoder to use instead of `decodeLog` with `skipFields` (and `maxLineBytes`): a shared one
   * lets consumers of the same payloads in one thread decode each once (see shared-decode.ts).
   */
  decode?: SkipFieldsDecoder;
  /** Called with every window published (for logging and tests). */
  onWindow?: (window: WindowStats) => void;
}

/** What an analyzer has seen and published so far. */
export interface AnalyzerCounters {
  received: number;
  plain: number;
  /** Payloads cut at `maxLineBytes`. */
  truncated: number;
  /** Logs that carried a producer stamp. */
  stamped: number;
  /** Logs known to be lost (gaps in producers' sequence numbers), published or not yet. */
  missed: number;
  /** Stamped logs that arrived at or below their producer's highest sequence number. */
  reordered: number;
  /** Producers tracked now. */
  producers: number;
  windows: number;
  /** Sum of `total_count` over the windows published. */
  windowLogs: number;
  /** Sum of `missed_count` over the windows published. */
  windowMissed: number;
}

/** A running analyzer. */
export interface Analyzer {
  counters(): AnalyzerCounters;
  stop(): Promise<void>;
}

/** The longer windows the analyzer publishes by default: 10 s and 1 min. */
export const DEFAULT_ROLLUPS_MS = [10_000, 60_000];

/**
 * The analyzer service: decodes every log on the logs channel into event-time windows and
 * publishes each window on the stats channel as soon as it closes (end + lateness), empty
 * windows included, so consumers see a continuous series. One timer, set for the next close.
 * Stamped logs are checked for gaps per producer; a gap is counted as `missed_count` in the
 * window in which it was found.
 *
 * The schedule follows the clock, not the bus: while Redis is away windows keep closing (empty
 * ones included, queued by the bus), and logs that arrive late after it returns are counted
 * once, as late, in the window of their arrival.
 */
export async function startAnalyzer(bus: Bus, opts: AnalyzerOptions): Promise<Analyzer> {
  const now = opts.now ?? Date.now;
  const aggregator = new WindowAggregator({
    startMs: now(),
    ...(opts.windowMs !== undefined ? { windowMs: opts.windowMs } : {}),
    ...(opts.latenessMs !== undefined ? { latenessMs: opts.latenessMs } : {}),
    ...(opts.topServices !== undefined ? { topServices: opts.topServices } : {}),
    ...(opts.topErrors !== undefined ? { topErrors: opts.topErrors } : {}),
    patternOf: firstLineMasked,
  });
  const gaps = new GapTracker(opts.gaps);
  // Windows never look at the other fields: do not build them for every log.
  const decode: SkipFieldsDecoder = opts.decode ?? skipFieldsDecoder(opts.maxLineBytes);
  const counters = { received: 0, plain: 0, truncated: 0, stamped: 0, windows: 0, windowLogs: 0, windowMissed: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const statsOptions = {
    topServices: opts.topServices ?? DEFAULT_TOP_SERVICES,
    topErrors: opts.topErrors ?? DEFAULT_TOP_ERRORS,
    templatesOf: minedTemplates(),
  };
  // 10 s and 1 min windows, built by merging the 1 s ones (sketches included), published on
  // the same channel: `window_seconds` tells them apart.
  const rollups = (opts.rollups ?? DEFAULT_ROLLUPS_MS).map(
    (ms) => new WindowRollup(ms, { sourceMs: aggregator.windowMs, ...statsOptions }),
  );

  const publishDue = (): void =>
    publishWindows(aggregator.closeDue(now()), bus, opts, { statsOptions, rollups, counters });

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
    const log = decode(payload, t);
    counters.received++;
    if (log.plain) counters.plain++;
    if (log.truncated === true) counters.truncated++;
    const producer = log.producer;
    if (producer !== undefined) {
      counters.stamped++;
      const missed = gaps.observe(producer.id, producer.seq, t);
      if (missed > 0) aggregator.addMissed(missed, t);
    }
    aggregator.add(log, t);
  });
  schedule();

  return {
    counters: () => {
      const g = gaps.counts();
      return { ...counters, missed: g.missed, reordered: g.reordered, producers: g.producers };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await sub.unsubscribe();
      await bus.flush();
    },
  };
}
