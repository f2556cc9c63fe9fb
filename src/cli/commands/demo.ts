import { Command, Option } from 'commander';
import { DEFAULT_LOGS_CHANNEL, DEFAULT_STATS_CHANNEL } from '../../protocol/channels.js';
import { nameList, numberOption, RANGES } from '../options.js';
import { runTui } from '../run-tui.js';
import { addTuiOptions, lineLimit, tuiSettings, type TuiCommandOptions } from '../tui-options.js';

interface DemoOptions extends TuiCommandOptions {
  rate: number;
  services?: string[];
  seed?: string;
}

/** `logstream demo`: sender, analyzer and collector in one process over an in-memory bus. */
export function demoCommand(): Command {
  const cmd = new Command('demo')
    .description('everything in one process, no Redis needed: dummy logs, analyzer and the TUI')
    .addOption(new Option('--rate <n>', 'dummy logs per second').default(20).argParser(numberOption(RANGES.rate)))
    .addOption(new Option('--services <list>', 'comma-separated service names').argParser(nameList))
    .addOption(new Option('--seed <seed>', 'seed for reproducible logs'));
  addTuiOptions(cmd);
  return cmd.action(async (o: DemoOptions) => {
    const code = await runTui({
      engine: {
        mode: 'embedded',
        // In-process bus: the names only have to agree between the parts.
        logsChannel: DEFAULT_LOGS_CHANNEL,
        statsChannel: DEFAULT_STATS_CHANNEL,
        capacity: o.buffer,
        ...lineLimit(o),
        sender: {
          rate: o.rate,
          ...(o.seed !== undefined ? { seed: o.seed } : {}),
          ...(o.services !== undefined ? { services: o.services } : {}),
        },
      },
      sourceLabel: 'embedded',
      ...tuiSettings(cmd, o),
    });
    process.exit(code);
  });
}
