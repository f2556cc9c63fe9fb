export interface BackoffOptions {
  /** First delay, in ms. */
  baseMs?: number;
  /** Largest delay before jitter, in ms. */
  capMs?: number;
  /** Relative jitter: 0.2 spreads each delay over ±20%. */
  jitter?: number;
  /** Source of randomness in [0, 1). */
  random?: () => number;
}

/**
 * Delay before reconnect attempt number `retries` (0-based): doubling from `baseMs` up to
 * `capMs`, spread by jitter so many clients cut off together do not return in lockstep.
 */
export function backoffDelay(retries: number, opts: BackoffOptions = {}): number {
  const { baseMs = 100, capMs = 2_000, jitter = 0.2, random = Math.random } = opts;
  // Clamping the exponent keeps 2 ** n finite however long the outage lasts.
  const raw = Math.min(capMs, baseMs * 2 ** Math.min(retries, 30));
  const spread = 1 + jitter * (2 * random() - 1);
  return Math.max(0, Math.round(raw * spread));
}
