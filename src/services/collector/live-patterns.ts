import { PatternMiner, type PatternInfo, type PatternStats } from '../../query/patterns/index.js';
import { patternText, type PatternMinerLike } from '../../query/pipeline/patterns-stage.js';

/** Buckets of a pattern's trend, oldest first, and how long each is: the last five minutes. */
export const TREND_BUCKETS = 30;
export const TREND_BUCKET_MS = 10_000;

/** One row of the patterns view. */
export interface PatternRow {
  id: string;
  template: string;
  count: number;
  /** When its first and last log arrived (the engine's clock). */
  firstSeen: number;
  lastSeen: number;
  /** Logs per TREND_BUCKET_MS, the last TREND_BUCKETS buckets up to the snapshot's `at`, oldest first. */
  trend: number[];
}

/** The patterns view's data, as the engine sends it. */
export interface PatternsSnapshot {
  /** Grows with every log mined. */
  version: number;
  /** The engine's clock when it was cut: what "first seen a minute ago" is measured from. */
  at: number;
  /** When mining started (the buffer's logs were mined then). */
  since: number;
  /** Logs mined. */
  total: number;
  /** Every pattern kept, most frequent first. */
  rows: PatternRow[];
  /** What the miner's cap did so far. */
  stats: PatternStats;
  maxPatterns: number;
}

/** A pattern's trend: a ring of bucket counts, and the absolute bucket its newest slot is. */
interface Trend {
  counts: Uint32Array;
  newest: number;
}

/** Most patterns the collector's miner keeps. */
export const MAX_LIVE_PATTERNS = 5_000;

/**
 * The collector's patterns: one miner for the session (so pattern ids stay the same, and a
 * `pattern:ID` filter keeps meaning the same logs), fed the first line of every log's message,
 * with a per-pattern count over the last minutes for the trend column. Pure: times are passed in.
 */
export class LivePatterns {
  private readonly miner: PatternMiner;
  private readonly trends = new Map<string, Trend>();
  private mined = 0;
  // `add` then the filter's `idOf` for the same log: remembered so it is tokenised once.
  private lastText: string | undefined;
  private lastId: string | undefined;

  constructor(
    readonly since: number,
    readonly maxPatterns = MAX_LIVE_PATTERNS,
  ) {
    this.miner = new PatternMiner({ maxPatterns });
  }

  /** Grows with every log mined. */
  get version(): number {
    return this.mined;
  }

  /** Files a log's message under its pattern at `timeMs`; returns the pattern's id. */
  add(message: string, timeMs: number): string {
    const text = patternText(message);
    const id = this.miner.add(text, timeMs).id;
    this.mined++;
    this.lastText = text;
    this.lastId = id;
    this.count(id, timeMs);
    return id;
  }

  /** The id of the pattern a message belongs to, learning nothing; undefined when none fits. */
  idOf(message: string): string | undefined {
    const text = patternText(message);
    if (text === this.lastText) return this.lastId;
    return this.miner.match(text)?.id;
  }

  /**
   * A miner for a query's `| patterns` stage that files messages as this one did (every log was
   * mined here first), so the ids of the results pane are the view's and `pattern:ID`'s. It
   * counts only the logs the stage is fed, which this miner has already counted.
   */
  stageMiner(): PatternMinerLike {
    const seen = new Map<string, PatternInfo>();
    return {
      add: (message, timeMs) => {
        // A pattern evicted under the cap since: filed anew (one log counted twice here).
        const id = this.idOf(message) ?? this.add(message, timeMs);
        const template = this.miner.get(id)?.template ?? patternText(message);
        const p = seen.get(id);
        if (p === undefined) seen.set(id, { id, template, count: 1, firstSeen: timeMs, lastSeen: timeMs });
        else {
          p.count++;
          p.template = template;
          if (timeMs < p.firstSeen) p.firstSeen = timeMs;
          if (timeMs > p.lastSeen) p.lastSeen = timeMs;
        }
        return { id, template };
      },
      // Templates widen as the session's miner learns: each pattern shows its latest.
      patterns: () =>
        [...seen.values()]
          .map((p) => ({ ...p, template: this.miner.get(p.id)?.template ?? p.template }))
          .sort((a, b) => b.count - a.count),
    };
  }

  /** Every pattern kept with its trend up to `now`. */
  snapshot(now: number): PatternsSnapshot {
    const last = bucketOf(now);
    const rows: PatternRow[] = [];
    const kept = new Set<string>();
    for (const p of this.miner.patterns()) {
      kept.add(p.id);
      rows.push({ ...p, trend: trendValues(this.trends.get(p.id), last) });
    }
    // Patterns the cap evicted (or folded into another) leave their trends behind.
    if (this.trends.size > kept.size) for (const id of this.trends.keys()) if (!kept.has(id)) this.trends.delete(id);
    return {
      version: this.mined,
      at: now,
      since: this.since,
      total: this.mined,
      rows,
      stats: this.miner.stats(),
      maxPatterns: this.maxPatterns,
    };
  }

  private count(id: string, timeMs: number): void {
    const b = bucketOf(timeMs);
    let t = this.trends.get(id);
    if (t === undefined) this.trends.set(id, (t = { counts: new Uint32Array(TREND_BUCKETS), newest: b }));
    if (b > t.newest) {
      // Buckets skipped since the newest one counted nothing: clear their slots.
      for (let k = t.newest + 1; k <= b && k <= t.newest + TREND_BUCKETS; k++) t.counts[slot(k)] = 0;
      t.newest = b;
    }
    // Older than the ring reaches (a log of the buffer mined late): out of the trend.
    if (b <= t.newest - TREND_BUCKETS) return;
    const at = slot(b);
    t.counts[at] = (t.counts[at] ?? 0) + 1;
  }
}

function bucketOf(ms: number): number {
  return Number.isFinite(ms) ? Math.floor(ms / TREND_BUCKET_MS) : 0;
}

function slot(bucket: number): number {
  return ((bucket % TREND_BUCKETS) + TREND_BUCKETS) % TREND_BUCKETS;
}

/** The counts of buckets `last - TREND_BUCKETS + 1 … last`, oldest first. */
function trendValues(t: Trend | undefined, last: number): number[] {
  const out = new Array<number>(TREND_BUCKETS).fill(0);
  if (t === undefined) return out;
  for (let i = 0; i < TREND_BUCKETS; i++) {
    const b = last - TREND_BUCKETS + 1 + i;
    if (b <= t.newest && b > t.newest - TREND_BUCKETS) out[i] = t.counts[slot(b)] ?? 0;
  }
  return out;
}
