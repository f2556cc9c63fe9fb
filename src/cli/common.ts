import { Option, type Command } from 'commander';
import {
  DEFAULT_LOGS_CHANNEL,
  DEFAULT_STATS_CHANNEL,
  channelName,
  defaultRedisUrl,
} from './options.js';

/** Adds --redis, --logs-channel and --stats-channel to a command. */
export function addBusOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--redis <url>', 'Redis URL (redis:// or rediss://)').default(defaultRedisUrl(), '$REDIS_URL or redis://127.0.0.1:6379'))
    .addOption(new Option('--logs-channel <name>', 'channel carrying raw logs').default(DEFAULT_LOGS_CHANNEL).argParser(channelName))
    .addOption(new Option('--stats-channel <name>', 'channel carrying statistics').default(DEFAULT_STATS_CHANNEL).argParser(channelName));
}

/** Adds --logs-channel and --stats-channel only (the embedded mode has no Redis). */
export function addChannelOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--logs-channel <name>', 'channel carrying raw logs').default(DEFAULT_LOGS_CHANNEL).argParser(channelName))
    .addOption(new Option('--stats-channel <name>', 'channel carrying statistics').default(DEFAULT_STATS_CHANNEL).argParser(channelName));
}

/** A one-line message on stderr, prefixed with the program and command. */
export function say(command: string, message: string): void {
  process.stderr.write(`logstream ${command}: ${message}\n`);
}

/** Error for bad input found after parsing (exits 2 with one line, nothing started). */
export class UsageError extends Error {
  override name = 'UsageError';
}
