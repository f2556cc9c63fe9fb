import { once } from 'node:events';
import { isatty } from 'node:tty';
import { Command, Option } from 'commander';
import { inputProblem } from '../../ingest/input-check.js';
import { startLineSources, type LineInput, type WireSink } from '../../ingest/line-sources.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../ingest/line-splitter.js';
import { decodeLog } from '../../protocol/log-decode.js';
import type { LogRecord } from '../../protocol/log-record.js';
import type { QueryRecord } from '../../query/eval/field-path.js';
import { compileLogQuery } from '../../query/log-query.js';
import { createPipeline, newPatternMiner } from '../../query/pipeline/pipeline.js';
import { patternText } from '../../query/pipeline/patterns-stage.js';
import { emptyRangeProblem, inTimeRange, type TimeRange } from '../../core/time-bound.js';
import type { RedisCliOptions } from '../bus-factory.js';
import { addBusOptions, say, UsageError } from '../common.js';
import { numberOption, RANGES, timeOption } from '../options.js';
import { logJson, logLine, tableJson, tableText } from '../query-output.js';

interface QueryOptions extends RedisCliOptions {
  json?: boolean;
  withPattern?: boolean;
  maxLineBytes?: number;
  logsChannel: string;
  until?: number;
}

/** Options that only mean something with --redis. */
const LIVE_ONLY = [
  'cluster',
  'shards',
  'transport',
  'backfill',
  'logsChannel',
  'tlsCa',
  'tlsCert',
  'tlsKey',
  'redisPasswordFile',
] as const;

/** Exit codes: something matched, nothing did, the query or an input was bad. */
const EXIT_MATCH = 0;
const EXIT_NO_MATCH = 1;
const EXIT_BAD = 2;
const QUERY_READ_BYTES = 1024 * 1024;

/**
 * `logstream query [--json] 'QUERY' [FILE...]`: runs the query language over files or stdin,
 * prints the result and exits; with `--redis URL`, over the live stream until Ctrl-C.
 */
export function queryCommand(): Command {
  const cmd = new Command('query')
    .description(
      'run a query over log files or stdin, print the matching logs or the result table, and exit (see docs/query.md); 0 = matches, 1 = none, 2 = bad query or file. With --redis: over the live stream until Ctrl-C (exit 0), the table reprinted each second it changes',
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
      new Option('--until <time>', 'only logs whose own time is before <time> (same forms as --since)').argParser((v) =>
        timeOption(v),
      ),
    )
    .addOption(
      new Option('--max-line-bytes <n>', 'longer lines are cut')
        .default(DEFAULT_MAX_LINE_BYTES)
        .argParser(numberOption(RANGES.lineBytes)),
    );
  // A query only reads the stream: no --retention, which caps what a producer writes.
  addBusOptions(cmd, { stats: false, backfill: true, retention: false });
  return cmd.action(async (text: string, files: string[], o: QueryOptions) => {
    const live = cmd.getOptionValueSource('redis') === 'cli';
    if (live && files.length > 0)
      throw new UsageError('--redis queries the live stream: give no files (or leave out --redis to query them)');
    const stray = LIVE_ONLY.find((k) => cmd.getOptionValueSource(k) === 'cli');
    if (!live && stray !== undefined)
      throw new UsageError(`--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} goes with --redis URL`);
    const code = await runQuery(text, live ? undefined : files, o);
    // Output to a pipe is written synchronously on Linux; the callback covers the other cases.
    process.stdout.write('', () => process.exit(code));
  });
}

/** Pattern ids number the patterns of one TUI session; a headless query names a pattern by its template. */
function refusePatternId(id: string): { error: string } {
  return {
    error: `pattern:${id} names a pattern of the TUI's patterns view; here write its template: pattern:"<template>"`,
  };
}

/** Runs the query over `files` (stdin when empty), or over the live stream when `files` is undefined. */
async function runQuery(text: string, files: string[] | undefined, o: QueryOptions): Promise<number> {
  const compiled = compileLogQuery(text, { patternById: refusePatternId });
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
  const range: TimeRange = {
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
  };
  const empty = emptyRangeProblem(range);
  if (empty !== undefined) throw new UsageError(empty);
  const bounded = o.since !== undefined || o.until !== undefined;
  const json = o.json === true;
  const miner = o.withPattern === true && !pipeline.makesTable ? newPatternMiner() : undefined;
  const formatLog = (log: LogRecord): string => {
    if (miner === undefined) return json ? logJson(log) : logLine(log);
    const pattern = miner.add(patternText(log.message), log.time);
    return json
      ? logJson(log, { pattern_id: String(pattern.id), pattern: pattern.template })
      : `${logLine(log)}  [${pattern.id}: ${pattern.template}]`;
  };
  if (files === undefined) {
    const live = bounded
      ? {
          ...compiled,
          filter: (log: QueryRecord) => inTimeRange(log.time ?? Date.now(), range) && compiled.filter(log),
        }
      : compiled;
    // Imported here: a query over files loads none of the Redis client's modules.
    const { runLiveQuery } = await import('../query-live.js');
    return runLiveQuery(live, pipeline, { json, formatLog, redis: o, maxLineBytes: o.maxLineBytes });
  }
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
  // The collector's decoder skips `fields` when nothing reads or prints them.
  const skipFields = !compiled.readsFields && (pipeline.makesTable || !json);
  const limit = pipeline.logLimit ?? Infinity;
  let matched = 0;
  let reachLimit = (): void => undefined;
  const limitReached = new Promise<void>((resolve) => (reachLimit = resolve));
  const take = (log: LogRecord): boolean => {
    if (bounded && !inTimeRange(log.time, range)) return true;
    if (!filter(log)) return true;
    matched++;
    if (matched >= limit) reachLimit();
    if (pipeline.makesTable) {
      pipeline.add(log);
      return true;
    }
    return process.stdout.write(`${formatLog(log)}\n`);
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
