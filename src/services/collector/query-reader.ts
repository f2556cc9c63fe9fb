import type { LogRecord } from '../../protocol/log-record.js';
import type { QueryRecord } from '../../query/eval/field-path.js';
import type { FilterFields } from '../../query/log-view.js';
import type { GapInfo } from './engine-protocol.js';
import type { LogBuffer } from './log-buffer.js';
import { fieldPlan, readPayloadFields, type FieldPlan } from './payload-fields.js';

/**
 * Buffered logs as a query reads them: the buffer's columns for level, service, message and
 * time, the payload for other fields (only parsed, when the query's keys allow; else decoded
 * whole, as the detail view does). The last log read is kept, so that the filter and the
 * pipeline of one query read a new log once.
 */
export class QueryReader {
  private plan: FieldPlan | undefined;
  private lastSeq = -1;
  private last: QueryRecord | undefined;

  constructor(
    private readonly buffer: LogBuffer<GapInfo>,
    private readonly decodeWhole: (seq: number) => LogRecord | undefined,
  ) {}

  /** Prepares for a query reading these fields. */
  use(fieldNames: readonly string[]): void {
    this.plan = fieldPlan(fieldNames);
    this.lastSeq = -1;
    this.last = undefined;
  }

  /** The whole of a log as queries read it; `shown`: its level, service and message when at hand. */
  read(seq: number, shown?: FilterFields): QueryRecord {
    if (this.last !== undefined && this.lastSeq === seq) return this.last;
    const log: QueryRecord = this.readPlanned(seq, shown) ??
      this.decodeWhole(seq) ?? { level: 'info', service: '', message: '' };
    this.lastSeq = seq;
    this.last = log;
    return log;
  }

  /** What a pipeline reads of a log: the buffer's columns, or the whole log when a stage needs more. */
  pipelineInput(seq: number, needsRecord: boolean): QueryRecord {
    if (needsRecord) return this.read(seq);
    const row = this.buffer.row(seq);
    return row === undefined
      ? { level: 'info', service: '', message: '' }
      : { level: row.level, service: row.service, message: row.message, time: row.time };
  }

  private readPlanned(seq: number, shown: FilterFields | undefined): QueryRecord | undefined {
    const plan = this.plan;
    if (plan === undefined || this.buffer.isGap(seq)) return undefined;
    const row = shown ?? this.buffer.row(seq);
    if (row === undefined) return undefined;
    const plain = this.buffer.isPlain(seq);
    const read = plain ? undefined : readPayloadFields(this.buffer.raw(seq) ?? '', plan);
    if (!plain && read === undefined) return undefined;
    return {
      level: row.level,
      service: row.service,
      message: row.message,
      time: this.buffer.timeOf(seq),
      latencyMs: read?.latencyMs,
      fields: read?.fields,
    };
  }
}
