import {
  absorb, learntCount, mergeInto, newCluster, similarity, templateText, type Cluster,
} from './cluster.js';
import { tokenise, WILD } from './tokenise.js';

// Design: a Drain-like fixed-depth tree (length, then first token), chosen because it is
// online, needs no training pass and costs one hash lookup for the common case. Three changes
// make it work without per-source configuration:
// - masking happens inside tokens and keeps their constant skeleton ("blk_<*>", "uid=<*>"),
//   so a template word never disappears into a placeholder with the number glued to it;
// - numbers with units, and runs of masked tokens, collapse to one token, so durations,
//   timestamps and lists of any length keep a template's length (the tree's first key);
// - a message whose first token is masked, or that fits nothing under its own first token,
//   is also tried against the clusters whose first token is masked.
// Every exact masked token sequence seen is cached, so a repeat costs one Map lookup.

/** Options of a PatternMiner; all optional. */
export interface PatternMinerOptions {
  /** Most patterns kept at once (default 5,000); past it similar ones merge, then old ones go. */
  maxPatterns?: number;
  /** Share of tokens that must agree for a message to join a pattern (default 0.6). */
  similarity?: number;
}

/** A pattern as reported by `patterns()`. */
export interface PatternInfo {
  id: string;
  template: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** What `add` and `match` return. */
export interface PatternMatch {
  id: string;
  template: string;
}

/** Counters of what the cap did. */
export interface PatternStats {
  patterns: number;
  /** Patterns folded into a similar one to stay under the cap. */
  merged: number;
  /** Patterns dropped (least recently seen) to stay under the cap. */
  evicted: number;
}

const DEFAULT_MAX_PATTERNS = 5_000;
const DEFAULT_SIMILARITY = 0.6;
// Bounds the exact-sequence cache; it is rebuilt from scratch when full.
const MAX_CACHED = 100_000;
// Under the cap, a new pattern may fold into one this similar rather than evict another.
const CAP_MERGE_SIMILARITY = 0.3;

/** A streaming log template miner: see docs/patterns.md. */
export class PatternMiner {
  private readonly maxPatterns: number;
  private readonly threshold: number;
  private readonly buckets = new Map<string, Cluster[]>();
  private readonly byId = new Map<string, Cluster>();
  private cache = new Map<string, Cluster>();
  private nextId = 0;
  private tick = 0;
  private merged = 0;
  private evicted = 0;

  constructor(opts: PatternMinerOptions = {}) {
    const max = opts.maxPatterns ?? DEFAULT_MAX_PATTERNS;
    this.maxPatterns = Number.isFinite(max) && max >= 1 ? Math.floor(max) : DEFAULT_MAX_PATTERNS;
    const sim = opts.similarity ?? DEFAULT_SIMILARITY;
    this.threshold = Number.isFinite(sim) && sim > 0 && sim <= 1 ? sim : DEFAULT_SIMILARITY;
  }

  /** Files a message under its pattern, learning or widening one as needed. */
  add(message: string, timeMs: number): PatternMatch {
    const text = typeof message === 'string' ? message : String(message);
    const time = Number.isFinite(timeMs) ? timeMs : 0;
    const { masked, raw } = tokenise(text);
    const key = masked.join('\u0001');
    const tick = ++this.tick;
    let c = this.cached(key) ?? this.best(masked);
    if (c !== undefined) {
      absorb(c, masked, raw, time, tick);
    } else {
      c = newCluster((this.nextId++).toString(36), bucketKey(masked), masked, raw, time, tick);
      this.file(c);
      if (this.byId.size > this.maxPatterns) c = this.shrink(c);
    }
    if (this.cache.size >= MAX_CACHED) this.cache = new Map();
    this.cache.set(key, c);
    return { id: c.id, template: templateText(c) };
  }

