import { Command, Option } from 'commander';
import { openRedisBus } from '../bus-factory.js';
import { addBusOptions } from '../common.js';
import { positiveInt } from '../options.js';
import { redactUrl } from '../../bus/redis-url.js';
import { runTui } from '../run-tui.js';

interface TuiCommandOptions {
  redis: string;
  logsChannel: string;
  statsChannel: string;
  buffer: number;
  filter?: string;
}

/** `logstream tui`: the collector TUI reading logs and statistics from Redis. */
export function tuiCommand(): Command {
  const cmd = new Command('tui')
    .description('the collector: watch logs and statistics from Redis in the terminal')
    .addOption(new Option('--buffer <n>', 'logs kept in memory (oldest rotated out)').default(10_000).argParser(positiveInt))
    .addOption(new Option('--filter <regex>', 'start with this filter'));
  addBusOptions(cmd);
  return cmd.action(async (o: TuiCommandOptions) => {
    const bus = openRedisBus('tui', o.redis, { quiet: true });
    const code = await runTui(bus, {
      logsChannel: o.logsChannel,
      statsChannel: o.statsChannel,
      buffer: o.buffer,
      sourceLabel: redactUrl(o.redis),
      ...(o.filter !== undefined ? { filter: o.filter } : {}),
      cleanup: () => bus.close(),
    });
    process.exit(code);
  });
}
