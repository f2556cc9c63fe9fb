import { GapTracker } from '../../core/gap-tracker.js';
import type { GapInfo, StreamCounters } from './engine-protocol.js';
import type { LogBuffer } from './log-buffer.js';

/** How long after a reconnect sequence gaps are added to its marker instead of getting their own. */
const RECONNECT_MERGE_MS = 5000;

/**
 * The gaps of a live stream, as marker rows in the buffer: disconnects, and logs missing by
 * producer sequence numbers, counted in `missed` and `disconnects`.
 */
export class StreamGaps {
  private readonly tracker = new GapTracker();
  /** The marker of the last reconnect, while sequence gaps may still be attributed to it. */
  private openMarker: { info: GapInfo; until: number; counted: number; tracked: number } | undefined;

  constructor(
    private readonly buffer: LogBuffer<GapInfo>,
    private readonly stats: StreamCounters,
    private readonly now: () => number,
  ) {}

  /** Checks a log's producer sequence number; true when a marker row was added for logs missed before it. */
  observe(producer: { id: string; seq: number }, now: number): boolean {
    const missed = this.tracker.observe(producer.id, producer.seq, now);
    return missed > 0 && this.addMissed(missed, now);
  }

  /** Adds a marker row for a gap in the stream (a disconnect, or logs missing by sequence). */
  mark(info: GapInfo): void {
    if (info.missed !== undefined) this.stats.missed += info.missed;
    if (info.downMs !== undefined) this.stats.disconnects++;
    const gap = { ...info };
    if (info.downMs !== undefined)
      this.openMarker = { info: gap, until: this.now() + RECONNECT_MERGE_MS, counted: info.missed ?? 0, tracked: 0 };
    this.buffer.pushGap(this.now(), 'warn', 'logstream', gap);
  }

  /**
   * Logs missing by producer sequence numbers: added to the marker of a reconnect that just
   * happened (they are what it lost), else shown as a marker of their own (true).
   */
  private addMissed(missed: number, now: number): boolean {
    const open = this.openMarker;
    if (open !== undefined && now <= open.until) {
      // The bus may have counted the same logs (entries trimmed from a stream): the larger count wins.
      open.tracked += missed;
      const total = Math.max(open.counted, open.tracked);
      this.stats.missed += total - (open.info.missed ?? 0);
      open.info.missed = total;
      return false;
    }
    this.mark({ missed, downMs: undefined });
    return true;
  }
}

/** The text of a gap marker row, e.g. "connection lost 3.2 s, ~41,200 logs missed". */
export function describeGap(info: GapInfo): string {
  const parts: string[] = [];
  if (info.downMs !== undefined) parts.push(`connection lost ${(info.downMs / 1000).toFixed(1)} s`);
  if (info.missed !== undefined) parts.push(`~${info.missed.toLocaleString('en-US')} logs missed`);
  else if (info.downMs !== undefined) parts.push('logs published meanwhile were missed');
  return `── ${parts.join(', ')} ──`;
}
