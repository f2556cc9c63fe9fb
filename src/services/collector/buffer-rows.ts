import { decodeLog } from '../../protocol/log-decode.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { GapInfo, RowData, ViewRequest } from './engine-protocol.js';
import type { LogBuffer } from './log-buffer.js';
import { rowMessage, snapshotWindow, type SnapshotWindow } from './snapshot-window.js';
import { describeGap } from './stream-gaps.js';

/** The rows of the live buffer a snapshot carries (see snapshotWindow), gap markers as their text. */
export function bufferRows(buffer: LogBuffer<GapInfo>, req: ViewRequest): { window: SnapshotWindow; rows: RowData[] } {
  const window = snapshotWindow(buffer, req);
  const rows: RowData[] = [];
  for (let i = window.startIndex; i < window.end; i++) {
    const seq = buffer.seqAt(i);
    const log = seq === undefined ? undefined : buffer.row(seq);
    if (seq === undefined || log === undefined) break;
    const { time, level, service, gap } = log;
    if (gap !== undefined) rows.push({ seq, time, level, service, message: describeGap(gap), gap: { ...gap } });
    else rows.push({ seq, time, level, service, message: rowMessage(log.message) });
  }
  return { window, rows };
}

/** The full record of a buffered log (decoded again from its payload), or of a gap marker. */
export function bufferRecord(
  buffer: LogBuffer<GapInfo>,
  seq: number,
  maxLineBytes: number | undefined,
): LogRecord | undefined {
  const row = buffer.row(seq);
  if (row === undefined) return undefined;
  const { gap, ...fields } = row;
  if (gap !== undefined)
    return { ...fields, message: describeGap(gap), raw: '', latencyMs: undefined, fields: undefined };
  // The time it got on arrival stays, so the detail view agrees with the list.
  const options = maxLineBytes === undefined ? undefined : { maxLineBytes };
  return { ...decodeLog(buffer.raw(seq) ?? '', row.time, options), time: row.time, timeFromEvent: row.timeFromEvent };
}
