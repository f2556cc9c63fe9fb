/**
 * Grouping accuracy: the share of messages whose predicted group holds exactly the messages of
 * their true group (no more, no fewer). `truth[i]` and `predicted[i]` label message i.
 */
export function groupingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  if (truth.length !== predicted.length) throw new RangeError('one label per message on each side');
  if (truth.length === 0) return 1;
  const trueSize = new Map<string, number>();
  for (const t of truth) trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
  const groups = new Map<string, { truth: string; size: number; pure: boolean }>();
  truth.forEach((t, i) => {
    const p = predicted[i] as string;
    const g = groups.get(p);
    if (g === undefined) groups.set(p, { truth: t, size: 1, pure: true });
    else {
      g.size++;
      if (g.truth !== t) g.pure = false;
    }
  });
  let right = 0;
  for (const g of groups.values()) if (g.pure && trueSize.get(g.truth) === g.size) right += g.size;
  return right / truth.length;
}
