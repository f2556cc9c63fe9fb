import type { LoadProgress } from './engine-protocol.js';
import type { StoreProgress } from './file-store.js';

/** Since when each stage of `view FILE...` has run (performance.now() times), for its rate. */
export interface ProgressClock {
  openedAt: number;
  /** When indexing began, after any `.gz` file was inflated. */
  indexedFrom: number;
  now: number;
}

/**
 * What the status line shows of `view FILE...`'s work in progress: inflating `.gz` files,
 * indexing, then a filter's scan (`scan`: rows tested, since when); undefined when idle.
 */
export function loadProgress(
  load: StoreProgress,
  scan: { tested: number; startedAt: number } | undefined,
  total: number,
  clock: ProgressClock,
): LoadProgress | undefined {
  const seconds = (from: number): number => Math.max(0.001, (clock.now - from) / 1000);
  if (load.inflating !== undefined) {
    const bytes = load.inflating;
    const rate = bytes / seconds(clock.openedAt);
    return { task: 'inflating', rows: 0, rate, bytesDone: bytes, bytesTotal: 0, fraction: undefined };
  }
  if (!load.done) {
    return {
      task: 'indexing',
      rows: load.rows,
      rate: load.rows / seconds(clock.indexedFrom),
      bytesDone: load.bytesDone,
      bytesTotal: load.bytesTotal,
      fraction: load.bytesTotal > 0 ? load.bytesDone / load.bytesTotal : undefined,
    };
  }
  if (scan === undefined) return undefined;
  return {
    task: 'filtering',
    rows: scan.tested,
    rate: scan.tested / seconds(scan.startedAt),
    bytesDone: 0,
    bytesTotal: 0,
    fraction: total > 0 ? Math.min(1, scan.tested / total) : undefined,
  };
}
