import type { Level } from './level.js';

/**
 * One log after normalisation. Built by `decodeLog` from whatever a producer published on
 * `logs.ingest`; everything downstream (analyzer, collector) works on this shape only.
 */
export interface LogRecord {
  /** Event time in epoch milliseconds; the arrival time when the log carried none. */
  time: number;
  /** True when `time` came from the log itself, false when it is the arrival time. */
  timeFromEvent: boolean;
  level: Level;
  service: string;
  message: string;
  /** Latency/duration in milliseconds when the log carries one (`latency_ms`, `duration`, ...). */
  latencyMs: number | undefined;
  /** Every field of the original object not mapped above, kept for display. */
  fields: Record<string, unknown> | undefined;
  /** The payload was not a JSON object and is kept as a plain-text message. */
  plain: boolean;
  /** The payload exactly as received (as text), for copying and the detail view. */
  raw: string;
}

/** Service name given to logs that carry none. */
export const UNKNOWN_SERVICE = 'unknown';
