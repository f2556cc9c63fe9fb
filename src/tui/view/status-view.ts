import type { LoadProgress } from '../../services/collector/engine-protocol.js';
import type { Model } from '../state/model.js';
import type { Rect } from './layout.js';
import { formatCount, formatRate } from './format.js';
import { loadStatusText } from './load-status.js';
import { sanitizeForDisplay } from './sanitize.js';
import type { Screen } from './screen.js';
import type { Style } from './style.js';
import type { Theme } from './theme.js';

const HINTS: Record<Model['mode'], string> = {
  normal: 'i filter · / search · j/k select · Enter detail · c copy · ? help · q quit',
  editing: 'Enter apply · Esc cancel · ↑/↓ history · Ctrl-w word · Ctrl-u clear',
  search: 'Enter search · Esc cancel · ↑/↓ history',
  detail: 'j/k scroll · c copy · y JSON · Esc/q close · ? keys',
  help: 'j/k PageUp/PageDown scroll · Esc close',
  results: "j/k select · Enter row's logs · Esc/q back · i edit · ? keys",
  export: 'Enter save (.jsonl .csv or text; end with ! to overwrite) · Esc cancel · ↑/↓ history',
  patterns: 'j/k select · Enter its logs · s sort · Esc/q back · ? keys',
  histogram: 'h/l select · Enter its logs · T UTC · Esc/q close · ? keys',
  time: 'Enter jump · Esc cancel · ↑/↓ history',
};

/**
 * The status line: connection, throughput, buffer, then a notice or the key hints. `files`:
 * the rows are files' (`view FILE...`), held whole: their count and any loading progress
 * replace the buffer's fill.
 */
export function drawStatus(
  screen: Screen,
  r: Rect,
  model: Model,
  buffered: number,
  capacity: number,
  now: number,
  theme: Theme,
  files?: { progress: LoadProgress | undefined },
): void {
  const { status, label } = model.source;
  let connStyle: Style = theme.ok;
  let conn = `● ${label}`;
  if (status.state !== 'ready') {
    connStyle = status.state === 'closed' ? theme.error : theme.warn;
    const secs = Math.max(0, Math.floor((now - status.since) / 1000));
    conn = `○ ${label} ${status.state}${secs > 0 ? ` ${secs}s` : ''}${status.error !== undefined ? `: ${sanitizeForDisplay(status.error)}` : ''}`;
  }
  const end = r.x + r.w;
  let x = screen.text(r.x, r.y, conn, connStyle, r.w);
  const rates = model.rates;
  const parts = [
    `${formatRate(rates.logsPerSecond)} logs/s`,
    files !== undefined
      ? loadStatusText(buffered, files.progress)
      : `${formatCount(buffered)}/${formatCount(capacity)} buffered`,
  ];
  if (rates.evicted > 0) parts.push(`${formatCount(rates.evicted)} rotated out`);
  if (rates.truncated > 0) parts.push(`${formatCount(rates.truncated)} truncated`);
  if (rates.plain > 0) parts.push(`${formatCount(rates.plain)} non-JSON`);
  x = screen.text(x, r.y, ` │ ${parts.join(' · ')}`, theme.dim, end - x);
  const dropped = rates.dropped ?? 0;
  if (rates.missed > 0 || rates.disconnects > 0 || model.statsRejected > 0 || dropped > 0) {
    const lost = [
      dropped > 0 ? `${formatCount(dropped)} dropped` : '',
      rates.missed > 0 ? `${formatCount(rates.missed)} missed` : '',
      rates.disconnects > 0 ? `${formatCount(rates.disconnects)} disconnect${rates.disconnects === 1 ? '' : 's'}` : '',
      model.statsRejected > 0 ? `${formatCount(model.statsRejected)} stats refused` : '',
    ].filter((p) => p !== '');
    x = screen.text(x, r.y, ` · ${lost.join(' · ')}`, theme.warn, end - x);
  }
  x = screen.text(x, r.y, ' │ ', theme.dim, end - x);
  if (model.notice !== undefined) {
    screen.text(
      x,
      r.y,
      sanitizeForDisplay(model.notice.text),
      model.notice.kind === 'error' ? theme.error : theme.ok,
      end - x,
    );
  } else {
    screen.text(x, r.y, HINTS[model.mode], theme.dim, end - x);
  }
}
