import type { LogRecord } from '../../protocol/log-record.js';
import { LogBuffer } from './log-buffer.js';

/** For tests: the collector's buffer fed whole records, as behaviour is easiest to state with them. */
export class RecordBuffer extends LogBuffer<string> {
  add(log: LogRecord): number {
    return this.push(log, log.raw);
  }
}
