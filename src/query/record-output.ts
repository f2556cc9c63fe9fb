import type { LogRecord } from '../protocol/log-record.js';
import type { Cell, Table } from './pipeline/table.js';

/*
 * What `logstream query` prints and the collector exports: logs as readable lines, normalised
 * JSON or CSV, result tables as aligned text, one JSON object per row or CSV. Control
 * characters are shown escaped in text output, so a log cannot drive the terminal.
 */

/** The formats logs and tables are written in. */
export type OutputFormat = 'jsonl' | 'csv' | 'text';

/** The format a file name asks for: `.jsonl`/`.json`/`.ndjson` JSON lines, `.csv`, anything else text. */
export function formatForFile(path: string): OutputFormat {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'json' || ext === 'ndjson') return 'jsonl';
  return ext === 'csv' ? 'csv' : 'text';
}

/** Longest cell shown in a text table; the JSON output keeps everything. */
const MAX_CELL_CHARS = 120;
/** Keys of the JSON form that the log's own fields cannot take. */
const RESERVED = new Set(['time', 'level', 'service', 'message', 'latency_ms']);

/** Epoch ms as ISO 8601 (UTC, milliseconds); the number itself when it is no date. */
function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

/** Control characters (but tab and newline) as `\xNN`. */
export function printable(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** `2026-12-05T10:00:00.000Z ERROR api-gateway message`. */
export function logLine(log: LogRecord): string {
  return printable(`${iso(log.time)} ${log.level.toUpperCase().padEnd(5)} ${log.service} ${log.message}`);
}

function jsonValue(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return JSON.stringify(String(v));
  }
}

/** One JSON object: time (ISO), level, service, message, latency_ms, then the log's other fields. */
export function logJson(log: LogRecord, pattern?: { pattern_id: string; pattern: string }): string {
  const parts = [
    `"time":${JSON.stringify(iso(log.time))}`,
    `"level":${JSON.stringify(log.level)}`,
    `"service":${JSON.stringify(log.service)}`,
    `"message":${JSON.stringify(log.message)}`,
  ];
  const mined =
    pattern === undefined
      ? []
      : [`"pattern_id":${JSON.stringify(pattern.pattern_id)}`, `"pattern":${JSON.stringify(pattern.pattern)}`];
  return `{${[...parts, ...mined, ...extraParts(log, pattern !== undefined)].join(',')}}`;
}

/** `"key":value` for latency_ms and the log's other fields. */
function extraParts(log: LogRecord, mined = false): string[] {
  const parts: string[] = [];
  if (log.latencyMs !== undefined) parts.push(`"latency_ms":${jsonValue(log.latencyMs)}`);
  // Written out rather than built as an object: a `__proto__` key stays an ordinary key.
  if (log.fields !== undefined)
    for (const [k, v] of Object.entries(log.fields))
      if (!RESERVED.has(k) && !(mined && (k === 'pattern_id' || k === 'pattern')))
        parts.push(`${JSON.stringify(k)}:${jsonValue(v)}`);
  return parts;
}

/** Each row as a JSON object keyed by the column names. */
export function tableJson(table: Table): string[] {
  return table.rows.map(
    (row) => `{${table.columns.map((c, i) => `${JSON.stringify(c)}:${jsonValue(row[i] ?? null)}`).join(',')}}`,
  );
}

function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isInteger(c) ? String(c) : String(Number(c.toFixed(3)));
  const s = printable(c.replace(/\n/g, '\\n'));
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS - 1)}…` : s;
}

/** An aligned text table with a header; numbers right-aligned. */
export function tableText(table: Table): string[] {
  const cells = table.rows.map((r) => table.columns.map((_, i) => cellText(r[i] ?? null)));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = table.columns.map(
    (_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number' || r[i] === null),
  );
  const line = (vals: string[]): string =>
    vals
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(table.columns), ...cells.map(line)];
}

/**
 * A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). Text a
 * spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) starts with `'`, so an exported log cannot run anything where it is opened.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The header of `logCsv` rows. */
export const LOG_CSV_HEADER = 'time,level,service,message,fields';

/** One CSV row: time (ISO), level, service, message, then the other fields (and latency_ms) as one JSON object. */
export function logCsv(log: LogRecord): string {
  const extra = extraParts(log);
  return [iso(log.time), log.level, log.service, log.message, extra.length === 0 ? '' : `{${extra.join(',')}}`]
    .map(csvField)
    .join(',');
}

/** A table as CSV: the header, then one row per table row (empty cells empty). */
export function tableCsv(table: Table): string[] {
  const cell = (c: Cell): string => (c === null ? '' : typeof c === 'number' ? String(c) : csvField(c));
  return [
    table.columns.map(csvField).join(','),
    ...table.rows.map((r) => table.columns.map((_, i) => cell(r[i] ?? null)).join(',')),
  ];
}

/** A log as one line of `format` (no newline; a line break in a text line is written `\n`, so each log is one line). */
export function logAs(format: OutputFormat, log: LogRecord): string {
  return format === 'jsonl' ? logJson(log) : format === 'csv' ? logCsv(log) : logLine(log).replace(/\n/g, '\\n');
}

/** A table as the lines of `format`, header included where the format has one. */
export function tableAs(format: OutputFormat, table: Table): string[] {
  return format === 'jsonl' ? tableJson(table) : format === 'csv' ? tableCsv(table) : tableText(table);
}
