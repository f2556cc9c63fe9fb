import type { BusStatus } from '../../bus/bus.js';
import type { Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Table } from '../../query/pipeline/table.js';
import type { PatternsSnapshot } from './live-patterns.js';
import type { TimeHistogram } from './time-histogram.js';

/** What the UI asks to see: the rows around its anchor, so small moves need no round trip. */
export interface ViewRequest {
  /** Sequence number of the top row; undefined = following the newest. */
  anchor: number | undefined;
  /** Rows the list shows. */
  height: number;
  /** Extra rows above and below the visible ones. */
  margin: number;
}

/** A gap in the stream, shown as a marker row in the list. */
export interface GapInfo {
  /** Logs known to be missing (from producer sequence numbers), when known. */
  missed: number | undefined;
  /** How long the connection was down, when the gap came from a disconnect. */
  downMs: number | undefined;
}

/** One row of the list, as much of a log as the list and a copy need. */
export interface RowData {
  seq: number;
  time: number;
  level: Level;
  service: string;
  message: string;
  gap?: GapInfo;
  /** Index in `ViewSnapshot.sources` of the file the row is from (`view` of several files). */
  source?: number;
}

/** How far loading files (`view FILE...`) or a filter's scan of them has got. */
export interface LoadProgress {
  /** `inflating`: a `.gz` file is inflated before it is indexed. */
  task: 'inflating' | 'indexing' | 'filtering';
  /** Rows indexed, or tested by the filter, so far. */
  rows: number;
  /** Rows (inflating: bytes) per second since the task began. */
  rate: number;
  /** Bytes indexed and to index (inflating: inflated so far, and 0). */
  bytesDone: number;
  bytesTotal: number;
  /** Share done, 0..1, when it is known. */
  fraction: number | undefined;
}

/** Counters of the stream the status line shows (the engine keeps them); they only grow. */
export interface StreamCounters {
  received: number;
  plain: number;
  evicted: number;
  /** Logs known lost: gaps in producer sequence numbers. */
  missed: number;
  /** Connection losses (each may have lost an unknown number of unstamped logs). */
  disconnects: number;
  /** Payloads larger than the line limit, truncated. */
  truncated: number;
  /** Logs left out because their own time is outside `--since`/`--until`. */
  outOfRange: number;
  /** Logs the local sources read but could not hand on (the in-memory bus's queue was full). */
  dropped?: number;
}

/** The counters of a stream nothing has arrived on yet. */
export const ZERO_STREAM_COUNTERS: Readonly<StreamCounters> = {
  received: 0,
  plain: 0,
  evicted: 0,
  missed: 0,
  disconnects: 0,
  truncated: 0,
  outOfRange: 0,
};

/** The slice of the log list the UI draws, plus everything the status line needs. */
export interface ViewSnapshot {
  /** Increases whenever the engine's state changed. */
  version: number;
  /** Logs that pass the filter. */
  size: number;
  /** Logs held. */
  total: number;
  capacity: number;
  /** List index (0 = newest) of rows[0]. */
  startIndex: number;
  /** List index of the row at the newest end of the screen (the anchor, clamped so the list stays full). */
  topIndex: number;
  /** Sequence number of the oldest log held, filtered or not (what marks below it lost). */
  heldFrom: number;
  /** Sequence numbers of the oldest and newest logs that pass the filter. */
  oldestSeq: number | undefined;
  newestSeq: number | undefined;
  rows: RowData[];
  counters: StreamCounters;
  /** The filter query in force in the engine. */
  filter: string;
  /** `view FILE...`: the files, by the name the source column shows. */
  sources?: string[];
  /** `view FILE...`: loading or filtering in progress (absent once both are done). */
  progress?: LoadProgress;
}

/** The table of the query in force, when it has a pipeline (the results pane). */
export interface ResultsSnapshot {
  /** The query it is the result of. */
  query: string;
  /** Grows as logs are added to it. */
  version: number;
  table: Table;
  /** Rows the whole table has (more than `table.rows` when it was cut for sending). */
  totalRows: number;
}

/** Messages from the UI thread to the engine. */
export type ToEngine =
  | { type: 'view'; request: ViewRequest }
  | { type: 'filter'; query: string; levelMin: Level | undefined; id: number }
  | { type: 'find'; pattern: string; fromSeq: number | undefined; direction: 'older' | 'newer'; id: number }
  | { type: 'record'; seq: number; id: number }
  | {
      type: 'findMark';
      marks: readonly number[];
      fromSeq: number | undefined;
      direction: 'older' | 'newer';
      id: number;
    }
  /** Save the shown logs, oldest first, to `path` (absolute); `overwrite` replaces an existing file. */
  | { type: 'export'; path: string; overwrite: boolean; id: number }
  /** Save a result table to `path`. */
  | { type: 'exportTable'; table: Table; path: string; overwrite: boolean; id: number }
  /** The patterns view opened (mining starts, if it has not) or closed (its updates stop; mining goes on). */
  | { type: 'patterns'; watch: boolean }
  /** Count the shown logs by their own time in at most `bars` bars. */
  | { type: 'histogram'; bars: number }
  /**
   * The shown log to jump to for a time, or for a bar `from`..`to`, and the top row of a page
   * that has it at its oldest end, with `newer` rows after it.
   */
  | { type: 'seekTime'; from: number; to: number | undefined; newer: number; id: number }
  | { type: 'stop' };

/** Messages from the engine to the UI thread. */
export type FromEngine =
  | { type: 'snapshot'; snapshot: ViewSnapshot }
  | { type: 'stats'; payload: string }
  | { type: 'status'; status: BusStatus }
  | { type: 'filterResult'; id: number; query: string; error: string | undefined }
  | { type: 'found'; id: number; seq: number | undefined }
  /** Right after a query with a pipeline is applied, then at least once a second while it changes. */
  | { type: 'results'; results: ResultsSnapshot }
  | { type: 'record'; id: number; record: LogRecord | undefined }
  /** The patterns view's rows: when it opens, then at most once a second while it is open. */
  | { type: 'patterns'; patterns: PatternsSnapshot }
  | { type: 'markFound'; id: number; seq: number | undefined }
  /** How an export ended: `count` logs (or table rows) written, or the error that stopped it. */
  | { type: 'exported'; id: number; path: string; what: 'logs' | 'rows'; count: number; error: string | undefined }
  /** The answer to `histogram`: undefined while no shown log has a time. */
  | { type: 'histogram'; histogram: TimeHistogram | undefined }
  | { type: 'timeFound'; id: number; seq: number | undefined; top: number | undefined }
  /** A line for the status line, said once (the Redis node would not tell whether it is a cluster node). */
  | { type: 'notice'; text: string }
  | { type: 'fatal'; message: string }
  | { type: 'stopped' };
