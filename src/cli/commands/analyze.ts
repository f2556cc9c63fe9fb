import { Command, Option } from 'commander';
import { startAnalyzer } from '../../services/analyzer.js';
import { openRedisBus } from '../bus-factory.js';
import { addGroupOptions, checkGroupOptions, runGroupAnalyzer, type AnalyzeGroupOptions } from './analyze-group.js';
import { addBusOptions, say } from '../common.js';
import { numberOption, RANGES } from '../options.js';
import { onShutdown } from '../shutdown.js';

type AnalyzeOptions = AnalyzeGroupOptions;

/** `logstream analyze`: the analyzer service. */
export function analyzeCommand(): Command {
  const cmd = new Command('analyze')
    .description('aggregate logs from Redis into 1 s windows and publish statistics')
    .addOption(
      new Option('--lateness-ms <ms>', 'how long a window waits for late logs after it ends')
        .default(500)
        .argParser(numberOption(RANGES.latenessMs)),
    )
    .addOption(
      new Option('--top-services <n>', 'services listed per window').default(10).argParser(numberOption(RANGES.top)),
    )
    .addOption(
      new Option('--top-errors <n>', 'error messages listed per window').default(5).argParser(numberOption(RANGES.top)),
    )
    .addOption(
      new Option('--max-line-bytes <n>', 'larger payloads are truncated and kept as plain text')
        .default(65_536)
        .argParser(numberOption(RANGES.lineBytes)),
    );
  addBusOptions(cmd, { stats: true });
  addGroupOptions(cmd);
  return cmd.action(async (o: AnalyzeOptions) => {
    checkGroupOptions(o);
    if (o.group !== undefined) return runGroupAnalyzer({ ...o, group: o.group });
    const bus = openRedisBus('analyze', o);
    const analyzer = await startAnalyzer(bus, {
      logsChannel: o.logsChannel,
      statsChannel: o.statsChannel,
      latenessMs: o.latenessMs,
      topServices: o.topServices,
      topErrors: o.topErrors,
      maxLineBytes: o.maxLineBytes,
    });
    onShutdown(async () => {
      await analyzer.stop();
      await bus.close();
      const c = analyzer.counters();
      say(
        'analyze',
        `received ${c.received} logs (${c.plain} plain, ${c.truncated} truncated, ${c.stamped} stamped by ${c.producers} producers), ` +
          `${c.missed} missed, ${c.reordered} out of order; ${c.windows} windows published: ${c.windowLogs} logs, ${c.windowMissed} missed`,
      );
    });
    await new Promise<never>(() => undefined);
  });
}
