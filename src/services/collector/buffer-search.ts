import { compileFilter } from '../../query/filter.js';
import type { FilterFields } from '../../query/log-view.js';
import type { LogBuffer } from './log-buffer.js';

/**
 * The next log of the buffer matching a search pattern (case-insensitive when it is all lower
 * case), strictly older/newer than `fromSeq` (or from the newest/oldest end when undefined),
 * among the logs the filter shows; gap markers are never found.
 */
export function searchBuffer<G>(
  buffer: LogBuffer<G>,
  pattern: string,
  fromSeq: number | undefined,
  direction: 'older' | 'newer',
): number | undefined {
  const compiled = compileFilter(pattern, { ignoreCase: pattern === pattern.toLowerCase() });
  if (!compiled.ok || compiled.predicate === undefined) return undefined;
  const step = direction === 'older' ? 1 : -1;
  let i: number;
  if (fromSeq === undefined) i = direction === 'older' ? 0 : buffer.size - 1;
  else {
    const at = buffer.indexAtOrBefore(fromSeq);
    // indexAtOrBefore gives the row at or older than fromSeq: skip it when it is fromSeq itself.
    i =
      direction === 'older'
        ? buffer.seqAt(at) === fromSeq
          ? at + 1
          : Math.max(at, 0)
        : at < 0
          ? buffer.size - 1
          : at - 1;
  }
  const subject: FilterFields = { level: 'info', service: '', message: '' };
  for (; i >= 0 && i < buffer.size; i += step) {
    const seq = buffer.seqAt(i);
    if (seq !== undefined && !buffer.isGap(seq) && compiled.predicate(buffer.fill(seq, subject))) return seq;
  }
  return undefined;
}
