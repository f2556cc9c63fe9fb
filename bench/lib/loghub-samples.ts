/**
 * Reading Loghub's 2k samples, as the evaluations on them (patterns-loghub.ts, formats-loghub.ts)
 * share it: each system's structured CSV, its raw lines, and the command line they take.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGHUB_FORMATS, parseCsv, type Row } from './loghub-formats.js';

/** One system's sample: its structured rows and as many raw lines. */
export interface LoghubSample {
  system: string;
  rows: Row[];
  lines: string[];
  /** Whether the raw lines came from the raw log (else they were rebuilt from the CSV). */
  linesFromLog: boolean;
}

const csvPath = (dir: string, system: string): string => join(dir, system, `${system}_2k.log_structured.csv`);

/** Reads one system's sample, at most `limit` rows; the raw lines from `<System>_2k.log` when present. */
export function readLoghubSample(dir: string, system: string, limit = Infinity): LoghubSample {
  const rows = parseCsv(readFileSync(csvPath(dir, system), 'utf8')).slice(0, limit);
  const log = join(dir, system, `${system}_2k.log`);
  if (existsSync(log)) {
    const lines = readFileSync(log, 'utf8').split(/\r?\n/).slice(0, rows.length);
    if (lines.length === rows.length) return { system, rows, lines, linesFromLog: true };
  }
  const format = LOGHUB_FORMATS[system];
  const lines = rows.map((r) => (format === undefined ? (r.Content ?? '') : format(r)));
  return { system, rows, lines, linesFromLog: false };
}

/** The sample of every system whose CSV is under `dir`, in LOGHUB_FORMATS's order. */
export function readLoghubSamples(dir: string, limit = Infinity): LoghubSample[] {
  return Object.keys(LOGHUB_FORMATS)
    .filter((system) => existsSync(csvPath(dir, system)))
    .map((system) => readLoghubSample(dir, system, limit));
}

/** LOGHUB_DIR when it names a folder; otherwise says the run is skipped and gives undefined. */
export function loghubDir(): string | undefined {
  const dir = process.env.LOGHUB_DIR;
  if (dir !== undefined && dir !== '' && existsSync(dir)) return dir;
  console.log("skipped: set LOGHUB_DIR to a folder holding Loghub's <System>/<System>_2k.log_structured.csv");
  return undefined;
}

/** The value after `name` on the command line. */
export function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}
