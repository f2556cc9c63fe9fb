import type { Level } from './level.js';

/** One service's share of a window. */
export interface ServiceCount {
  name: string;
  count: number;
  errors: number;
}

/** A frequent error message; numbers and ids masked so that variants group together. */
export interface ErrorPattern {
  pattern: string;
  count: number;
  /** Service that produced it most recently. */
  service: string;
  /** One real message of the group, unmasked. */
  example: string;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  /** Number of logs in the window that carried a latency. */
  count: number;
}

/**
 * One window on `stats.update`. The first five fields are RustLogStream's; the rest are
 * additions that RustLogStream's collector ignores.
 */
export interface WindowStats {
  window_start: string;
  window_end: string;
  total_count: number;
  error_count: number;
  top_service: string | null;
  window_seconds: number;
  levels: Record<Level, number>;
  error_rate: number;
  services: ServiceCount[];
  top_errors: ErrorPattern[];
  latency_ms: LatencySummary | null;
  /** Logs whose event time fell outside the accepted range and were counted at arrival time. */
  late_count: number;
  /** Payloads that were not JSON objects (kept as plain text). */
  plain_count: number;
  /**
   * Logs known to be lost: sequence numbers skipped by stamped producers, counted in the window
   * in which the log that revealed the gap arrived. 0 from analyzers that do not track gaps.
   */
  missed_count: number;
}