  /** The pattern a message would be filed under, without learning anything; undefined if none fits. */
  match(message: string): PatternMatch | undefined {
    const { masked } = tokenise(typeof message === 'string' ? message : String(message));
    const c = this.cached(masked.join('\u0001')) ?? this.best(masked);
    return c === undefined ? undefined : { id: c.id, template: templateText(c) };
  }

  /** Every pattern kept, most frequent first. */
  patterns(): PatternInfo[] {
    const out: PatternInfo[] = [];
    for (const c of this.byId.values()) {
      out.push({ id: c.id, template: templateText(c), count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen });
    }
    return out.sort((a, b) => b.count - a.count);
  }

  /** The pattern with this id, if it is still kept. */
  get(id: string): PatternInfo | undefined {
    const c = this.byId.get(id);
    return c === undefined ? undefined : { id: c.id, template: templateText(c), count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen };
  }

  /** How many patterns are kept, and how many the cap merged away or evicted. */
  stats(): PatternStats {
    return { patterns: this.byId.size, merged: this.merged, evicted: this.evicted };
  }

  private cached(key: string): Cluster | undefined {
    let c = this.cache.get(key);
    while (c !== undefined && !c.alive) c = c.into;
    return c;
  }

  /** The most similar cluster above the threshold, under the message's first token or a masked one. */
  private best(masked: readonly string[]): Cluster | undefined {
    const own = this.buckets.get(bucketKey(masked));
    let found = pick(own, masked, this.threshold);
    if (found === undefined && masked[0] !== WILD) found = pick(this.buckets.get(wildKey(masked)), masked, this.threshold);
    return found;
  }

  private file(c: Cluster): void {
    const list = this.buckets.get(c.bucket);
    if (list === undefined) this.buckets.set(c.bucket, [c]);
    else list.push(c);
    this.byId.set(c.id, c);
  }

  private unfile(c: Cluster): void {
    const list = this.buckets.get(c.bucket);
    if (list !== undefined) {
      const at = list.indexOf(c);
      if (at !== -1) list.splice(at, 1);
      if (list.length === 0) this.buckets.delete(c.bucket);
    }
    this.byId.delete(c.id);
  }

  /**
   * Back under the cap after `fresh` was added: fold it into the most similar cluster of its
   * bucket if one is close enough, else evict the least recently used tenth of all clusters
   * (evicting in batches keeps the cost of finding them amortised).
   */
  private shrink(fresh: Cluster): Cluster {
    const others = (this.buckets.get(fresh.bucket) ?? []).filter((c) => c !== fresh);
    const target = pick(others, fresh.tokens, CAP_MERGE_SIMILARITY);
    if (target !== undefined) {
      this.unfile(fresh);
      mergeInto(target, fresh);
      this.merged++;
      return target;
    }
    const victims = [...this.byId.values()].filter((c) => c !== fresh).sort((a, b) => a.tick - b.tick);
    const drop = Math.max(1, Math.ceil(this.maxPatterns / 10), this.byId.size - this.maxPatterns);
    for (const c of victims.slice(0, drop)) {
      this.unfile(c);
      c.alive = false;
      this.evicted++;
    }
    this.cache = new Map();
    return fresh;
  }
}

function bucketKey(masked: readonly string[]): string {
  const first = masked[0] ?? '';
  return `${masked.length}\u0001${first.includes(WILD) ? WILD : first}`;
}

function wildKey(masked: readonly string[]): string {
  return `${masked.length}\u0001${WILD}`;
}

function pick(list: readonly Cluster[] | undefined, masked: readonly string[], threshold: number): Cluster | undefined {
  if (list === undefined) return undefined;
  let best: Cluster | undefined;
  let bestSim = -1;
  let bestLearnt = -1;
  for (const c of list) {
    const sim = similarity(c.tokens, masked, threshold);
    if (sim < 0 || sim < bestSim) continue;
    const learnt = learntCount(c.tokens);
    if (sim > bestSim || learnt > bestLearnt) {
      best = c;
      bestSim = sim;
      bestLearnt = learnt;
    }
  }
  return best;
}
