/** Producers tracked at most; the least recently seen are forgotten beyond it. */
export const DEFAULT_MAX_PRODUCERS = 10_000;
/** A producer not seen for this long is forgotten (10 minutes). */
export const DEFAULT_IDLE_MS = 10 * 60_000;

/** Bounds of a `GapTracker`. */
export interface GapTrackerOptions {
  /** Producers tracked at most (default 10,000). */
  maxProducers?: number;
  /** Forget a producer not seen for this long, in ms (default 10 minutes). */
  idleMs?: number;
}

/** What a `GapTracker` has counted so far; the counts only grow (`producers` aside). */
export interface GapTotals {
  /** Logs known to be missing: sequence numbers skipped by a producer. */
  missed: number;
  /** Logs that arrived at or below their producer's highest sequence number (duplicates, reordering). */
  reordered: number;
  /** Times a known producer started over at sequence 0 or 1. */
  restarts: number;
  /** Producers tracked now. */
  producers: number;
  /** Producers forgotten (idle, or beyond `maxProducers`). */
  forgotten: number;
}

interface ProducerState {
  last: number;
  /** When it was last moved to the back of the LRU order. */
  touchedMs: number;
}

/** How stale an entry's LRU position may get before it is refreshed (a Map delete and set). */
const TOUCH_EVERY_MS = 1_000;

/**
 * Exact loss accounting from producer stamps: per producer the highest sequence number seen,
 * and from it the number of logs that never arrived. Pure: the clock is passed in.
 *
 * The first log of a producer reveals no gap (the consumer may have joined mid-stream). A
 * sequence number at or below the highest one seen is a duplicate or arrived out of order: it
 * is counted in `reordered`, never as a negative gap, and gaps already counted stay counted
 * (Pub/Sub does not reorder, so a late arrival is not expected to fill them). A drop back to 0
 * or 1 is the producer starting over. Memory is bounded: at most `maxProducers`, idle ones
 * forgotten after `idleMs`; a forgotten producer that comes back starts afresh.
 */
export class GapTracker {
  private readonly producers = new Map<string, ProducerState>();
  private readonly maxProducers: number;
  private readonly idleMs: number;
  private lastSweepMs = Number.NEGATIVE_INFINITY;
  private readonly totals: GapTotals = { missed: 0, reordered: 0, restarts: 0, producers: 0, forgotten: 0 };

  constructor(opts: GapTrackerOptions = {}) {
    this.maxProducers = opts.maxProducers ?? DEFAULT_MAX_PRODUCERS;
    this.idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
    if (!(Number.isInteger(this.maxProducers) && this.maxProducers > 0)) {
      throw new RangeError(`maxProducers must be a positive integer, got ${this.maxProducers}`);
    }
    if (!(this.idleMs > 0)) throw new RangeError(`idleMs must be positive, got ${this.idleMs}`);
  }

  /** Records log `seq` of `producerId`, arrived at `nowMs`; returns how many logs before it were missed (>= 0). */
  observe(producerId: string, seq: number, nowMs: number): number {
    if (nowMs - this.lastSweepMs >= TOUCH_EVERY_MS) this.sweep(nowMs);
    const state = this.producers.get(producerId);
    if (state === undefined) {
      this.producers.set(producerId, { last: seq, touchedMs: nowMs });
      if (this.producers.size > this.maxProducers) this.forgetOldest();
      return 0;
    }
    if (nowMs - state.touchedMs >= TOUCH_EVERY_MS) {
      // Map order is insertion order: re-inserting moves the producer to the young end.
      this.producers.delete(producerId);
      this.producers.set(producerId, state);
      state.touchedMs = nowMs;
    }
    const last = state.last;
    if (seq > last) {
      state.last = seq;
      const missed = seq - last - 1;
      this.totals.missed += missed;
      return missed;
    }
    if (seq <= 1 && last > 1) {
      state.last = seq;
      this.totals.restarts++;
      return 0;
    }
    this.totals.reordered++;
    return 0;
  }

  /**
   * Records logs `first`, `first + 1`, ... `first + count - 1` of `producerId`, all arrived at
   * `nowMs`, exactly as `count` calls of `observe` would; returns the logs missed before the
   * first (the others follow it, so none is missed before them). One map lookup for the run,
   * where a thread that decodes elsewhere hands over a batch's stamps.
   */
  observeRun(producerId: string, first: number, count: number, nowMs: number): number {
    const missed = this.observe(producerId, first, nowMs);
    const state = this.producers.get(producerId);
    if (count <= 1 || state === undefined) return missed;
    // After `observe`, state.last >= first: the run's numbers up to it are at or below it
    // (reordered; none can be a restart, see observe), those beyond it raise it with no gap.
    const lastSeq = first + count - 1;
    this.totals.reordered += Math.min(state.last, lastSeq) - first;
    if (lastSeq > state.last) state.last = lastSeq;
    return missed;
  }

  /** The counts so far. */
  counts(): GapTotals {
    return { ...this.totals, producers: this.producers.size };
  }

  /** Forgets producers idle for longer than `idleMs`, oldest first (entries are in LRU order, to within a second). */
  private sweep(nowMs: number): void {
    this.lastSweepMs = nowMs;
    for (const [id, state] of this.producers) {
      if (nowMs - state.touchedMs <= this.idleMs + TOUCH_EVERY_MS) break;
      this.producers.delete(id);
      this.totals.forgotten++;
    }
  }

  private forgetOldest(): void {
    const oldest = this.producers.keys().next();
    if (oldest.done !== true) {
      this.producers.delete(oldest.value);
      this.totals.forgotten++;
    }
  }
}
