import type { Bus } from '../bus/bus.js';
import type { StatsOptions } from '../core/window-accumulator.js';
import type { ClosedWindow } from '../core/window-aggregator.js';
import type { WindowRollup } from '../core/window-rollup.js';
import { encodeStats } from '../protocol/stats-codec.js';
import type { WindowStats } from '../protocol/stats.js';

/** The window counts of an analyzer's counters, which publishing adds to. */
export interface PublishedCounts {
  windows: number;
  /** Sum of `total_count` over the windows published. */
  windowLogs: number;
  /** Sum of `missed_count` over the windows published. */
  windowMissed: number;
}

/** Where an analyzer's closed windows go and what they feed. */
export interface WindowOutlet {
  bus: Bus;
  statsChannel: string;
  statsOptions: StatsOptions;
  /** The longer windows built from the closed ones, published on the same channel. */
  rollups: readonly WindowRollup[];
  counters: PublishedCounts;
  onWindow?: ((window: WindowStats) => void) | undefined;
}

/**
 * Publishes closed windows, oldest first, on the stats channel, counts them, and feeds each to
 * the rollups, publishing the longer windows it completes right after it: both analyzers close
 * their windows differently but publish them alike.
 */
export function publishWindows(closed: Iterable<ClosedWindow>, out: WindowOutlet): void {
  for (const { startMs, endMs, acc } of closed) {
    const window = acc.toStats(startMs, endMs, out.statsOptions);
    out.bus.publish(out.statsChannel, encodeStats([window]));
    out.counters.windows++;
    out.counters.windowLogs += window.total_count;
    out.counters.windowMissed += window.missed_count;
    out.onWindow?.(window);
    for (const rollup of out.rollups) {
      for (const long of rollup.add(startMs, acc)) {
        out.bus.publish(out.statsChannel, encodeStats([long]));
        out.onWindow?.(long);
      }
    }
  }
}
