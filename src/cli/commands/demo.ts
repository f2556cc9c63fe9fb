import { Command, Option } from 'commander';
import { addChannelOptions } from '../common.js';
import { nameList, positiveInt, positiveNumber } from '../options.js';
import { runTui } from '../run-tui.js';

interface DemoOptions {
  logsChannel: string;
  statsChannel: string;
  rate: number;
  buffer: number;
  services?: string[];
  seed?: string;
  filter?: string;
}

/** `logstream demo`: sender, analyzer and collector in one process over an in-memory bus. */
export function demoCommand(): Command {
  const cmd = new Command('demo')
    .description('everything in one process, no Redis needed: dummy logs, analyzer and the TUI')
    .addOption(new Option('--rate <n>', 'dummy logs per second').default(20).argParser(positiveNumber))
    .addOption(new Option('--buffer <n>', 'logs kept in memory (oldest rotated out)').default(10_000).argParser(positiveInt))
    .addOption(new Option('--services <list>', 'comma-separated service names').argParser(nameList))
    .addOption(new Option('--seed <seed>', 'seed for reproducible logs'))
    .addOption(new Option('--filter <regex>', 'start with this filter'));
  addChannelOptions(cmd);
  return cmd.action(async (o: DemoOptions) => {
    const code = await runTui({
      engine: {
        mode: 'embedded',
        logsChannel: o.logsChannel,
        statsChannel: o.statsChannel,
        capacity: o.buffer,
        sender: { rate: o.rate, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.services !== undefined ? { services: o.services } : {}) },
      },
      sourceLabel: 'embedded',
      ...(o.filter !== undefined ? { filter: o.filter } : {}),
    });
    process.exit(code);
  });
}
