import { Command, Option } from 'commander';
import { startSender } from '../../services/sender.js';
import { openRedisBus } from '../bus-factory.js';
import { addBusOptions, say } from '../common.js';
import { nameList, numberOption, RANGES } from '../options.js';
import { onShutdown } from '../shutdown.js';
import { producersLine, progressLine, REPORT_EVERY_MS, summaryLine } from './send-plan.js';
import { sendWithThreads, type SendOptions } from './send-threads.js';

/** `logstream send`: the dummy log sender, publishing to Redis. */
export function sendCommand(): Command {
  const cmd = new Command('send')
    .description('publish realistic dummy logs to Redis')
    .addOption(new Option('--rate <n>', 'logs per second').default(20).argParser(numberOption(RANGES.rate)))
    .addOption(new Option('--count <n>', 'stop after sending this many logs').argParser(numberOption(RANGES.count)))
    .addOption(new Option('--services <list>', 'comma-separated service names').argParser(nameList))
    .addOption(new Option('--seed <seed>', 'seed for reproducible logs'))
    .addOption(
      new Option(
        '--threads <n>',
        'sender threads, each with its own Redis connection and producer id, splitting --rate and --count',
      )
        .default(1)
        .argParser(numberOption(RANGES.threads)),
    );
  addBusOptions(cmd, { stats: false });
  return cmd.action(async (o: SendOptions) => {
    if (o.threads > 1) return sendWithThreads(o);
    const bus = openRedisBus('send', o);
    const sender = startSender(bus, {
      channel: o.logsChannel,
      rate: o.rate,
      ...(o.count !== undefined ? { count: o.count } : {}),
      ...(o.services !== undefined ? { services: o.services } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
    });
    say('send', producersLine([sender.producerId]));
    const report = setInterval(() => {
      const { sent, dropped } = sender.progress();
      say('send', progressLine({ sent, skipped: dropped, lost: bus.counters().dropped }));
    }, REPORT_EVERY_MS);
    report.unref();
    // One ending for both ways out (count reached, or a signal), so the summary is always said
    // before the process exits.
    let finishing: Promise<void> | undefined;
    const finish = (): Promise<void> =>
      (finishing ??= (async () => {
        const result = await sender.stop().then(() => sender.done);
        clearInterval(report);
        await bus.close();
        // Read after close: messages still queued when it gave up count as dropped too.
        const counts = { sent: result.sent, skipped: result.dropped, lost: bus.counters().dropped };
        say('send', summaryLine([{ producerId: sender.producerId, counts }]));
      })());
    onShutdown(finish);
    await sender.done;
    await finish();
  });
}
