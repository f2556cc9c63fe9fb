import type { SnapshotView } from '../state/snapshot-view.js';
import type { Binding } from '../keys/bindings.js';
import type { Model } from '../state/model.js';
import { drawDetail } from './detail-view.js';
import { drawFileStats } from './file-stats-view.js';
import { drawFilter } from './filter-view.js';
import { drawHelp, helpBindings } from './help-view.js';
import { drawHistogram } from './histogram-view.js';
import { computeLayout, overlayRect } from './layout.js';
import { drawLogList } from './log-list-view.js';
import { drawPatterns } from './patterns-view.js';
import { drawResults } from './results-view.js';
import type { Screen } from './screen.js';
import { drawStats } from './stats-view.js';
import { drawStatus } from './status-view.js';
import type { Theme } from './theme.js';

/** Draws the whole collector screen for a model: a pure function of its inputs. */
export function drawApp(
  screen: Screen,
  model: Model,
  view: SnapshotView,
  theme: Theme,
  now: number,
  bindings: readonly Binding[],
): void {
  screen.clear();
  const layout = computeLayout(screen.width, screen.height, model.statsPane);
  const snap = view.snapshot;
  drawFilter(screen, layout.filter, model, snap.size, snap.total, theme);
  drawLogList(screen, layout.list, model, view, theme);
  const files = snap.sources !== undefined ? { progress: snap.progress } : undefined;
  if (layout.stats !== undefined) (files !== undefined ? drawFileStats : drawStats)(screen, layout.stats, model, theme);
  drawStatus(screen, layout.status, model, snap.total, snap.capacity, now, theme, files);
  const body = overlayRect(screen.width, screen.height);
  if (model.results !== undefined && model.mode !== 'help') drawResults(screen, body, model.results, theme);
  if (model.mode === 'patterns' && model.patterns !== undefined) drawPatterns(screen, body, model.patterns, theme);
  if (model.mode === 'detail' && model.detail !== undefined) drawDetail(screen, body, model.detail, theme);
  if (model.mode === 'histogram') drawHistogram(screen, body, model.histogram, model.utc, theme);
  if (model.mode === 'help') drawHelp(screen, body, helpBindings(bindings, model), theme, model.help);
}
