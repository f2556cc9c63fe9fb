import { compileFilter } from '../../query/filter.js';
import type { FilterFields, LogView } from '../../query/log-view.js';
import { SlicedTask } from './sliced-task.js';

/**
 * Looks for the next shown row matching a search pattern, strictly older/newer than `fromSeq`
 * (from the newest/oldest end when undefined), in slices, so that a search through millions of
 * rows leaves the engine answering the UI; `found` gets the answer. Returns the task (to cancel
 * it), or undefined when the pattern is invalid or empty (`found` has been told already).
 */
export function searchShown(
  shown: LogView,
  read: (seq: number) => FilterFields | undefined,
  pattern: string,
  fromSeq: number | undefined,
  direction: 'older' | 'newer',
  found: (seq: number | undefined) => void,
): SlicedTask | undefined {
  const compiled = compileFilter(pattern, { ignoreCase: pattern === pattern.toLowerCase() });
  if (!compiled.ok || compiled.predicate === undefined) {
    found(undefined);
    return undefined;
  }
  const predicate = compiled.predicate;
  const step = direction === 'older' ? 1 : -1;
  let i: number;
  if (fromSeq === undefined) i = direction === 'older' ? 0 : shown.size - 1;
  else {
    // indexAtOrBefore gives the row at or older than fromSeq: skip it when it is fromSeq itself.
    const at = shown.indexAtOrBefore(fromSeq);
    if (direction === 'older') i = shown.seqAt(at) === fromSeq ? at + 1 : Math.max(at, 0);
    else i = at < 0 ? shown.size - 1 : at - 1;
  }
  let answer: number | undefined;
  return new SlicedTask(
    (deadline) => {
      for (let n = 1; i >= 0 && i < shown.size; i += step, n++) {
        const seq = shown.seqAt(i) as number;
        const fields = read(seq);
        if (fields !== undefined && predicate(fields)) {
          answer = seq;
          return 'done';
        }
        if ((n & 127) === 0 && performance.now() > deadline) return 'more';
      }
      return 'done';
    },
    () => found(answer),
  );
}
