import type { LogRecord } from '../../protocol/log-record.js';
import type { LiveQuery } from '../../query/live-query.js';
import type { GapInfo, ResultsSnapshot } from './engine-protocol.js';
import type { LivePatterns } from './live-patterns.js';
import { LiveResults } from './live-results.js';
import type { BufferPredicate, LogBuffer } from './log-buffer.js';
import { QueryReader } from './query-reader.js';

/**
 * The query in force over the live buffer: its filter on the list, and its results table
 * (when it has a pipeline), fed the logs shown and every new one that passes.
 */
export class BufferQuery {
  /** The query's text, trimmed. */
  text = '';
  /** The table of the query in force, when it has a pipeline. */
  private live: LiveResults | undefined;
  private readonly reader: QueryReader;

  /** `record` gives a log's full record (decoded again) for filters and stages that read more than the columns. */
  constructor(
    private readonly buffer: LogBuffer<GapInfo>,
    record: (seq: number) => LogRecord | undefined,
  ) {
    this.reader = new QueryReader(buffer, record);
  }

  /** Puts a compiled query in force; `patterns` is the session's miner, for a `| patterns` stage. */
  apply(compiled: LiveQuery, text: string, patterns: LivePatterns | undefined): void {
    const test = compiled.test;
    // Filters on level, service and message read the buffer's columns; others decode the payload.
    const predicate: BufferPredicate | undefined =
      test === undefined
        ? undefined
        : compiled.filterNeedsRecord
          ? (fields, seq) => test(this.reader.read(seq, fields))
          : (fields) => test(fields);
    this.reader.use(compiled.fieldNames);
    // Gap markers stay visible whatever the filter: they say what the list may be missing.
    this.buffer.setFilter(predicate);
    this.text = text.trim();
    const pipeline = compiled.newPipeline(patterns === undefined ? {} : { patterns: () => patterns.stageMiner() });
    this.live = pipeline === undefined ? undefined : new LiveResults(this.text, pipeline, compiled.needsRecord);
    if (this.live !== undefined) {
      for (let i = this.buffer.size - 1; i >= 0; i--) {
        const seq = this.buffer.seqAt(i);
        if (seq !== undefined && !this.buffer.isGap(seq))
          this.live.add(this.reader.pipelineInput(seq, this.live.needsRecord));
      }
    }
  }

  /** A log was pushed into the buffer as `seq`: the results table takes it when the filter shows it. */
  pushed(seq: number): void {
    // The newest shown log is this one exactly when it passed the filter.
    if (this.live !== undefined && this.buffer.seqAt(0) === seq)
      this.live.add(this.reader.pipelineInput(seq, this.live.needsRecord));
  }

  /** The results table, when the query has a pipeline. */
  results(): ResultsSnapshot | undefined {
    return this.live?.snapshot();
  }

  /** Grows whenever the results table may have changed (undefined without one). */
  get resultsVersion(): number | undefined {
    return this.live?.version;
  }
}
