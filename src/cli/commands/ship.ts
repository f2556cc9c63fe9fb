import { once } from 'node:events';
import { createStamper } from '../../protocol/producer-stamp.js';
import { Command, Option } from 'commander';
import type { Bus } from '../../bus/bus.js';
import { inputProblem, MISSING } from '../../ingest/input-check.js';
import { startLineSources, type LineInput, type WireSink } from '../../ingest/line-sources.js';
import { DEFAULT_MAX_LINE_BYTES } from '../../ingest/line-splitter.js';
import { openRedisBus } from '../bus-factory.js';
import { addBusOptions, say, UsageError } from '../common.js';
import { numberOption, RANGES } from '../options.js';
import { onShutdown } from '../shutdown.js';

interface ShipOptions {
  redis: string;
  logsChannel: string;
  service?: string;
  follow: boolean;
  stdout?: boolean;
  maxLineBytes?: number;
}

function stdoutSink(): WireSink {
  return {
    publish: (wire) => process.stdout.write(`${wire}\n`),
    drain: async () => {
      await once(process.stdout, 'drain');
    },
  };
}

function busSink(bus: Bus, channel: string): WireSink {
  // Numbered so that consumers can count exactly what they missed (see docs/wire-formats.md).
  const stamper = createStamper('ship-');
  return { publish: (wire) => bus.publish(channel, stamper.stamp(wire)), drain: () => bus.drain() };
}

/** `logstream ship [FILE...]`: reads logs (stdin or followed files), normalises them and publishes them to Redis. */
export function shipCommand(): Command {
  const cmd = new Command('ship')
    .description('read logs from stdin or files (followed like tail -F), normalise them and publish them to Redis')
    .argument('[files...]', 'log files to follow; stdin when none')
    .addOption(
      new Option('--service <name>', 'service name for every log (default: what the log says, else the file name)'),
    )
    .addOption(new Option('--no-follow', 'read files to their end and exit instead of following them'))
    .addOption(new Option('--stdout', 'write the normalised logs to stdout (one JSON per line) instead of Redis'))
    .addOption(
      new Option('--max-line-bytes <n>', 'longer lines are cut (and counted)')
        .default(DEFAULT_MAX_LINE_BYTES)
        .argParser(numberOption(RANGES.lineBytes)),
    );
  addBusOptions(cmd, { stats: false });
  return cmd.action(async (files: string[], o: ShipOptions) => {
    for (const path of files) {
      const problem = inputProblem(path);
      // A file that does not exist yet is waited for when following (tail -F); nothing else can be read.
      if (problem !== undefined && !(o.follow && problem === MISSING))
        throw new UsageError(`cannot ship ${path}: ${problem}`);
    }
    const inputs: LineInput[] =
      files.length === 0 ? [{ kind: 'stdin' }] : files.map((path) => ({ kind: 'file', path }));
    const bus = o.stdout === true ? undefined : openRedisBus('ship', o);
    const sources = startLineSources({
      inputs,
      sink: bus === undefined ? stdoutSink() : busSink(bus, o.logsChannel),
      service: o.service,
      follow: o.follow,
      ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}),
    });
    const finish = async (): Promise<void> => {
      await sources.stop();
      await bus?.close();
      const c = sources.counters;
      const dropped = bus?.counters().dropped ?? 0;
      const notes = [
        dropped > 0 ? `dropped ${dropped} (Redis unreachable and the queue full)` : '',
        c.truncated > 0 ? `${c.truncated} over-long lines cut` : '',
        c.binary > 0 ? `${c.binary} lines not UTF-8 (kept escaped)` : '',
      ].filter((s) => s !== '');
      say(
        'ship',
        `read ${c.lines} lines, shipped ${c.records - dropped} logs${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`,
      );
    };
    onShutdown(finish);
    let failure: Error | undefined;
    await sources.done.catch((err: unknown) => (failure = err instanceof Error ? err : new Error(String(err))));
    await finish();
    if (failure !== undefined) throw failure;
  });
}
