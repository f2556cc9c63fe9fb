/** A rectangle of screen cells. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where each pane goes; `stats` is absent on terminals too small for it. */
export interface Layout {
  filter: Rect;
  list: Rect;
  stats: Rect | undefined;
  status: Rect;
}

const FILTER_HEIGHT = 3;
const STATUS_HEIGHT = 1;
const SIDE_STATS_MIN_COLS = 100;
const SIDE_STATS_WIDTH = 38;
const BOTTOM_STATS_MIN_ROWS = 24;
const BOTTOM_STATS_HEIGHT = 8;

/**
 * RustLogStream's layout: filter box on top, the log list, the statistics pane (to the right on
 * wide terminals, below on tall narrow ones, hidden on small ones), plus a status line.
 */
export function computeLayout(cols: number, rows: number, pane: 'normal' | 'large' | 'hidden' = 'normal'): Layout {
  const w = Math.max(1, cols);
  const h = Math.max(1, rows);
  const filter: Rect = { x: 0, y: 0, w, h: Math.min(FILTER_HEIGHT, h) };
  const status: Rect = { x: 0, y: h - STATUS_HEIGHT, w, h: STATUS_HEIGHT };
  const bodyY = filter.h;
  const bodyH = Math.max(0, h - filter.h - STATUS_HEIGHT);
  if (pane === 'hidden') return { filter, status, list: { x: 0, y: bodyY, w, h: bodyH }, stats: undefined };
  if (pane === 'large') {
    // Enlarged: the statistics take most of the body, the list keeps a few rows.
    const listH = Math.min(bodyH, Math.max(3, Math.floor(bodyH * 0.3)));
    return {
      filter,
      status,
      list: { x: 0, y: bodyY, w, h: listH },
      stats: { x: 0, y: bodyY + listH, w, h: bodyH - listH },
    };
  }
  if (w >= SIDE_STATS_MIN_COLS) {
    const statsW = SIDE_STATS_WIDTH;
    return {
      filter,
      status,
      list: { x: 0, y: bodyY, w: w - statsW, h: bodyH },
      stats: { x: w - statsW, y: bodyY, w: statsW, h: bodyH },
    };
  }
  if (h >= BOTTOM_STATS_MIN_ROWS) {
    const listH = bodyH - BOTTOM_STATS_HEIGHT;
    return {
      filter,
      status,
      list: { x: 0, y: bodyY, w, h: listH },
      stats: { x: 0, y: bodyY + listH, w, h: BOTTOM_STATS_HEIGHT },
    };
  }
  return { filter, status, list: { x: 0, y: bodyY, w, h: bodyH }, stats: undefined };
}

/** Rows of logs the list shows inside its border. */
export function listRows(layout: Layout): number {
  return Math.max(1, layout.list.h - 2);
}

/** Where the overlays (detail, help, panes) go on a screen of `cols` × `rows`: between the filter and the status line. */
export function overlayRect(cols: number, rows: number): Rect {
  const layout = computeLayout(cols, rows);
  return { x: 0, y: layout.filter.h, w: cols, h: Math.max(0, rows - layout.filter.h - layout.status.h) };
}
