/**
 * Grouping accuracy of the pattern miner on Loghub's 2k samples (sixteen systems), with no
 * per-system setting. Reads LOGHUB_DIR/<System>/<System>_2k.log_structured.csv (and
 * <System>_2k.log when present) and prints, per system, the accuracy on the Content column and
 * on the raw lines read through LogStream's own line parser (which must find the message
 * behind the date, level and component); without the raw log the line is rebuilt from the
 * CSV's columns. The truth is the EventId column. Skips when LOGHUB_DIR is not set.
 *
 *   LOGHUB_DIR=/path/to/loghub npm run eval:patterns [-- --limit 2000] [-- --show System]
 */
import { pathToFileURL } from 'node:url';
import { parseLine } from '../src/ingest/parse-line.js';
import { PatternMiner } from '../src/query/patterns/pattern-miner.js';
import { groupingAccuracy } from '../test/helpers/grouping-accuracy.js';
import { arg, loghubDir, readLoghubSample, readLoghubSamples } from './lib/loghub-samples.js';

/** The published anchor: Drain's average over the same sixteen systems, with per-system regexes. */
export const DRAIN_AVERAGE = 0.865;

/** One system's result. */
export interface LoghubRow {
  system: string;
  rows: number;
  content: number;
  raw: number;
  /** Whether the raw lines came from the raw log (else they were rebuilt from the CSV). */
  rawFromLog: boolean;
}

/** The miner's group id for each message, in order. */
function groups(messages: readonly string[]): string[] {
  const miner = new PatternMiner();
  return messages.map((m, i) => miner.add(m, i).id);
}

/** Evaluates every system found under `dir`, on at most `limit` rows each. */
export function evaluateLoghub(dir: string, limit = Infinity): LoghubRow[] {
  return readLoghubSamples(dir, limit).map(({ system, rows, lines, linesFromLog }) => {
    const truth = rows.map((r) => r.EventId ?? '');
    const parsed = lines.map((l) => parseLine(l, 0).message);
    return {
      system,
      rows: rows.length,
      content: groupingAccuracy(truth, groups(rows.map((r) => r.Content ?? ''))),
      raw: groupingAccuracy(truth, groups(parsed)),
      rawFromLog: linesFromLog,
    };
  });
}

/** The messages of one system the miner groups wrongly, with their template and truth. */
export function mistakes(dir: string, system: string, limit = Infinity, raw = false): string[] {
  const { rows, lines } = readLoghubSample(dir, system, limit);
  const messages = raw ? lines.map((l) => parseLine(l, 0).message) : rows.map((r) => r.Content ?? '');
  const miner = new PatternMiner();
  const found = messages.map((m, i) => miner.add(m, i));
  const truthSize = new Map<string, number>();
  const bySize = new Map<string, Map<string, number>>();
  rows.forEach((r, i) => {
    const t = r.EventId ?? '';
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    const id = (found[i] as { id: string }).id;
    const m = bySize.get(id) ?? new Map<string, number>();
    m.set(t, (m.get(t) ?? 0) + 1);
    bySize.set(id, m);
  });
  const out: string[] = [];
  rows.forEach((r, i) => {
    const f = found[i] as { id: string; template: string };
    const g = bySize.get(f.id) as Map<string, number>;
    const t = r.EventId ?? '';
    if (g.size !== 1 || g.get(t) !== truthSize.get(t))
      out.push(`${t.padEnd(5)} #${f.id.padEnd(4)} ${f.template}\n      ${messages[i] ?? ''}`);
  });
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = loghubDir();
  if (dir !== undefined) {
    const limit = Number(arg('--limit') ?? Infinity);
    const show = arg('--show');
    if (show !== undefined) {
      for (const line of mistakes(dir, show, limit, process.argv.includes('--raw'))) console.log(line);
    } else {
      const rows = evaluateLoghub(dir, limit);
      console.log('system       rows  GA content  GA raw line');
      for (const r of rows) {
        const note = r.rawFromLog ? '' : '  (line rebuilt from the CSV)';
        console.log(
          `${r.system.padEnd(12)} ${String(r.rows).padStart(4)}  ${r.content.toFixed(3).padStart(10)}  ${r.raw.toFixed(3).padStart(11)}${note}`,
        );
      }
      const avg = (f: (r: LoghubRow) => number): string =>
        (rows.reduce((s, r) => s + f(r), 0) / Math.max(rows.length, 1)).toFixed(3);
      console.log(
        `${'average'.padEnd(12)} ${''.padStart(4)}  ${avg((r) => r.content).padStart(10)}  ${avg((r) => r.raw).padStart(11)}`,
      );
      console.log(`Drain (published, per-system regexes): ${DRAIN_AVERAGE}`);
    }
  }
}
