import {
  absorb,
  alignedSimilarity,
  mergeInto,
  newCluster,
  similarity,
  templateText,
  touch,
  type Cluster,
} from './cluster.js';
import { better, pick, type Found, type Picked } from './pick.js';
import { tokenise, WILD } from './tokenise.js';

// Design: a Drain-like fixed-depth tree (first token, then length), chosen because it is
// online, needs no training pass, and a repeat of a known message shape costs one Map lookup
// (every exact masked token sequence is cached). What lets it work without per-source rules:
// - masking inside tokens keeps their constant skeleton ("blk_<*>", "uid=<*>"), and numbers
//   with units, quoted strings and runs of alike masked tokens become one token, so durations,
//   timestamps and lists keep a template's length (a key of the tree);
// - similarity ignores positions where both sides hold a masked value, and lets one word differ
//   from three words up, so a short message with one variable word still finds its template
//   (of two words, the second is the event: "startAnimation begin" and "startAnimation end");
// - a word differing in capitals (GET/POST, RUNNING/FAILED, Started/Stopped) never does: those
//   are names a program chose, i.e. different events;
// - failing a perfect fit, a message may align with a template of another length when only
//   lone masked values are missing on either side (an optional "(1.2 KB)");
// - a message is also tried against the clusters whose first token is masked.

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
// Bounds the exact-sequence cache (entries, and characters of their keys); it starts over when
// full, which costs one search per message shape seen again.
const MAX_CACHED = 100_000;
const MAX_CACHED_CHARS = 8_000_000;
// Most clusters kept under one length and first token (Drain bounds its tree's width likewise).
const MAX_BUCKET = 100;
// A message may be this many lone masked values longer or shorter than its pattern.
const MAX_LENGTH_SLACK = 3;
// Under the cap, a new pattern may fold into one this similar rather than evict another.
const CAP_MERGE_SIMILARITY = 0.3;

