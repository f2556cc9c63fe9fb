import { Command, Option } from 'commander';
import { startAnalyzer, type Analyzer } from '../../services/analyzer.js';
import { startAnalyzerThreads } from '../../services/analyzer-threads/analyzer-threads.js';
import { openRedisBus } from '../bus-factory.js';
import { addGroupOptions, checkGroupOptions, runGroupAnalyzer, type AnalyzeGroupOptions } from './analyze-group.js';
import { addBusOptions, say, UsageError } from '../common.js';
import { numberOption, RANGES } from '../options.js';
import { onShutdown } from '../shutdown.js';

type AnalyzeOptions = AnalyzeGroupOptions & { threads: number };

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
    )
    .addOption(
      new Option(
        '--threads <n>',
        'decode and count logs on N worker threads, merging their windows (1: on the main thread; see docs/scaling.md)',
      )
        .default(1)
        .argParser(numberOption(RANGES.threads)),
    );
  addBusOptions(cmd, { stats: true, retention: false });
  addGroupOptions(cmd);
  return cmd.action(async (o: AnalyzeOptions) => {
    checkGroupOptions(o);
    if (o.group !== undefined && o.threads > 1)
      throw new UsageError('--threads goes without --group: a group scales by its members (start more analyzers)');
    if (o.group !== undefined) return runGroupAnalyzer({ ...o, group: o.group });
    const bus = openRedisBus('analyze', o);
    const options = {
      logsChannel: o.logsChannel,
      statsChannel: o.statsChannel,
      latenessMs: o.latenessMs,
      topServices: o.topServices,
      topErrors: o.topErrors,
      maxLineBytes: o.maxLineBytes,
    };
    let analyzer: Analyzer;
    if (o.threads > 1) {
      const threaded = await startAnalyzerThreads(bus, { ...options, threads: o.threads });
      // A thread's logs are lost with it: say so and exit non-zero rather than publish short windows.
      void threaded.done.catch((err: unknown) => {
        say('analyze', `error: ${err instanceof Error ? err.message : String(err)}`);
        void bus.close().finally(() => process.exit(1));
      });
      analyzer = threaded;
    } else analyzer = await startAnalyzer(bus, options);
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
