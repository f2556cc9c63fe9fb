import { Option, type Command } from 'commander';
import { activeConfig } from '../config/cli-config.js';
import { emptyRangeProblem, type TimeRange } from '../core/time-bound.js';
import type { Order } from '../tui/state/model.js';
import { SINCE_FORMS, UsageError } from './common.js';
import { numberOption, RANGES, timeOption } from './options.js';

/** Options every TUI command shares (`demo`, `tui`, `view`). */
export interface TuiCommandOptions {
  buffer: number;
  filter?: string;
  order?: Order;
  mouse: boolean;
  maxLineBytes?: number;
  since?: number;
  until?: number;
}

/** Adds --buffer, --filter, --order and --no-mouse; defaults come from the config file when it sets them. */
export function addTuiOptions(cmd: Command): Command {
  const defaults = activeConfig()?.defaults;
  return cmd
    .addOption(
      new Option('--buffer <n>', 'logs kept in memory (oldest rotated out)')
        .default(defaults?.buffer ?? 10_000)
        .argParser(numberOption(RANGES.buffer)),
    )
    .addOption(new Option('--filter <query>', 'start with this filter (regex and field terms)'))
    .addOption(orderOption())
    .addOption(noMouseOption())
    .addOption(
      new Option('--max-line-bytes <n>', 'larger logs are cut and shown as plain text (default 65536)').argParser(
        numberOption(RANGES.lineBytes),
      ),
    );
}

/** --order: where the newest log is (default: the config file's, else newest first). */
export function orderOption(): Option {
  return new Option('--order <order>', 'where the newest log is').choices(['newest-first', 'oldest-first']);
}

/** --no-mouse: no mouse reporting, so the terminal's own text selection works. */
export function noMouseOption(): Option {
  return new Option('--no-mouse', 'leave the mouse to the terminal (no wheel scrolling)');
}

/** `maxLineBytes` for the engine config, when given. */
export function lineLimit(o: { maxLineBytes?: number }): { maxLineBytes?: number } {
  return o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {};
}

/** The TUI options as runTui takes them: unset ones stay unset so the config file can decide. */
export function tuiSettings(cmd: Command, o: TuiCommandOptions): { order?: Order; mouse?: boolean; filter?: string } {
  return {
    ...(o.order !== undefined ? { order: o.order } : {}),
    ...(cmd.getOptionValueSource('mouse') === 'cli' ? { mouse: o.mouse } : {}),
    ...(o.filter !== undefined ? { filter: o.filter } : {}),
  };
}

/** --since (unless the command has its own) and --until: the range of the logs' own times the TUI shows. */
export function addTimeRangeOptions(cmd: Command, opts: { since: boolean }): Command {
  if (opts.since)
    cmd.addOption(
      new Option('--since <time>', `show only logs whose own time is at or after <time>: ${SINCE_FORMS}`).argParser(
        (v) => timeOption(v),
      ),
    );
  return cmd.addOption(
    new Option('--until <time>', 'show only logs whose own time is before <time> (same forms as --since)').argParser(
      (v) => timeOption(v),
    ),
  );
}

/** The engine's time range from --since/--until; a range that cannot hold a log is a UsageError. */
export function timeRange(o: { since?: number; until?: number }): { range?: TimeRange } {
  const range: TimeRange = {
    ...(o.since !== undefined ? { since: o.since } : {}),
    ...(o.until !== undefined ? { until: o.until } : {}),
  };
  const problem = emptyRangeProblem(range);
  if (problem !== undefined) throw new UsageError(problem);
  return o.since === undefined && o.until === undefined ? {} : { range };
}