/** A streaming log template miner: see docs/patterns.md. */
export class PatternMiner {
  private readonly maxPatterns: number;
  private readonly threshold: number;
  /** First token (or WILD) → token count → clusters: the tree's two fixed levels. */
  private readonly buckets = new Map<string, Map<number, Cluster[]>>();
  private readonly byId = new Map<string, Cluster>();
  private cache = new Map<string, Found>();
  private cacheChars = 0;
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
    const text = asText(message);
    const time = Number.isFinite(timeMs) ? timeMs : 0;
    const { masked, raw } = tokenise(text);
    const key = masked.join('\u0001');
    const tick = ++this.tick;
    let found = this.cached(key) ?? this.best(masked);
    if (found === undefined) {
      let c = newCluster((this.nextId++).toString(36), firstKey(masked), masked, raw, time, tick);
      this.file(c);
      this.bound(c);
      if (this.byId.size > this.maxPatterns) c = this.shrink(c);
      found = { cluster: c, aligned: c.tokens.length !== masked.length };
    } else if (found.aligned) {
      touch(found.cluster, time, tick);
    } else {
      absorb(found.cluster, masked, raw, time, tick);
    }
    if (this.cache.size >= MAX_CACHED || this.cacheChars >= MAX_CACHED_CHARS) this.forget();
    if (!this.cache.has(key)) this.cacheChars += key.length;
    this.cache.set(key, found);
    return { id: found.cluster.id, template: templateText(found.cluster) };
  }

  /** The pattern a message would be filed under, without learning anything; undefined if none fits. */
  match(message: string): PatternMatch | undefined {
    const { masked } = tokenise(asText(message));
    const c = (this.cached(masked.join('\u0001')) ?? this.best(masked))?.cluster;
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
    return c === undefined
      ? undefined
      : { id: c.id, template: templateText(c), count: c.count, firstSeen: c.firstSeen, lastSeen: c.lastSeen };
  }

  /** How many patterns are kept, and how many the cap merged away or evicted. */
  stats(): PatternStats {
    return { patterns: this.byId.size, merged: this.merged, evicted: this.evicted };
  }

  private forget(): void {
    this.cache = new Map();
    this.cacheChars = 0;
  }

  private cached(key: string): Found | undefined {
    const hit = this.cache.get(key);
    if (hit === undefined) return undefined;
    let c: Cluster | undefined = hit.cluster;
    while (c !== undefined && !c.alive) c = c.into;
    if (c === undefined) return undefined;
    // A cluster merged into another one of the same length still lines up position by position.
    return c === hit.cluster
      ? hit
      : { cluster: c, aligned: hit.aligned || c.tokens.length !== hit.cluster.tokens.length };
  }

  /**
   * The cluster a message belongs to: the most similar one of its length under its first token
   * (or a masked first token); failing a perfect fit, one under its own first token it aligns
   * with once lone values may be absent on either side, if that fits better. `aligned` says the
   * message's tokens do not line up with the cluster's position by position.
   */
  private best(masked: readonly string[]): Found | undefined {
    const n = masked.length;
    const first = firstKey(masked);
    const own = this.buckets.get(first);
    let found = pick(own?.get(n), masked, this.threshold, similarity);
    if (first !== WILD) found = better(found, pick(this.buckets.get(WILD)?.get(n), masked, this.threshold, similarity));
    if ((found !== undefined && found.score === 1) || own === undefined)
      return found && { cluster: found.cluster, aligned: false };
    let aligned: Picked | undefined;
    for (let len = Math.max(1, n - MAX_LENGTH_SLACK); len <= n + MAX_LENGTH_SLACK; len++) {
      aligned = better(aligned, pick(own.get(len), masked, this.threshold, alignedSimilarity));
    }
    if (aligned !== undefined && (found === undefined || aligned.score > found.score))
      return { cluster: aligned.cluster, aligned: true };
    return found && { cluster: found.cluster, aligned: false };
  }

  private file(c: Cluster): void {
    let byLength = this.buckets.get(c.first);
    if (byLength === undefined) this.buckets.set(c.first, (byLength = new Map<number, Cluster[]>()));
    const list = byLength.get(c.tokens.length);
    if (list === undefined) byLength.set(c.tokens.length, [c]);
    else list.push(c);
    this.byId.set(c.id, c);
  }

  private unfile(c: Cluster): void {
    const byLength = this.buckets.get(c.first);
    const list = byLength?.get(c.tokens.length);
    if (byLength !== undefined && list !== undefined) {
      const at = list.indexOf(c);
      if (at !== -1) list.splice(at, 1);
      if (list.length === 0) byLength.delete(c.tokens.length);
      if (byLength.size === 0) this.buckets.delete(c.first);
    }
    this.byId.delete(c.id);
  }

  /**
   * Keeps a bucket (one length, one first token) at MAX_BUCKET clusters by evicting its least
   * recently used one: every message that misses the cache is compared with a whole bucket, so
   * a stream of unrelated messages sharing a first word must not make that cost grow unbounded.
   */
  private bound(fresh: Cluster): void {
    const list = this.buckets.get(fresh.first)?.get(fresh.tokens.length);
    if (list === undefined || list.length <= MAX_BUCKET) return;
    let oldest: Cluster | undefined;
    for (const c of list) if (c !== fresh && (oldest === undefined || c.tick < oldest.tick)) oldest = c;
    if (oldest === undefined) return;
    this.unfile(oldest);
    oldest.alive = false;
    this.evicted++;
  }

  /**
   * Back under the cap after `fresh` was added: fold it into the most similar cluster of its
   * bucket if one is close enough, else evict the least recently used tenth of all clusters
   * (evicting in batches keeps the cost of finding them amortised).
   */
  private shrink(fresh: Cluster): Cluster {
    const others = (this.buckets.get(fresh.first)?.get(fresh.tokens.length) ?? []).filter((c) => c !== fresh);
    const target = pick(others, fresh.tokens, CAP_MERGE_SIMILARITY, similarity)?.cluster;
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
    this.forget();
    return fresh;
  }
}

/** The text of a message; whatever a caller without types passes, never an exception. */
function asText(message: unknown): string {
  if (typeof message === 'string') return message;
  try {
    return String(message);
  } catch {
    return '';
  }
}

function firstKey(masked: readonly string[]): string {
  const first = masked[0] ?? '';
  return first.includes(WILD) ? WILD : first;
}
