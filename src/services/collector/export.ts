import { open, type FileHandle } from 'node:fs/promises';
import type { LogRecord } from '../../protocol/log-record.js';
import type { Table } from '../../query/pipeline/table.js';
import { formatForFile, LOG_CSV_HEADER, logAs, tableAs, type OutputFormat } from '../../query/record-output.js';

/** Logs formatted and written at a time: the worker goes back to its logs between chunks. */
const CHUNK_LOGS = 500;

/** What an export reads: the logs the filter shows, from the engine. */
export interface ExportSource {
  /** Newest log the filter shows now, or undefined when none. */
  newestShown(): number | undefined;
  /** Up to `max` logs the filter shows from `seq` on, oldest first, marker rows left out; `next` continues after them (undefined at the end). */
  shownFrom(seq: number, max: number): { seqs: number[]; next: number | undefined };
  /** The full record of a held log. */
  record(seq: number): LogRecord | undefined;
}

/** How an export ended: what it wrote, or the error that stopped it. */
export interface ExportResult {
  count: number;
  error: string | undefined;
}

/**
 * The shown logs as text chunks of `format`, oldest first: the list as it is when this is
 * called (logs arriving later are left out; logs rotated out before their chunk is cut are lost).
 */
export function exportChunks(
  source: ExportSource,
  format: OutputFormat,
  chunkLogs = CHUNK_LOGS,
): Iterable<{ text: string; count: number }> {
  const until = source.newestShown();
  return {
    *[Symbol.iterator]() {
      if (format === 'csv') yield { text: `${LOG_CSV_HEADER}\n`, count: 0 };
      let cursor: number | undefined = 0;
      while (until !== undefined && cursor !== undefined && cursor <= until) {
        const { seqs, next } = source.shownFrom(cursor, chunkLogs);
        let text = '';
        let count = 0;
        for (const seq of seqs) {
          if (seq > until) break;
          const log = source.record(seq);
          if (log === undefined) continue;
          text += `${logAs(format, log)}\n`;
          count++;
        }
        cursor = next;
        if (text !== '') yield { text, count };
      }
    },
  };
}

/** Writes the shown logs to `path` in the format its name asks for; never throws. */
export async function exportList(source: ExportSource, path: string, overwrite: boolean): Promise<ExportResult> {
  return writeChunks(path, overwrite, exportChunks(source, formatForFile(path)));
}

/** Writes a result table to `path` in the format its name asks for; `count` is its rows. Never throws. */
export async function exportTable(table: Table, path: string, overwrite: boolean): Promise<ExportResult> {
  const lines = tableAs(formatForFile(path), table);
  return writeChunks(path, overwrite, [{ text: lines.map((l) => `${l}\n`).join(''), count: table.rows.length }]);
}

async function writeChunks(
  path: string,
  overwrite: boolean,
  chunks: Iterable<{ text: string; count: number }>,
): Promise<ExportResult> {
  let file: FileHandle | undefined;
  let count = 0;
  try {
    // 'wx' fails on an existing file: an export never replaces one unless asked to.
    file = await open(path, overwrite ? 'w' : 'wx');
    for (const chunk of chunks) {
      await writeAll(file, chunk.text);
      count += chunk.count;
    }
    await file.close();
    file = undefined;
    return { count, error: undefined };
  } catch (err) {
    await file?.close().catch(() => undefined);
    return { count, error: describeFileError(err, path) };
  }
}

/** Writes all of `text` (a write may take only part of it). */
async function writeAll(file: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
}

/** `EACCES: /root/x`, and for an existing file how to replace it. */
export function describeFileError(err: unknown, path: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EEXIST') return `${path} exists (end the name with ! to overwrite it)`;
  if (typeof code === 'string') return `${code}: ${path}`;
  return err instanceof Error ? err.message : String(err);
}
