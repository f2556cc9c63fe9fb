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
