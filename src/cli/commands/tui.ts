import { Command, Option } from 'commander';
import { redactUrl } from '../../bus/redis-url.js';
import { addBusOptions } from '../common.js';
import { positiveInt } from '../options.js';
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
    const code = await runTui({
      engine: { mode: 'redis', redis: { url: o.redis, name: 'logstream-tui' }, logsChannel: o.logsChannel, statsChannel: o.statsChannel, capacity: o.buffer },
      sourceLabel: redactUrl(o.redis),
      ...(o.filter !== undefined ? { filter: o.filter } : {}),
    });
    process.exit(code);
  });
}
