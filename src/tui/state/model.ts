import type { BusStatus } from '../../bus/bus.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { Mode } from '../keys/commands.js';

/** What the status line shows about where logs come from. */
export interface SourceInfo {
  /** 'embedded' (in-process bus) or the Redis URL with the password redacted. */
  label: string;
  status: BusStatus;
}

/** Throughput and loss counters, refreshed once a second by the container. */
export interface Rates {
  logsPerSecond: number;
  received: number;
  plain: number;
  evicted: number;
  /** Logs known lost (gaps in producer sequence numbers). */
  missed: number;
  /** Connection losses. */
  disconnects: number;
  truncated: number;
}

/** A short message in the status line (copy confirmations, errors), shown until `until`. */
export interface Notice {
  text: string;
  kind: 'info' | 'error';
  until: number;
}

/**
 * The collector's whole UI state. Logs themselves live in the LogStore; the model refers to
 * them by sequence number so that it stays small and cheap to copy.
 */
export interface Model {
  mode: Mode;
  /** The filter in force (always a valid pattern). */
  filter: string;
  /** The filter box's text while editing, its cursor (in UTF-16 units) and the compile error of the last Enter. */
  draft: string;
  cursor: number;
  filterError: string | undefined;
  /** Sequence number of the selected log; undefined = no selection (following the newest). */
  selected: number | undefined;
  /** Sequence number of the log on the top row; undefined = following (newest on top). */
  top: number | undefined;
  /** Rows available to the log list, set by the layout on resize. */
  listHeight: number;
  cols: number;
  rows: number;
  /** Latest statistics window and the recent history for charts (oldest first). */
  stats: WindowStats | undefined;
  history: WindowStats[];
  source: SourceInfo;
  rates: Rates;
  notice: Notice | undefined;
  quitting: boolean;
}

/** Windows of history kept for the charts. */
export const HISTORY_LENGTH = 60;

/** The model at start-up. */
export function initialModel(opts: { cols: number; rows: number; source: SourceInfo; filter?: string }): Model {
  return {
    mode: 'normal',
    filter: opts.filter ?? '',
    draft: opts.filter ?? '',
    cursor: (opts.filter ?? '').length,
    filterError: undefined,
    selected: undefined,
    top: undefined,
    listHeight: Math.max(1, opts.rows - 6),
    cols: opts.cols,
    rows: opts.rows,
    stats: undefined,
    history: [],
    source: opts.source,
    rates: { logsPerSecond: 0, received: 0, plain: 0, evicted: 0, missed: 0, disconnects: 0, truncated: 0 },
    notice: undefined,
    quitting: false,
  };
}
