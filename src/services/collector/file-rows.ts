import { isUtf8 } from 'node:buffer';
import { lineText } from '../../ingest/line-text.js';
import { parsedToWire, type ServiceNaming } from '../../ingest/normalise.js';
import { parseRecords, type ParsedLog } from '../../ingest/parse-line.js';
import { decodeLog } from '../../protocol/log-decode.js';
import { UNKNOWN_SERVICE, type LogRecord } from '../../protocol/log-record.js';
import type { QueryRecord } from '../../query/eval/field-path.js';

/** What the list shows of a row of `view FILE...`; `source` is the file's index among the files viewed. */
export interface FileRow {
  time: number;
  level: LogRecord['level'];
  service: string;
  message: string;
  source: number;
}

/**
 * A row's bytes, read back from its file, parsed the way the live path parses a line (see
 * ingest/line-pipeline.ts), so `view FILE` and `cat FILE | logstream` show a line alike.
 * `indexTime` stands in for the time of a row that has none of its own.
 */
export function parseRow(bytes: Buffer, indexTime: number): ParsedLog {
  const text = rowText(bytes);
  const parsed = parseRecords(text, indexTime)[0] as ParsedLog;
  return parsed.timeFromEvent ? parsed : { ...parsed, time: indexTime };
}

/** A row's text as the line reader makes it (see ingest/line-text.ts), without carriage returns. */
function rowText(bytes: Buffer): string {
  // Most rows are plain UTF-8 without colour codes: decoded directly, as line-text would.
  let text = isUtf8(bytes) ? bytes.toString('utf8') : lineText(bytes).text;
  if (text.includes('\x1b') || text.includes('\0')) text = lineText(bytes).text;
  return text.includes('\r') ? text.replace(/\r(?=\n|$)/g, '') : text;
}

/**
 * What a filter on level, service and message reads of a row: as parseRow gives, without
 * building the other fields for a JSON line, the usual case of a large file (a filter's scan
 * reads every row). Docker's json-file lines and OTLP exports take the full way.
 */
export function rowFields(bytes: Buffer, indexTime: number, naming: ServiceNaming): QueryRecord {
  const text = rowText(bytes);
  if (
    text.charCodeAt(0) === 123 &&
    !text.includes('\n') &&
    !text.includes('"stream"') &&
    !text.startsWith('{"resourceLogs"')
  ) {
    const rec = decodeLog(text, indexTime, { skipFields: true });
    if (!rec.plain) {
      const service = naming.override ?? (rec.service !== UNKNOWN_SERVICE ? rec.service : naming.fallback);
      return { level: rec.level, service, message: rec.message, time: rec.timeFromEvent ? rec.time : indexTime };
    }
  }
  return toQueryRecord(parseRecords(text, indexTime)[0] as ParsedLog, naming);
}

/** The service a row shows: `--service`, else what the log names, else its file's name. */
export function serviceOf(parsed: ParsedLog, naming: ServiceNaming): string {
  if (naming.override !== undefined) return naming.override;
  return parsed.service !== UNKNOWN_SERVICE ? parsed.service : naming.fallback;
}

/** The list's view of a parsed row. */
export function toFileRow(parsed: ParsedLog, naming: ServiceNaming, source: number): FileRow {
  return {
    time: parsed.time,
    level: parsed.level,
    service: serviceOf(parsed, naming),
    message: parsed.message,
    source,
  };
}

/** What a query reads of a parsed row. */
export function toQueryRecord(parsed: ParsedLog, naming: ServiceNaming): QueryRecord {
  return {
    level: parsed.level,
    service: serviceOf(parsed, naming),
    message: parsed.message,
    time: parsed.time,
    latencyMs: parsed.latencyMs,
    fields: parsed.fields,
  };
}

/** The full record of a parsed row, as the detail view and a copy show it (the wire form the live path would carry). */
export function toRecord(parsed: ParsedLog, naming: ServiceNaming): LogRecord {
  return {
    ...decodeLog(parsedToWire(parsed, naming), parsed.time),
    time: parsed.time,
    timeFromEvent: parsed.timeFromEvent,
  };
}
