import type { SnapshotView } from '../../services/collector/snapshot-view.js';
import type { Model } from '../state/model.js';
import { drawFilter } from './filter-view.js';
import { computeLayout } from './layout.js';
import { drawLogList } from './log-list-view.js';
import type { Screen } from './screen.js';
import { drawStats } from './stats-view.js';
import { drawStatus } from './status-view.js';
import type { Theme } from './theme.js';

/** Draws the whole collector screen for a model: a pure function of its inputs. */
export function drawApp(screen: Screen, model: Model, view: SnapshotView, theme: Theme, now: number): void {
  screen.clear();
  const layout = computeLayout(screen.width, screen.height);
  const snap = view.snapshot;
  drawFilter(screen, layout.filter, model, snap.size, snap.total, theme);
  drawLogList(screen, layout.list, model, view, theme);
  if (layout.stats !== undefined) drawStats(screen, layout.stats, model, theme);
  drawStatus(screen, layout.status, model, snap.total, snap.capacity, now, theme);
}
