import type { WindowStats } from '../../protocol/stats.js';
import { HISTORY_LENGTH, WINDOW_LENGTHS, type ChartPoint, type Model, type WindowLength } from './model.js';

/**
 * Keeps the latest window of each length and, for the charts, a point per window: only the
 * numbers they plot, so that a long history stays small.
 */
export function addStats(model: Model, windows: readonly WindowStats[]): Model {
  if (windows.length === 0) return model;
  const stats = { ...model.stats };
  const history = { ...model.history };
  for (const w of windows) {
    // Other analyzers' windows may be slightly off (1.001 s): file each under the nearest length.
    const len = nearestLength(w.window_seconds);
    stats[len] = w;
    const list = [...(history[len] ?? []), chartPoint(w)];
    history[len] = list.length > HISTORY_LENGTH ? list.slice(-HISTORY_LENGTH) : list;
  }
  return { ...model, stats, history };
}

/** What the charts keep of a window. */
export function chartPoint(w: WindowStats): ChartPoint {
  return { start: Date.parse(w.window_start), total: w.total_count, errorRate: w.error_rate };
}

function nearestLength(seconds: number): WindowLength {
  let best: WindowLength = WINDOW_LENGTHS[0];
  for (const l of WINDOW_LENGTHS) if (Math.abs(Math.log(seconds / l)) < Math.abs(Math.log(seconds / best))) best = l;
  return best;
}
