import { DEFAULT_LATENESS_MS, DEFAULT_MAX_FUTURE_MS, DEFAULT_WINDOW_MS } from '../../core/window-aggregator.js';

/** When entries are claimed and windows published, for every analyzer of a group alike. */
export interface GroupTiming {
  windowMs: number;
  latenessMs: number;
  maxFutureMs: number;
  /** An entry pending this long with a silent consumer is taken over (XAUTOCLAIM min-idle-time). */
  claimIdleMs: number;
  /** How often each analyzer looks for such entries. */
  claimSweepMs: number;
  /** Added to end + lateness before a window is published, so that claimed entries make it in. */
  graceMs: number;
  /** How long a publisher may hold a window before another may take over. */
  leaseMs: number;
}

export const DEFAULT_CLAIM_IDLE_MS = 5_000;
/** The grace beyond the claim timeout: one sweep (at most 1 s) and the commit that follows. */
export const GRACE_OVER_CLAIM_MS = 2_000;
const DEFAULT_LEASE_MS = 2_000;

export interface GroupTimingOptions {
  windowMs?: number;
  latenessMs?: number;
  claimIdleMs?: number;
  graceMs?: number;
}

/**
 * Fills in the defaults. The grace defaults to the claim timeout plus GRACE_OVER_CLAIM_MS: an
 * analyzer killed just before acknowledging the last entries of a window leaves them pending,
 * and another one claims and commits them within that time, before the window is published.
 */
export function groupTiming(opts: GroupTimingOptions = {}): GroupTiming {
  const claimIdleMs = opts.claimIdleMs ?? DEFAULT_CLAIM_IDLE_MS;
  return {
    windowMs: opts.windowMs ?? DEFAULT_WINDOW_MS,
    latenessMs: opts.latenessMs ?? DEFAULT_LATENESS_MS,
    maxFutureMs: DEFAULT_MAX_FUTURE_MS,
    claimIdleMs,
    claimSweepMs: Math.min(1_000, Math.max(50, Math.floor(claimIdleMs / 4))),
    graceMs: opts.graceMs ?? claimIdleMs + GRACE_OVER_CLAIM_MS,
    leaseMs: DEFAULT_LEASE_MS,
  };
}
