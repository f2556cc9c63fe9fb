import type { LogView } from '../../query/log-view.js';

/**
 * The first of the ascending `marks` strictly older (`older`) or newer than `fromSeq` that the
 * view shows: marks hidden by the filter or gone from the buffer are skipped. From the newest
 * (older) or oldest (newer) end when `fromSeq` is undefined.
 */
export function nextShownMark(
  view: LogView,
  marks: readonly number[],
  fromSeq: number | undefined,
  direction: 'older' | 'newer',
): number | undefined {
  let lo = 0;
  let hi = marks.length;
  if (fromSeq !== undefined) {
    // The first mark above fromSeq (when going newer) or at or above it (going older).
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = marks[mid] as number;
      if (direction === 'newer' ? m <= fromSeq : m < fromSeq) lo = mid + 1;
      else hi = mid;
    }
  }
  const start =
    fromSeq === undefined ? (direction === 'older' ? marks.length - 1 : 0) : direction === 'older' ? lo - 1 : lo;
  const step = direction === 'older' ? -1 : 1;
  for (let i = start; i >= 0 && i < marks.length; i += step) {
    const seq = marks[i];
    if (seq !== undefined && view.indexOf(seq) >= 0) return seq;
  }
  return undefined;
}
