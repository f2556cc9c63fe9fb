import { statSync } from 'node:fs';
import { isatty } from 'node:tty';
import { Command, Option } from 'commander';
import { activeConfig } from '../../config/cli-config.js';
import { inputProblem } from '../../ingest/input-check.js';
import type { LineInput } from '../../ingest/line-sources.js';
import { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL } from '../../protocol/channels.js';
import { UsageError } from '../common.js';
import { numberOption, RANGES } from '../options.js';
import { runTui } from '../run-tui.js';
import {
  addTimeRangeOptions,
  lineLimit,
  noMouseOption,
  orderOption,
  timeRange,
  tuiSettings,
  type TuiCommandOptions,
} from '../tui-options.js';

interface ViewOptions extends TuiCommandOptions {
  service?: string;
}

/** `logstream view [FILE...]` (and `cmd | logstream`): the TUI on local logs, with live statistics, no Redis. */
export function viewCommand(): Command {
  const cmd = new Command('view')
    .description(
      'watch log files (followed like tail -F) or piped-in logs in the TUI, with live statistics; no Redis needed. ' +
        'Every line of the files stays navigable (indexed, read from disk when shown); several files are merged by time',
    )
    .argument('[files...]', 'log files to follow; stdin when none')
    .addOption(
      new Option('--service <name>', 'service name for every log (default: what the log says, else the file name)'),
    )
    .addOption(
      new Option('--buffer <n>', 'logs kept in memory from stdin or a pipe (oldest rotated out)')
        .default(activeConfig()?.defaults?.buffer ?? 10_000)
        .argParser(numberOption(RANGES.buffer)),
    )
    .addOption(new Option('--filter <query>', 'start with this filter (regex and field terms)'))
    .addOption(orderOption())
    .addOption(noMouseOption())
    .addOption(
      new Option('--max-line-bytes <n>', 'longer lines are cut (default 262144)').argParser(
        numberOption(RANGES.lineBytes),
      ),
    );
  addTimeRangeOptions(cmd, { since: true });
  return cmd.action(async (files: string[], o: ViewOptions) => {
    if (files.length === 0 && isatty(0))
      throw new Error('nothing to view: give log files, or pipe logs in (some-command | logstream)');
    // Before the terminal is taken over: a path that cannot be read is a one-line error (exit 2).
    for (const path of files) {
      const problem = inputProblem(path);
      if (problem !== undefined) throw new UsageError(`cannot view ${path}: ${problem}`);
    }
    const range = timeRange(o);
    const inputs: LineInput[] =
      files.length === 0 ? [{ kind: 'stdin' }] : files.map((path) => ({ kind: 'file', path }));
    const common = {
      logsChannel: DEFAULT_LOGS_CHANNEL,
      statsChannel: DEFAULT_STATS_CHANNEL,
      capacity: o.buffer,
      ...(o.service !== undefined ? { service: o.service } : {}),
      ...lineLimit(o),
      ...range,
    };
    // Regular files are indexed and kept whole; a pipe (stdin, a FIFO) can only be buffered as it flows.
    const indexable = files.length > 0 && files.every((path) => statSync(path).isFile());
    const code = await runTui({
      engine: indexable ? { mode: 'files', paths: files, ...common } : { mode: 'local', inputs, ...common },
      sourceLabel: files.length === 0 ? 'stdin' : files.length === 1 ? (files[0] as string) : `${files.length} files`,
      ...tuiSettings(cmd, o),
    });
    process.exit(code);
  });
}
