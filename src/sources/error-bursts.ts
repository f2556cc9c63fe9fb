import type { Random } from '../core/random.js';
import type { FailureMode } from './log-templates.js';

/** One service misbehaving for a few seconds of simulated time. */
export interface Burst {
  /** Index of the failing service. */
  service: number;
  mode: FailureMode;
  /** What it is failing to reach, for the messages. */
  dep: string;
  timeoutMs: number;
  start: number;
  /** Epoch ms (simulated) when it recovers. */
  until: number;
}

/** Timing of bursts, in simulated ms. */
export interface BurstTiming {
  /** Mean quiet time between two bursts (exponentially distributed, at least `minGapMs`). */
  meanGapMs: number;
  minGapMs: number;
  minDurationMs: number;
  maxDurationMs: number;
}

/** A burst every 45 s or so, each 3 to 8 s long: frequent enough to see in a short demo. */
export const DEFAULT_BURST_TIMING: BurstTiming = {
  meanGapMs: 40_000,
  minGapMs: 10_000,
  minDurationMs: 3_000,
  maxDurationMs: 8_000,
};

const MODES: readonly FailureMode[] = ['timeout', 'database', 'overload'];
const DATABASES = ['postgres-primary', 'postgres-replica-1', 'mysql-orders'] as const;

/**
 * Decides, from the seeded RNG and the simulated time it is shown, when a burst starts, which
 * service it hits and how. Wall time is never read, so a seed and a sequence of times replay.
 */
export class BurstSchedule {
  private nextAt: number | undefined;
  private active: Burst | undefined;

  constructor(
    private readonly rng: Random,
    private readonly deps: readonly (readonly string[])[],
    private readonly timing: BurstTiming = DEFAULT_BURST_TIMING,
  ) {}

  /** The burst in progress at `nowMs`, if any. */
  at(nowMs: number): Burst | undefined {
    const active = this.active;
    if (active !== undefined) {
      if (nowMs < active.until) return active;
      this.active = undefined;
      this.nextAt = nowMs + this.gap();
    }
    if (this.nextAt === undefined) {
      this.nextAt = nowMs + this.gap();
      return undefined;
    }
    // A clock that jumped far ahead starts one burst now; missed ones are not replayed.
    if (nowMs < this.nextAt) return undefined;
    this.active = this.begin(nowMs);
    return this.active;
  }

  private gap(): number {
    const { meanGapMs, minGapMs } = this.timing;
    return minGapMs + this.rng.exponential(Math.max(0, meanGapMs - minGapMs));
  }

  private begin(nowMs: number): Burst {
    const r = this.rng;
    const service = r.int(0, this.deps.length - 1);
    const mode = r.pick(MODES);
    const deps = this.deps[service] ?? [];
    const dep = mode === 'database' ? r.pick(DATABASES) : deps.length > 0 ? r.pick(deps) : 'upstream';
    return {
      service,
      mode,
      dep,
      timeoutMs: r.pick([3_000, 5_000, 10_000]),
      start: nowMs,
      until: nowMs + r.int(this.timing.minDurationMs, this.timing.maxDurationMs),
    };
  }
}
