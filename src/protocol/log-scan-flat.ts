import type { LogRecord } from './log-record.js';
import { UNKNOWN_SERVICE } from './log-record.js';
import { CONTROL } from './flat-json.js';
import { FlatScan } from './flat-scan.js';

/*
 * A second fast path of `decodeLog(text, arrival, { skipFields: true })`, for flat JSON objects
 * in any key order (journald `-o json`, logfmt-like JSON, most loggers' lines without nested
 * objects): one pass over the characters checks the JSON grammar and reads only the values of
 * keys that play a role, with no object built for the others (see flat-scan.ts). Whatever it
 * does not handle (a nested object or array, an escaped key, a role key given twice, a Docker
 * `log` holding JSON, text longer than decodeLog reads whole) it refuses, and the general path
 * decides; a property test checks that every text it accepts decodes the same both ways.
 */

/** Longest text taken: any longer one might be over decodeLog's 64 KiB limit in UTF-8. */
export const MAX_FLAT_CHARS = Math.floor((64 * 1024) / 3);

/** What scanFlatLog also refuses. */
export interface FlatScanOptions {
  /** A `stream` key: the line parser reads such a line as Docker's json-file (see parse-line.ts). */
  refuseStream?: boolean;
}

const scanner = new FlatScan();

/**
 * The record `decodeLog(t, arrivalMs, { skipFields: true })` returns, when `t` is a flat JSON
 * object this scanner handles; undefined otherwise.
 */
export function scanFlatLog(t: string, arrivalMs: number, opts?: FlatScanOptions): LogRecord | undefined {
  if (t.length > MAX_FLAT_CHARS || CONTROL.test(t)) return undefined;
  if (!scanner.scan(t, 0, t.length, opts?.refuseStream === true)) return undefined;
  return flatRecord(scanner, t, arrivalMs);
}

/** The record of what `scan` read last: every role value read now. */
export function flatRecord(scan: FlatScan, raw: string, arrivalMs: number): LogRecord {
  const time = scan.time();
  return {
    time: time ?? arrivalMs,
    timeFromEvent: time !== undefined,
    level: scan.level(),
    service: scan.service() ?? UNKNOWN_SERVICE,
    message: scan.message() ?? '',
    latencyMs: scan.latency(),
    fields: undefined,
    plain: false,
    raw,
    producer: undefined,
    truncated: false,
  };
}
