import { Option, type Command } from 'commander';
import {
  DEFAULT_LOGS_CHANNEL,
  DEFAULT_STATS_CHANNEL,
  RANGES,
  channelName,
  defaultRedisUrl,
  numberOption,
  retentionOption,
  timeOption,
} from './options.js';

/**
 * Adds --redis, the TLS and password-file options, --transport and (unless `retention` is false)
 * --retention, --logs-channel
 * and, for the commands that read or publish statistics, --stats-channel to a command (and, for
 * a collector, --backfill and --since). Credentials can stay out of the command line (and so out
 * of `ps`): the password comes from --redis-password-file or $REDIS_PASSWORD, the ACL user from
 * $REDIS_USERNAME.
 */
export function addBusOptions(
  cmd: Command,
  channels: { stats: boolean; backfill?: boolean; retention?: boolean },
): Command {
  cmd
    .addOption(
      new Option(
        '--redis <url>',
        'Redis URL: redis://[user@]host[:port][/db], or rediss:// for TLS; a Redis Cluster node is recognised, and several nodes of one may be listed, comma-separated',
      ).default(defaultRedisUrl(), "$REDIS_URL, else the config file's redis, else redis://127.0.0.1:6379"),
    )
    .addOption(
      new Option(
        '--cluster',
        'Redis Cluster without asking the node first (the default recognises one): sharded Pub/Sub, streams by slot, failover followed (docs/scaling.md)',
      ),
    )
    .addOption(
      new Option(
        '--shards <n>',
        'Redis Cluster: spread the logs channel over <n> channels <logs-channel>{0}..{n-1}, one per slot (same <n> everywhere)',
      ).argParser(numberOption(RANGES.shards)),
    )
    .addOption(new Option('--tls-ca <file>', 'PEM file of the CA that signed the Redis server certificate (rediss://)'))
    .addOption(new Option('--tls-cert <file>', 'PEM client certificate, for servers that verify clients (rediss://)'))
    .addOption(new Option('--tls-key <file>', 'PEM private key of --tls-cert'))
    .addOption(
      new Option(
        '--redis-password-file <file>',
        'read the Redis password from this file (else $REDIS_PASSWORD); user from $REDIS_USERNAME',
      ),
    )
    .addOption(
      new Option('--logs-channel <name>', 'channel carrying raw logs')
        .default(DEFAULT_LOGS_CHANNEL)
        .argParser(channelName),
    );
  if (channels.stats)
    cmd.addOption(
      new Option('--stats-channel <name>', 'channel carrying statistics')
        .default(DEFAULT_STATS_CHANNEL)
        .argParser(channelName),
    );
  cmd.addOption(
    new Option('--transport <kind>', 'pubsub, or streams: Redis Streams, resumed after a cut (docs/scaling.md)')
      .choices(['pubsub', 'streams'])
      .default('pubsub'),
  );
  // The cap is applied by whoever writes to a stream: a command that only reads has no use for it.
  if (channels.retention !== false)
    cmd.addOption(
      new Option(
        '--retention <cap>',
        'streams: entries each stream keeps, as a count (1000000) or a time (15m, 2h); default 1000000',
      ).argParser(retentionOption),
    );
  if (channels.backfill === true) {
    cmd
      .addOption(
        new Option('--backfill <n>', 'streams: start with the newest <n> logs already in the stream').argParser(
          numberOption(RANGES.buffer),
        ),
      )
      .addOption(
        new Option(
          '--since <time>',
          `show only logs whose own time is at or after <time>: ${SINCE_FORMS}; with --transport streams, also start with the logs the stream holds from then, at most --buffer of them`,
        ).argParser((v) => timeOption(v)),
      );
  }
  return cmd;
}

/** How --since and --until are written, for their help. */
export const SINCE_FORMS =
  'how long ago (15m, 2h, 1d) or an ISO time (2026-12-05T14:30, local unless it ends in Z or +01:00)';

/** A one-line message on stderr, prefixed with the program and command. */
export function say(command: string, message: string): void {
  process.stderr.write(`logstream ${command}: ${message}\n`);
}

/** Error for bad input found after parsing (exits 2 with one line, nothing started). */
export class UsageError extends Error {
  override name = 'UsageError';
}
