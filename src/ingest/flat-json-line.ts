import { isUtf8 } from 'node:buffer';
import type { LogRecord } from '../protocol/log-record.js';
import { scanFlatLog } from '../protocol/log-scan-flat.js';

const REFUSE_STREAM = { refuseStream: true } as const;

/**
 * A line that is a flat JSON object and nothing else the line pipeline treats specially, read
 * straight to its log (its text in `raw`): what `lineText` and `parseLine` (without fields)
 * would make of it, with one pass over its characters and no JSON.parse (see log-scan-flat.ts).
 * Undefined for any other line, which then takes the general way: not UTF-8, a Docker
 * json-file line (a `log` the driver may have cut, a `stream` field), a line the scanner
 * refuses. Control characters (colour codes, NUL), which lineText rewrites, are refused by the
 * scanner.
 */
export function flatJsonLine(bytes: Buffer, arrivalMs: number): LogRecord | undefined {
  if (bytes[0] !== 123 || !isUtf8(bytes)) return undefined;
  const text = bytes.toString();
  return text.startsWith('{"log":"') ? undefined : scanFlatLog(text, arrivalMs, REFUSE_STREAM);
}
