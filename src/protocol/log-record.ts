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
  /** The payload exactly as received (as text), for copying and the detail view; cut to the size limit when `truncated`. */
  raw: string;
  /** Who published the log and its sequence number, from the producer stamp (`_ls`); absent on unstamped logs. */
  producer?: ProducerStamp | undefined;
  /** The payload was larger than the decoder's limit: only its start was kept, as plain text. */
  truncated?: boolean | undefined;
}

/** A LogStream producer's stamp: its per-process id and the log's sequence number (1, 2, 3, ...). */
export interface ProducerStamp {
  id: string;
  seq: number;
}

/** Service name given to logs that carry none. */
export const UNKNOWN_SERVICE = 'unknown';
