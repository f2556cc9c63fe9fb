import { Command, Option } from 'commander';
import { startSender } from '../../services/sender.js';
import { openRedisBus } from '../bus-factory.js';
import { addBusOptions, say } from '../common.js';
import { nameList, positiveInt, positiveNumber } from '../options.js';
import { onShutdown } from '../shutdown.js';

interface SendOptions {
  redis: string;
  logsChannel: string;
  rate: number;
  count?: number;
  services?: string[];
  seed?: string;
}

/** `logstream send`: the dummy log sender, publishing to Redis. */
export function sendCommand(): Command {
  const cmd = new Command('send')
    .description('publish realistic dummy logs to Redis')
    .addOption(new Option('--rate <n>', 'logs per second').default(20).argParser(positiveNumber))
    .addOption(new Option('--count <n>', 'stop after sending this many logs').argParser(positiveInt))
    .addOption(new Option('--services <list>', 'comma-separated service names').argParser(nameList))
    .addOption(new Option('--seed <seed>', 'seed for reproducible logs'));
  addBusOptions(cmd);
  return cmd.action(async (o: SendOptions) => {
    const bus = openRedisBus('send', o.redis);
    const sender = startSender(bus, {
      channel: o.logsChannel,
      rate: o.rate,
      ...(o.count !== undefined ? { count: o.count } : {}),
      ...(o.services !== undefined ? { services: o.services } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    onShutdown(async () => {
      await sender.stop();
    });
    const result = await sender.done;
    await bus.close();
    say('send', `sent ${result.sent} logs${result.dropped > 0 ? `, dropped ${result.dropped}` : ''}`);
  });
}
