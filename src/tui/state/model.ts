import type { BusStatus } from '../../bus/bus.js';
import type { Level } from '../../protocol/level.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { WindowStats } from '../../protocol/stats.js';
import type { LiveTableStage } from '../../query/live-query.js';
import type { Table } from '../../query/pipeline/table.js';
import { ZERO_STREAM_COUNTERS, type StreamCounters } from '../../services/collector/engine-protocol.js';
import type { TimeHistogram } from '../../services/collector/time-histogram.js';
import type { Mode } from '../keys/commands.js';
import type { HelpState } from './help.js';
import type { PatternsPane } from './patterns.js';

/** What the status line shows about where logs come from. */
export interface SourceInfo {
  /** 'embedded' (in-process bus) or the Redis URL with the password redacted. */
  label: string;
  status: BusStatus;
}

/** Throughput and loss counters, refreshed once a second by the container. */
export interface Rates extends StreamCounters {
  logsPerSecond: number;
}

/** A short message in the status line (copy confirmations, errors), shown until `until`. */
export interface Notice {
  text: string;
  kind: 'info' | 'error';
  until: number;
}

/** The detail view of one log. */
export interface Detail {
  seq: number;
  /** Undefined until the engine sent the full record. */
  record: LogRecord | undefined;
  scroll: number;
}

/** The results pane: the table of the query in force's pipeline, as the engine last sent it. */
export interface ResultsPane {
  /** The query (as in force) whose table this is. */
  query: string;
  /** Its filter part, and the stage that makes the table. */
  filterText: string;
  stage: LiveTableStage;
  /** Undefined until the engine sent the first table. */
  table: Table | undefined;
  /** Rows the whole table has (the engine sends the first ones). */
  totalRows: number;
  /** Index of the selected row. */
  selected: number;
}

/** The histogram pane: counts by the logs' own time, as the engine last sent them. */
export interface HistogramPane {
  /** Undefined until the engine sent one (or while no shown log has a time). */
  data: TimeHistogram | undefined;
  /** A time inside the selected bar; undefined = the last bar. Kept as a time so the bar stays put when the span changes. */
  selected: number | undefined;
}

/** One point of a statistics chart: a window's start and what the charts plot of it. */
export interface ChartPoint {
  /** Window start, epoch ms (NaN when the analyzer sent an unreadable one). */
  start: number;
  total: number;
  errorRate: number;
}

/** Window lengths the statistics pane can show (seconds). */
export const WINDOW_LENGTHS = [1, 10, 60] as const;
export type WindowLength = (typeof WINDOW_LENGTHS)[number];

/** Statistics pane size. */
export type StatsPane = 'normal' | 'large' | 'hidden';

/** Where the statistics pane's numbers come from. */
export type StatsSource = 'analyzer' | 'shown-logs';

/** Which end of the list is newest. */
export type Order = 'newest-first' | 'oldest-first';

/**
 * The collector's whole UI state. Logs themselves live in the engine; the model refers to
 * them by sequence number so that it stays small and cheap to copy.
 */
export interface Model {
  mode: Mode;
  order: Order;
  /** The filter query in force (always valid) and the quick level toggle (keys 1-5). */
  filter: string;
  levelMin: Level | undefined;
  /** The search pattern in force ('' = none). */
  search: string;
  /** The input box's text while editing/searching, its cursor (UTF-16 units) and the last error. */
  draft: string;
  cursor: number;
  inputError: string | undefined;
  /** Earlier filters and searches, newest last, and the position while browsing them. */
  inputHistory: { editing: string[]; search: string[]; export: string[]; time: string[] };
  historyIndex: number | undefined;
  /** Sequence numbers of the marked logs, ascending; those that left the buffer are dropped (marks.ts). */
  marks: readonly number[];
  /** Sequence number of the selected log; undefined = no selection. */
  selected: number | undefined;
  /** Sequence number of the log on the top row (the newest end's row); undefined = following. */
  top: number | undefined;
  /** Rows available to the log list, set by the layout on resize. */
  listHeight: number;
  cols: number;
  rows: number;
  /** Latest window per length and the recent history of each, for charts (oldest first). */
  stats: Partial<Record<WindowLength, WindowStats>>;
  history: Partial<Record<WindowLength, ChartPoint[]>>;
  windowSeconds: WindowLength;
  statsPane: StatsPane;
  /**
   * What the statistics pane counts: the analyzer's windows, or (`view FILE`) the shown logs over
   * their own time, where no analyzer runs and the window length does not apply.
   */
  statsOf: StatsSource;
  detail: Detail | undefined;
  /** Present while the query in force has a pipeline. */
  results: ResultsPane | undefined;
  /** The patterns view, from the first time it opened (its sort is kept when it closes). */
  patterns: PatternsPane | undefined;
  histogram: HistogramPane;
  /** The help overlay: where it was opened from and how far it is scrolled. */
  help: HelpState;
  /** Times shown in UTC instead of local time (T). */
  utc: boolean;
  source: SourceInfo;
  rates: Rates;
  /** Stats windows refused as nonsense and stats messages that were unreadable; only grows. */
  statsRejected: number;
  notice: Notice | undefined;
  quitting: boolean;
}

/**
 * Windows of history kept for the charts, per window length: the widest pane shows one point
 * a column, and even 1 s windows keep more than 10 minutes.
 */
export const HISTORY_LENGTH = 1000;
/** Entries kept in each input history. */
export const INPUT_HISTORY_LENGTH = 50;

/** The model at start-up. */
export function initialModel(opts: {
  cols: number;
  rows: number;
  source: SourceInfo;
  order?: Order;
  statsOf?: StatsSource;
}): Model {
  return {
    mode: 'normal',
    order: opts.order ?? 'newest-first',
    filter: '',
    levelMin: undefined,
    search: '',
    draft: '',
    cursor: 0,
    inputError: undefined,
    inputHistory: { editing: [], search: [], export: [], time: [] },
    historyIndex: undefined,
    marks: [],
    selected: undefined,
    top: undefined,
    listHeight: Math.max(1, opts.rows - 6),
    cols: opts.cols,
    rows: opts.rows,
    stats: {},
    history: {},
    windowSeconds: 1,
    statsPane: 'normal',
    statsOf: opts.statsOf ?? 'analyzer',
    detail: undefined,
    results: undefined,
    patterns: undefined,
    histogram: { data: undefined, selected: undefined },
    help: { from: 'normal', scroll: 0 },
    utc: false,
    source: opts.source,
    rates: { logsPerSecond: 0, ...ZERO_STREAM_COUNTERS },
    statsRejected: 0,
    notice: undefined,
    quitting: false,
  };
}
