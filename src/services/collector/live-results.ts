import type { QueryRecord } from '../../query/eval/field-path.js';
import type { Pipeline } from '../../query/pipeline/pipeline.js';
import type { ResultsSnapshot } from './engine-protocol.js';

/** Rows of a results table sent to the UI at most: more than a pane shows, few enough to post every second. */
export const MAX_RESULT_ROWS = 1000;

/**
 * The table of a query's pipeline, kept up to date in the engine: fed the buffered logs that
 * pass the filter when the query is applied, then each new one as it arrives. Logs that leave
 * the buffer later stay counted: the table covers everything seen since the query was applied.
 */
export class LiveResults {
  private changes = 0;

  constructor(
    readonly query: string,
    private readonly pipeline: Pipeline,
    /** True when the stages read more of a log than level, service, message and time. */
    readonly needsRecord: boolean,
  ) {}

  /** Grows with every log added. */
  get version(): number {
    return this.changes;
  }

  add(log: QueryRecord): void {
    this.pipeline.add(log);
    this.changes++;
  }

  /** The table so far, cut to MAX_RESULT_ROWS rows (a note says so). */
  snapshot(): ResultsSnapshot {
    const table = this.pipeline.table();
    const totalRows = table.rows.length;
    if (totalRows <= MAX_RESULT_ROWS) return { query: this.query, version: this.changes, table, totalRows };
    const notes = [
      ...table.notes,
      `${totalRows.toLocaleString('en-US')} rows, the first ${MAX_RESULT_ROWS.toLocaleString('en-US')} shown`,
    ];
    return {
      query: this.query,
      version: this.changes,
      table: { ...table, rows: table.rows.slice(0, MAX_RESULT_ROWS), notes },
      totalRows,
    };
  }
}
