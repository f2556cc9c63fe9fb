import { once } from 'node:events';
import { isatty } from 'node:tty';
import { Command, Option } from 'commander';
import { inputProblem } from '../../ingest/input-check.js';
import { startLineSources, type LineInput, type WireSink } from '../../ingest/line-sources.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../ingest/line-splitter.js';
import { decodeLog } from '../../protocol/log-decode.js';
import type { LogRecord } from '../../protocol/log-record.js';
import { compileLogQuery } from '../../query/log-query.js';
import { createPipeline, newPatternMiner } from '../../query/pipeline/pipeline.js';
import { patternText } from '../../query/pipeline/patterns-stage.js';
import { say, UsageError } from '../common.js';
import { numberOption, RANGES } from '../options.js';
import { logJson, logLine, tableJson, tableText } from '../query-output.js';

interface QueryOptions {
  json?: boolean;
  withPattern?: boolean;
  maxLineBytes?: number;
}

/** Exit codes: something matched, nothing did, the query or an input was bad. */
const EXIT_MATCH = 0;
const EXIT_NO_MATCH = 1;
const EXIT_BAD = 2;
const QUERY_READ_BYTES = 1024 * 1024;

/** `logstream query [--json] 'QUERY' [FILE...]`: runs the query language over files or stdin, prints the result and exits. */
export function queryCommand(): Command {
  const cmd = new Command('query')
    .description(
      'run a query over log files or stdin, print the matching logs or the result table, and exit (see docs/query.md); 0 = matches, 1 = none, 2 = bad query or file',
    )
    .argument(
      '<query>',
      'a filter, then optional stages: \'level:error | stats count by service\'; "" matches every log; put -- before a query that starts with -',
    )
    .argument('[files...]', 'log files (any format view reads); stdin when none or "-"')
    .addOption(
      new Option(
        '--json',
        'one JSON object per line: the logs (time, level, service, message, fields) or the rows of the table',
      ),
    )
    .addOption(
      new Option(
        '--with-pattern',
        "add each printed log's pattern: pattern_id and pattern (the template its message belongs to, as mined so far)",
      ),
    )
    .addOption(
      new Option('--max-line-bytes <n>', 'longer lines are cut')
        .default(DEFAULT_MAX_LINE_BYTES)
        .argParser(numberOption(RANGES.lineBytes)),
    );
  return cmd.action(async (text: string, files: string[], o: QueryOptions) => {
    const code = await runQuery(text, files, o);
    // Output to a pipe is written synchronously on Linux; the callback covers the other cases.
    process.stdout.write('', () => process.exit(code));
  });
}

async function runQuery(text: string, files: string[], o: QueryOptions): Promise<number> {
  const compiled = compileLogQuery(text);
  if (!compiled.ok) {
    say('query', compiled.error);
    return EXIT_BAD;
  }
  const started = createPipeline(compiled.stages);
  if (!started.ok) {
    say('query', started.error);
    return EXIT_BAD;
  }
  const pipeline = started.pipeline;
  for (const path of files) {
    if (path === '-') continue;
    const problem = inputProblem(path);
    if (problem !== undefined) throw new UsageError(`cannot query ${path}: ${problem}`);
  }
  const wantsStdin = files.length === 0 || files.includes('-');
  if (wantsStdin && isatty(0))
    throw new UsageError('nothing to query: give log files, or pipe logs in (some-command | logstream query QUERY)');
  const inputs: LineInput[] =
    files.length === 0
      ? [{ kind: 'stdin' }]
      : files.map((path) => (path === '-' ? { kind: 'stdin' } : { kind: 'file', path }));

  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // The reader went away (`| head`): nothing more to say.
    if (err.code === 'EPIPE') process.exit(EXIT_MATCH);
  });
  const filter = compiled.filter;
  const json = o.json === true;
  // The collector's decoder skips `fields` when nothing reads or prints them.
  const skipFields = !compiled.needsFields && (pipeline.makesTable || !json);
  const limit = pipeline.logLimit ?? Infinity;
  const miner = o.withPattern === true && !pipeline.makesTable ? newPatternMiner() : undefined;
  let matched = 0;
  let reachLimit = (): void => undefined;
  const limitReached = new Promise<void>((resolve) => (reachLimit = resolve));
  const take = (log: LogRecord): boolean => {
    if (!filter(log)) return true;
    matched++;
    if (matched >= limit) reachLimit();
    if (pipeline.makesTable) {
      pipeline.add(log);
      return true;
    }
    if (miner === undefined) return process.stdout.write(`${json ? logJson(log) : logLine(log)}\n`);
    const pattern = miner.add(patternText(log.message), log.time);
    return process.stdout.write(
      `${json ? logJson(log, { pattern_id: String(pattern.id), pattern: pattern.template }) : `${logLine(log)}  [${pattern.id}: ${pattern.template}]`}\n`,
    );
  };
  const sink: WireSink = {
    publish: (wire) => (matched >= limit ? true : take(decodeLog(wire, Date.now(), { skipFields }))),
    drain: async () => {
      await once(process.stdout, 'drain');
    },
  };
  // One input after the other, so that the output follows the order of the files.
  for (const input of inputs) {
    const sources = startLineSources({
      inputs: [input],
      sink,
      // Without fields to keep, each line is read once into its record, with no wire form between.
      ...(skipFields ? { publishRecord: (log: LogRecord) => (matched >= limit ? true : take(log)) } : {}),
      follow: false,
      // A file is read to its end at once: fewer, larger reads (bench: query-file).
      chunkBytes: QUERY_READ_BYTES,
      ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
    });
    // A `head` that is satisfied stops reading (a blocked read of stdin is ended by the exit).
    const stopped = await Promise.race([
      sources.done.then(() => false),
      limitReached.then(() => sources.stop()).then(() => true),
    ]);
    if (stopped) break;
  }
  if (pipeline.makesTable) {
    const table = pipeline.table();
    for (const note of table.notes) say('query', note);
    const lines = json ? tableJson(table) : tableText(table);
    process.stdout.write(lines.map((l) => `${l}\n`).join(''));
  }
  return matched > 0 ? EXIT_MATCH : EXIT_NO_MATCH;
}
