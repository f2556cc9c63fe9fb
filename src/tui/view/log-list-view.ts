import type { RowData } from '../../services/collector/engine-protocol.js';
import type { SnapshotView } from '../../services/collector/snapshot-view.js';
import type { Model } from '../state/model.js';
import { selectedIndex, topIndex } from '../state/update.js';
import type { Rect } from './layout.js';
import { formatClock, formatCount } from './format.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import { truncate } from './text-width.js';
import type { Theme } from './theme.js';

const LEVEL_LABEL = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR', fatal: 'FATAL' } as const;
const SERVICE_WIDTH = 20;

/** The log list, newest first: one line per log, the selection highlighted. */
export function drawLogList(screen: Screen, r: Rect, model: Model, view: SnapshotView, theme: Theme): void {
  const following = model.top === undefined;
  const state = following ? 'following' : 'paused';
  const title = ` Logs · ${formatCount(view.size)} shown · ${state} `;
  screen.box(r.x, r.y, r.w, r.h, { title, style: theme.border, titleStyle: theme.title });
  const rows = r.h - 2;
  if (rows <= 0 || r.w <= 2) return;
  if (view.size === 0) {
    const hint = view.snapshot.total === 0 ? 'waiting for logs…' : 'no log matches the filter';
    screen.text(r.x + 2, r.y + 1, hint, theme.dim, r.w - 4);
    return;
  }
  const top = topIndex(model, view);
  // The service column shrinks on narrow terminals so messages keep most of the row.
  const serviceWidth = Math.max(8, Math.min(SERVICE_WIDTH, Math.floor((r.w - 2) * 0.2)));
  const sel = selectedIndex(model, view);
  for (let row = 0; row < rows; row++) {
    const log = view.row(top + row);
    if (log === undefined) break;
    if (log.gap !== undefined) screen.text(r.x + 1, r.y + 1 + row, `${formatClock(log.time)} ${sanitizeForDisplay(log.message)}`, theme.gap, r.w - 2);
    else drawRow(screen, r.x + 1, r.y + 1 + row, r.w - 2, serviceWidth, log, theme);
    if (top + row === sel) screen.setStyle(r.x + 1, r.y + 1 + row, r.w - 2, theme.selected);
  }
}

function drawRow(screen: Screen, x0: number, y: number, width: number, serviceWidth: number, log: RowData, theme: Theme): void {
  const end = x0 + width;
  let x = screen.text(x0, y, formatClock(log.time), theme.dim, width);
  x = screen.text(x + 1, y, LEVEL_LABEL[log.level], theme.level[log.level], end - x - 1);
  const service = truncate(sanitizeForDisplay(log.service), serviceWidth);
  screen.text(x + 1, y, service, theme.serviceColor(log.service), Math.min(serviceWidth, end - x - 1));
  x = x + 1 + serviceWidth + 1;
  if (x < end) screen.text(x, y, sanitizeForDisplay(log.message), undefined, end - x);
}
