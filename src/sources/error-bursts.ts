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

/** Where the generator asks which burst, if any, is in progress. */
export interface Bursts {
  /** The burst in progress at `nowMs`, if any. */
  at(nowMs: number): Burst | undefined;
}

/**
 * Decides, from the seeded RNG and the simulated time it is shown, when a burst starts, which
 * service it hits and how. Wall time is never read, so a seed and a sequence of times replay.
 */
export class BurstSchedule implements Bursts {
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
      this.nextAt = nowMs + drawGap(this.rng, this.timing);
    }
    if (this.nextAt === undefined) {
      this.nextAt = nowMs + drawGap(this.rng, this.timing);
      return undefined;
    }
    // A clock that jumped far ahead starts one burst now; missed ones are not replayed.
    if (nowMs < this.nextAt) return undefined;
    this.active = drawBurst(this.rng, this.deps, this.timing, nowMs);
    return this.active;
  }
}

/** Longest stretch of missed bursts a `BurstTimeline` replays after its clock jumped ahead. */
const MAX_REPLAY_MS = 24 * 3_600_000;

/**
 * Bursts on a timeline fixed by its RNG and its origin: each burst starts a gap after the
 * previous one ended, whenever and however often it is asked. Two timelines with equally seeded
 * RNGs, the same services and the same origin agree at every time, so several generators (the
 * sender's threads) simulate one system failing at the same moments. Its RNG must serve it
 * alone. A clock that jumped more than a day ahead starts one burst then, as `BurstSchedule` does.
 */
export class BurstTimeline implements Bursts {
  private nextAt: number | undefined;
  private latest: Burst | undefined;

  /** `originMs`: where the timeline starts (default: the first time it is asked about). */
  constructor(
    private readonly rng: Random,
    private readonly deps: readonly (readonly string[])[],
    private readonly timing: BurstTiming = DEFAULT_BURST_TIMING,
    private readonly originMs?: number,
  ) {}

  /** The burst in progress at `nowMs`, if any. */
  at(nowMs: number): Burst | undefined {
    this.nextAt ??= (this.originMs ?? nowMs) + drawGap(this.rng, this.timing);
    for (;;) {
      const latest = this.latest;
      if (latest !== undefined) {
        // Asked about a time before it (a clock stepping back): not in progress yet.
        if (nowMs < latest.until) return nowMs >= latest.start ? latest : undefined;
        this.latest = undefined;
        this.nextAt = latest.until + drawGap(this.rng, this.timing);
      }
      if (nowMs < this.nextAt) return undefined;
      if (nowMs - this.nextAt > MAX_REPLAY_MS) this.nextAt = nowMs;
      this.latest = drawBurst(this.rng, this.deps, this.timing, this.nextAt);
    }
  }
}

/** A quiet time between two bursts. */
function drawGap(rng: Random, timing: BurstTiming): number {
  const { meanGapMs, minGapMs } = timing;
  return minGapMs + rng.exponential(Math.max(0, meanGapMs - minGapMs));
}

/** The burst that starts at `start`: which service, how it fails, for how long. */
function drawBurst(r: Random, services: readonly (readonly string[])[], timing: BurstTiming, start: number): Burst {
  const service = r.int(0, services.length - 1);
  const mode = r.pick(MODES);
  const deps = services[service] ?? [];
  const dep = mode === 'database' ? r.pick(DATABASES) : deps.length > 0 ? r.pick(deps) : 'upstream';
  return {
    service,
    mode,
    dep,
    timeoutMs: r.pick([3_000, 5_000, 10_000]),
    start,
    until: start + r.int(timing.minDurationMs, timing.maxDurationMs),
  };
}
