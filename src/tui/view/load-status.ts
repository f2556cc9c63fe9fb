import type { LoadProgress } from '../../services/collector/engine-protocol.js';
import { formatCount, formatRate } from './format.js';

const MIB = 1024 * 1024;

/**
 * What the status line says of `view FILE...`'s rows in place of the buffer's fill: the lines
 * held, and while the files are indexed or a filter scans them, how far it got and how fast
 * (`indexing 42% · 2,950,000 lines · 430/1,024 MiB · 1,210,000 lines/s`); a `.gz` file is first
 * inflated (`inflating · 310 MiB · 95 MiB/s`).
 */
export function loadStatusText(total: number, progress: LoadProgress | undefined): string {
  if (progress === undefined) return `${formatCount(total)} lines`;
  if (progress.task === 'inflating')
    return `inflating · ${formatCount(progress.bytesDone / MIB)} MiB · ${formatRate(progress.rate / MIB)} MiB/s`;
  const pct = progress.fraction === undefined ? '' : ` ${Math.floor(progress.fraction * 100)}%`;
  const rate = `${formatRate(progress.rate)} lines/s`;
  if (progress.task === 'filtering')
    return `filtering${pct} · ${formatCount(progress.rows)}/${formatCount(total)} lines · ${rate}`;
  const bytes =
    progress.bytesTotal > 0
      ? ` · ${formatCount(progress.bytesDone / MIB)}/${formatCount(progress.bytesTotal / MIB)} MiB`
      : '';
  return `indexing${pct} · ${formatCount(progress.rows)} lines${bytes} · ${rate}`;
}
