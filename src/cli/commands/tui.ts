import { Command } from 'commander';
import { redactUrl } from '../../bus/redis-url.js';
import { redisConnectOptions, type RedisCliOptions } from '../bus-factory.js';
import { addBusOptions } from '../common.js';
import { runTui } from '../run-tui.js';
import {
  addTimeRangeOptions,
  addTuiOptions,
  lineLimit,
  timeRange,
  tuiSettings,
  type TuiCommandOptions,
} from '../tui-options.js';

interface TuiOptions extends TuiCommandOptions, Omit<RedisCliOptions, 'buffer'> {
  redis: string;
  logsChannel: string;
  statsChannel: string;
}

/** `logstream tui`: the collector TUI reading logs and statistics from Redis. */
export function tuiCommand(): Command {
  const cmd = new Command('tui').description('the collector: watch logs and statistics from Redis in the terminal');
  addTuiOptions(cmd);
  addBusOptions(cmd, { stats: true, backfill: true, retention: false });
  addTimeRangeOptions(cmd, { since: false });
  return cmd.action(async (o: TuiOptions) => {
    const range = timeRange(o);
    const code = await runTui({
      engine: {
        mode: 'redis',
        redis: redisConnectOptions('tui', o),
        logsChannel: o.logsChannel,
        statsChannel: o.statsChannel,
        capacity: o.buffer,
        ...lineLimit(o),
        ...range,
      },
      sourceLabel: redactUrl(o.redis),
      ...tuiSettings(cmd, o),
    });
    process.exit(code);
  });
}
