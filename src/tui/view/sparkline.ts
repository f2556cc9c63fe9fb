const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One block character per value, scaled to the maximum (an empty series gives ''); NaN counts as 0. */
export function sparkline(values: readonly number[], width: number): string {
  if (!(width >= 1)) return '';
  const tail = values.slice(-Math.floor(width)).map((v) => (Number.isNaN(v) ? 0 : Math.min(v, Number.MAX_VALUE)));
  const max = Math.max(0, ...tail);
  let out = '';
  for (const v of tail) {
    if (max <= 0 || v <= 0) out += v > 0 ? BLOCKS[0] : ' ';
    else out += BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((v / max) * (BLOCKS.length - 1) + 0.5))];
  }
  return out;
}

/** A horizontal bar of `width` cells filled in proportion to value/max. */
export function bar(value: number, max: number, width: number): string {
  if (width <= 0) return '';
  const cells = max > 0 ? Math.round((value / max) * width) : 0;
  return '█'.repeat(Math.min(width, Math.max(value > 0 ? 1 : 0, cells)));
}

/**
 * A chart `height` rows tall of the last `width` values, one column each, top row first; the
 * top of each column in eighths of a cell. Any value > 0 shows at least an eighth; NaN counts as 0.
 */
export function chartRows(values: readonly number[], width: number, height: number): string[] {
  const rows = Math.max(0, Math.floor(height));
  if (!(width >= 1) || rows === 0) return [];
  if (rows === 1) return [sparkline(values, width)];
  const tail = values.slice(-Math.floor(width)).map((v) => (Number.isNaN(v) ? 0 : Math.min(v, Number.MAX_VALUE)));
  const max = Math.max(0, ...tail);
  const eighths = tail.map((v) => (max <= 0 || v <= 0 ? 0 : Math.max(1, Math.round((v / max) * rows * 8))));
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const floor = (rows - 1 - r) * 8;
    let line = '';
    for (const e of eighths) {
      const level = e - floor;
      line += level <= 0 ? ' ' : level >= 8 ? '█' : BLOCKS[level - 1];
    }
    out.push(line);
  }
  return out;
}

/** A span of time in its two largest units, a zero second one left out: `45s`, `2m54s`, `5m`, `1h05m`, `3d4h`. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  const two = (big: number, bigUnit: string, small: number, smallUnit: string, pad: boolean): string =>
    small === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${pad ? String(small).padStart(2, '0') : small}${smallUnit}`;
  if (s < 60) return `${s}s`;
  if (s < 3600) return two(Math.floor(s / 60), 'm', s % 60, 's', true);
  if (s < 86_400) return two(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'm', true);
  return two(Math.floor(s / 86_400), 'd', Math.floor((s % 86_400) / 3600), 'h', false);
}
