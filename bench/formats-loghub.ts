/**
 * Format recognition on Loghub's 2k samples (sixteen systems): each system's raw lines (rebuilt
 * from its structured CSV by its documented layout, or its raw log when present) go through
 * LogStream's own line pipeline, as `ship` and `view` read a file: multi-line joining, then the
 * line parser. Prints, per system and overall, how many records came out (one per row, else a
 * line was joined to its neighbour) and the share whose time (to the second), level and message
 * match the CSV's columns; bench/lib/loghub-truth.ts says what each system's truth is. Skips
 * when LOGHUB_DIR is not set.
 *
 *   LOGHUB_DIR=/path/to/loghub npm run eval:formats [-- --limit 2000] [-- --show System]
 */
import { pathToFileURL } from 'node:url';
import { LinePipeline } from '../src/ingest/line-pipeline.js';
import { decodeLog } from '../src/protocol/log-decode.js';
import type { LogRecord } from '../src/protocol/log-record.js';
import type { Row } from './lib/loghub-formats.js';
import { arg, loghubDir, readLoghubSamples } from './lib/loghub-samples.js';
import { LOGHUB_TRUTH } from './lib/loghub-truth.js';

/** One system's result; `level` is undefined where the system has no level to check. */
export interface FormatScore {
  system: string;
  rows: number;
  records: number;
  time: number;
  level: number | undefined;
  message: number;
  misses: string[];
}

/** The logs `ship` makes of these lines, read back from their wire form. */
export function readLines(lines: readonly string[], nowMs: number): LogRecord[] {
  const wires: string[] = [];
  const pipeline = new LinePipeline({
    naming: { fallback: 'loghub' },
    publish: (w) => wires.push(w) > 0,
    now: () => nowMs,
  });
  pipeline.push(Buffer.from(`${lines.join('\n')}\n`));
  pipeline.end();
  return wires.map((w) => decodeLog(w, nowMs));
}

/** Scores one system's rows; `nowMs` is the reading time (a year-less date takes its year from it). */
export function scoreSystem(
  system: string,
  rows: readonly Row[],
  lines: readonly string[],
  nowMs: number,
): FormatScore {
  const truth = LOGHUB_TRUTH[system];
  const logs = readLines(lines, nowMs);
  const s: FormatScore = {
    system,
    rows: rows.length,
    records: logs.length,
    time: 0,
    level: truth?.levelFrom === undefined ? undefined : 0,
    message: 0,
    misses: [],
  };
  if (logs.length !== rows.length) {
    // Fields cannot be matched to rows: show the records that joined lines instead.
    s.misses = logs.filter((l) => l.message.includes('\n')).map((l) => `joined: ${JSON.stringify(l.message)}`);
    return s;
  }
  if (truth === undefined) return s;
  rows.forEach((r, i) => {
    const log = logs[i] as LogRecord;
    const t = truth.time(r, nowMs);
    const okTime = t !== undefined && Math.floor(t / 1000) === Math.floor(log.time / 1000);
    const lv = truth.level(r);
    const okLevel = s.level === undefined || lv === log.level;
    const okMessage = log.message === (r.Content ?? '');
    if (okTime) s.time++;
    if (okLevel && s.level !== undefined) s.level++;
    if (okMessage) s.message++;
    if (!(okTime && okLevel && okMessage)) {
      const want = `${t === undefined ? '?' : new Date(t).toISOString()} ${lv ?? '-'} ${JSON.stringify(r.Content)}`;
      const got = `${new Date(log.time).toISOString()} ${log.level} ${JSON.stringify(log.message)}`;
      s.misses.push(`${lines[i] ?? ''}\n  want ${want}\n  got  ${got}`);
    }
  });
  return s;
}

/** Scores every system found under `dir`, on at most `limit` rows each. */
export function evaluateFormats(dir: string, limit = Infinity, nowMs = Date.now()): FormatScore[] {
  return readLoghubSamples(dir, limit).map(({ system, rows, lines }) => scoreSystem(system, rows, lines, nowMs));
}

const pct = (n: number | undefined, d: number): string =>
  n === undefined ? '—' : `${((100 * n) / Math.max(d, 1)).toFixed(1)}%`;

/** The table `npm run eval:formats` prints. */
export function formatTable(scores: readonly FormatScore[]): string {
  const head = `${'system'.padEnd(12)} ${'rows'.padStart(5)} ${'records'.padStart(7)} ${'time'.padStart(7)} ${'level'.padStart(7)} ${'message'.padStart(7)}`;
  const line = (name: string, rows: number, records: number, t: number, l: number | undefined, ld: number, m: number) =>
    `${name.padEnd(12)} ${String(rows).padStart(5)} ${String(records).padStart(7)} ${pct(t, rows).padStart(7)} ${pct(l, ld).padStart(7)} ${pct(m, rows).padStart(7)}`;
  const body = scores.map((s) => line(s.system, s.rows, s.records, s.time, s.level, s.rows, s.message));
  const sum = (f: (s: FormatScore) => number): number => scores.reduce((a, s) => a + f(s), 0);
  const leveled = scores.filter((s) => s.level !== undefined);
  const total = line(
    'all',
    sum((s) => s.rows),
    sum((s) => s.records),
    sum((s) => s.time),
    leveled.reduce((a, s) => a + (s.level ?? 0), 0),
    leveled.reduce((a, s) => a + s.rows, 0),
    sum((s) => s.message),
  );
  return [head, ...body, total].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = loghubDir();
  if (dir !== undefined) {
    const scores = evaluateFormats(dir, Number(arg('--limit') ?? Infinity));
    const show = arg('--show');
    if (show !== undefined) {
      for (const s of scores.filter((x) => x.system === show)) console.log(s.misses.join('\n'));
    } else {
      console.log(formatTable(scores));
      const joined = scores.filter((s) => s.records !== s.rows);
      console.log(
        joined.length === 0
          ? 'one record per row on every system'
          : `records differ from rows on ${joined.map((s) => s.system).join(', ')}`,
      );
    }
  }
}
