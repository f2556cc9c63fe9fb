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

/** Where an analyzer publishes: its stats channel, and who is told of each window. */
export interface WindowTarget {
  statsChannel: string;
  onWindow?: ((window: WindowStats) => void) | undefined;
}

/** What an analyzer's closed windows go through: how they are summed up, the rollups they feed, the counts. */
export interface WindowOutlet {
  statsOptions: StatsOptions;
  /** The longer windows built from the closed ones, published on the same channel. */
  rollups: readonly WindowRollup[];
  counters: PublishedCounts;
}

/**
 * Publishes closed windows, oldest first, on the stats channel, counts them, and feeds each to
 * the rollups, publishing the longer windows it completes right after it: both analyzers close
 * their windows differently but publish them alike.
 */
export function publishWindows(
  closed: Iterable<ClosedWindow>,
  bus: Bus,
  target: WindowTarget,
  { statsOptions, rollups, counters }: WindowOutlet,
): void {
  for (const { startMs, endMs, acc } of closed) {
    const window = acc.toStats(startMs, endMs, statsOptions);
    bus.publish(target.statsChannel, encodeStats([window]));
    counters.windows++;
    counters.windowLogs += window.total_count;
    counters.windowMissed += window.missed_count;
    target.onWindow?.(window);
    for (const rollup of rollups) {
      for (const long of rollup.add(startMs, acc)) {
        bus.publish(target.statsChannel, encodeStats([long]));
        target.onWindow?.(long);
      }
    }
  }
}
