import type { LogRecord } from '../protocol/log-record.js';
import type { Cell, Table } from '../query/pipeline/table.js';

/*
 * What `logstream query` prints: logs as readable lines or normalised JSON, result tables as
 * aligned text or one JSON object per row. Control characters are shown escaped in text
 * output, so a log cannot drive the terminal.
 */

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
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
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
export function logJson(log: LogRecord): string {
  const parts = [`"time":${JSON.stringify(iso(log.time))}`, `"level":${JSON.stringify(log.level)}`, `"service":${JSON.stringify(log.service)}`, `"message":${JSON.stringify(log.message)}`];
  if (log.latencyMs !== undefined) parts.push(`"latency_ms":${jsonValue(log.latencyMs)}`);
  // Written out rather than built as an object: a `__proto__` key stays an ordinary key.
  if (log.fields !== undefined) for (const [k, v] of Object.entries(log.fields)) if (!RESERVED.has(k)) parts.push(`${JSON.stringify(k)}:${jsonValue(v)}`);
  return `{${parts.join(',')}}`;
}

/** Each row as a JSON object keyed by the column names. */
export function tableJson(table: Table): string[] {
  return table.rows.map((row) => `{${table.columns.map((c, i) => `${JSON.stringify(c)}:${jsonValue(row[i] ?? null)}`).join(',')}}`);
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
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  const line = (vals: string[]): string => vals.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(table.columns), ...cells.map(line)];
}
