import type { BusStatus } from '../../bus/bus.js';
import type { Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { ResultsSnapshot } from '../../services/collector/engine-protocol.js';
import type { Table } from '../../query/pipeline/table.js';
import type { PatternsSnapshot } from '../../services/collector/live-patterns.js';
import type { TimeHistogram } from '../../services/collector/time-histogram.js';
import type { Command } from '../keys/commands.js';
import type { Rates } from './model.js';

/** Everything that can happen to the UI state. */
export type Action =
  | { type: 'command'; command: Command; now: number }
  | { type: 'insertText'; text: string }
  | { type: 'statsArrived'; windows: WindowStats[] }
  /** Stats windows (or whole messages) refused by the decoder; `reason` names the first. */
  | { type: 'statsRejected'; count: number; reason: string; now: number }
  | { type: 'statusChanged'; status: BusStatus }
  | { type: 'ratesUpdated'; rates: Rates }
  | { type: 'resized'; cols: number; rows: number; listHeight: number }
  | { type: 'recordArrived'; seq: number; record: LogRecord | undefined }
  | { type: 'jumpTo'; seq: number | undefined; now: number }
  | { type: 'notice'; text: string; kind: 'info' | 'error'; now: number }
  /** The table of the query in force's pipeline, from the engine. */
  | { type: 'resultsArrived'; results: ResultsSnapshot }
  /** The patterns view's rows, from the engine. */
  | { type: 'patternsArrived'; patterns: PatternsSnapshot }
  | { type: 'tick'; now: number }
  /** The engine's answer to `findMark`: the mark to go to, or none in that direction. */
  | { type: 'markFound'; seq: number | undefined; now: number }
  /** The oldest sequence number the buffer still holds (marks below it are dropped). */
  | { type: 'bufferStart'; seq: number }
  /** The engine's counts of the shown logs by time (the histogram pane). */
  | { type: 'histogramArrived'; histogram: TimeHistogram | undefined }
  /** The engine's answer to `seekTime`: the log to select and the top row of its page. */
  | { type: 'timeFound'; seq: number | undefined; top: number | undefined; now: number };

/** Side effects `update` asks the container to perform. */
export type Effect =
  | { type: 'copy'; seq: number; what: 'message' | 'json' }
  | { type: 'setFilter'; query: string; levelMin: Level | undefined }
  | { type: 'fetchRecord'; seq: number }
  | { type: 'find'; pattern: string; fromSeq: number | undefined; direction: 'older' | 'newer' }
  /** The next marked log the filter shows, from `fromSeq` in `direction`. */
  | { type: 'findMark'; marks: readonly number[]; fromSeq: number | undefined; direction: 'older' | 'newer' }
  /** Saves the shown logs (oldest first) to the file `name` as typed (relative, `~/`); `overwrite` replaces an existing file. */
  | { type: 'exportList'; name: string; overwrite: boolean }
  /** Saves a result table instead of the list (what export does while a table is on screen). */
  | { type: 'exportTable'; name: string; overwrite: boolean; table: Table }
  /** The patterns view opened (the engine mines and sends rows) or closed (the engine stops sending). */
  | { type: 'watchPatterns'; watch: boolean }
  /** Ask the engine for the histogram of the shown logs (as wide as the pane). */
  | { type: 'fetchHistogram' }
  /** The first shown log at or after `from` (before `to`, for a bar), shown with `newer` rows after it. */
  | { type: 'seekTime'; from: number; to: number | undefined; newer: number }
  | { type: 'quit' };
