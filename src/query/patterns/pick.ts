import { learntCount, type Cluster } from './cluster.js';

/** Where a message goes; `aligned`: its tokens do not line up with the cluster's one by one. */
export interface Found {
  cluster: Cluster;
  aligned: boolean;
}

/** How a message fits: `(cluster tokens, message tokens, threshold)` → score, or -1. */
export type Fit = (tokens: readonly string[], masked: readonly string[], threshold: number) => number;

/** A candidate cluster and how well the message fits it. */
export interface Picked {
  cluster: Cluster;
  score: number;
  learnt: number;
}

/** The better of two candidates: higher score, then more learnt variables (as Drain prefers). */
export function better(a: Picked | undefined, b: Picked | undefined): Picked | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.score > a.score || (b.score === a.score && b.learnt > a.learnt) ? b : a;
}

/** The best fit in a bucket, most learnt variables first among equals (as Drain does). */
export function pick(
  list: readonly Cluster[] | undefined,
  masked: readonly string[],
  threshold: number,
  fit: Fit,
): Picked | undefined {
  if (list === undefined) return undefined;
  let best: Picked | undefined;
  for (const c of list) {
    const score = fit(c.tokens, masked, threshold);
    if (score < 0 || (best !== undefined && score < best.score)) continue;
    best = better(best, { cluster: c, score, learnt: learntCount(c.tokens) });
  }
  return best;
}
