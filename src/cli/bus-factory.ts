import { readFileSync } from 'node:fs';
import type { Bus, BusStatus } from '../bus/bus.js';
import { deniedNotice, probeCluster } from '../bus/cluster/cluster-probe.js';
import { openBus, type OpenBusOptions } from '../bus/open-bus.js';
import type { RedisTlsOptions } from '../bus/redis-bus.js';
import { parseRedisUrl, redactSecrets, redactUrl } from '../bus/redis-url.js';
import type { StreamRetention } from '../bus/stream-retention.js';
import { say, UsageError } from './common.js';
import { DEFAULT_LOGS_CHANNEL } from './options.js';

/** The Redis-related options `addBusOptions` defines, as commander hands them over. */
export interface RedisCliOptions {
  redis: string;
  /** Redis Cluster, without asking the node whether it is one; `redis` may list several nodes, comma-separated. */
  cluster?: boolean;
  /** Cluster: the logs channel spread over this many shard channels. */
  shards?: number;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  redisPasswordFile?: string;
  transport?: 'pubsub' | 'streams';
  retention?: StreamRetention;
  /** Collectors: logs of the past to start with (streams only), read from `logsChannel`. */
  backfill?: number;
  /** Collectors: the time (epoch ms) from which logs are shown; with streams, also read from then. */
  since?: number;
  logsChannel?: string;
  statsChannel?: string;
  /** The collector's --buffer: what `since` loads at most. */
  buffer?: number;
}

/** Bus options without callbacks, so they can also be handed to a worker thread. */
export type RedisConnectOptions = Omit<OpenBusOptions, 'onError' | 'node'>;

function readOption(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new UsageError(`cannot read the ${flag} file ${JSON.stringify(path)} (${why})`);
  }
}

/**
 * Builds the Redis connection options of a command from its CLI options, the environment
 * (REDIS_USERNAME, REDIS_PASSWORD) and the files named on the command line. Throws a UsageError
 * (one line, exit 2) for a file that cannot be read or TLS files given for a redis:// URL.
 */
export function redisConnectOptions(
  command: string,
  o: RedisCliOptions,
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
  now: number = Date.now(),
): RedisConnectOptions {
  const [url = o.redis, ...seeds] = o.redis.split(',').map((s) => s.trim());
  const target = parseRedisUrl(url);
  for (const seed of seeds) parseRedisUrl(seed);
  const opts: RedisConnectOptions = { url, name: `logstream-${command}` };
  const sharded = o.shards !== undefined && o.shards > 1;
  // Several nodes, or shards, can only mean a cluster; one URL alone is asked at open (open-bus.ts).
  if (o.cluster === true || seeds.length > 0 || sharded) opts.cluster = { seeds };
  if (sharded) opts.shards = { channel: o.logsChannel ?? DEFAULT_LOGS_CHANNEL, count: o.shards as number };
  const tlsFiles: Array<['ca' | 'cert' | 'key', string, string | undefined]> = [
    ['ca', '--tls-ca', o.tlsCa],
    ['cert', '--tls-cert', o.tlsCert],
    ['key', '--tls-key', o.tlsKey],
  ];
  const tls: RedisTlsOptions = {};
  for (const [field, flag, path] of tlsFiles) {
    if (path === undefined) continue;
    if (!target.tls) throw new UsageError(`${flag} needs a rediss:// URL (got ${redactUrl(url)})`);
    tls[field] = readOption(flag, path);
  }
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  if (Object.keys(tls).length > 0) opts.tls = tls;

  if (o.redisPasswordFile !== undefined) {
    // One trailing newline is the file's, not the password's (echo secret > file).
    const password = readOption('--redis-password-file', o.redisPasswordFile)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (password === '')
      throw new UsageError(`the --redis-password-file file ${JSON.stringify(o.redisPasswordFile)} is empty`);
    opts.password = password;
  } else if (env.REDIS_PASSWORD !== undefined && env.REDIS_PASSWORD !== '') {
    opts.password = env.REDIS_PASSWORD;
  }
  if (env.REDIS_USERNAME !== undefined && env.REDIS_USERNAME !== '') opts.username = env.REDIS_USERNAME;
  if (opts.username !== undefined && opts.password === undefined && target.password === undefined) {
    throw new UsageError('REDIS_USERNAME is set but no password was given (REDIS_PASSWORD or --redis-password-file)');
  }
  addTransport(opts, o, now);
  // Only a URL typed on the command line shows in ps; $REDIS_URL and the config file do not.
  if (target.password !== undefined && argv.some((a) => a.includes(url))) hidePasswordFromPs(command, target.password);
  return opts;
}

const STATS_RETENTION: StreamRetention = { kind: 'count', count: 3_600 };

/**
 * Adds the transport and, for streams, retention and backfill; options that need streams
 * otherwise are a UsageError. --since also works on Pub/Sub, where it only filters.
 */
function addTransport(opts: RedisConnectOptions, o: RedisCliOptions, now: number): void {
  if (o.transport !== 'streams') {
    for (const [flag, value] of [
      ['--retention', o.retention],
      ['--backfill', o.backfill],
    ] as const) {
      if (value !== undefined)
        throw new UsageError(`${flag} needs --transport streams (Pub/Sub keeps nothing to go back to)`);
    }
    return;
  }
  opts.transport = 'streams';
  if (o.retention !== undefined) opts.retention = o.retention;
  // Only the newest statistics matter: their stream keeps about an hour of once-a-second updates.
  if (o.statsChannel !== undefined) opts.retentionByChannel = { [o.statsChannel]: STATS_RETENTION };
  if ((o.backfill !== undefined || o.since !== undefined) && o.logsChannel !== undefined) {
    // The buffer keeps no more than --buffer logs: loading more would only rotate them out.
    const count =
      o.backfill === undefined ? o.buffer : o.buffer === undefined ? o.backfill : Math.min(o.backfill, o.buffer);
    opts.backfill = {
      channels: [o.logsChannel],
      ...(count !== undefined ? { count } : {}),
      // The stream is read by entry ids, the times entries were added: from `since` on.
      ...(o.since !== undefined ? { sinceMs: Math.max(1, now - o.since) } : {}),
    };
  }
}

/**
 * A password typed into --redis is visible in `ps` to every user of the machine: rewrite this
 * process's command line (Linux lets a process do that through its title) and say where the
 * password belongs instead.
 */
function hidePasswordFromPs(command: string, password: string): void {
  process.title = redactSecrets(process.argv.join(' '), [password]);
  say(command, 'warning: a password in --redis shows in ps; use $REDIS_PASSWORD or --redis-password-file');
}

/**
 * For a command that picks its clients before it connects (`analyze --group`): options that say
 * `cluster` when their one URL names a Redis Cluster node, asked of the node (cluster-probe.ts);
 * while the node cannot be reached, `tell` hears why, once per different error.
 */
export async function withClusterDetected(
  options: RedisConnectOptions,
  tell: (message: string) => void,
): Promise<RedisConnectOptions> {
  if (options.cluster !== undefined) return options;
  let last: string | undefined;
  const probe = probeCluster({
    url: options.url,
    ...(options.username !== undefined ? { username: options.username } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.tls !== undefined ? { tls: options.tls } : {}),
    onUnreachable: (error) => {
      if (error === last) return;
      last = error;
      tell(`cannot reach ${redactUrl(options.url)}${error !== undefined ? ` (${error})` : ''}; retrying`);
    },
    onDenied: () => tell(deniedNotice(options.url)),
  });
  return (await probe.isCluster) ? { ...options, cluster: { seeds: [] } } : options;
}

/** Opens the Redis bus for a service and reports its connection changes on stderr (one line each). */
export function openRedisBus(command: string, cli: string | RedisCliOptions, opts: { quiet?: boolean } = {}): Bus {
  const options = redisConnectOptions(command, typeof cli === 'string' ? { redis: cli } : cli);
  const tell = (message: string): void => say(command, message);
  const bus = openBus(opts.quiet === true ? options : { ...options, onNotice: tell });
  if (opts.quiet !== true) {
    reportBusChanges(bus, busLabel(options), tell);
    reportBusDrops(bus, tell);
  }
  return bus;
}

/** What a command says it is connected to: the URL, or the cluster and the seed it was given. */
export function busLabel(options: RedisConnectOptions): string {
  return options.cluster === undefined ? options.url : `Redis Cluster via ${options.url}`;
}

/**
 * Tells `tell` about each connection change of `bus` in one line (connected, cannot reach,
 * receiving again after a cut), naming `url` without its credentials.
 */
export function reportBusChanges(bus: Bus, url: string, tell: (message: string) => void): void {
  let last: BusStatus['state'] | undefined;
  let hinted = false;
  const where = redactUrl(url);
  bus.onStatus((status) => {
    // A single-server bus pointed at a cluster node: its writes come back redirected.
    if (!hinted && /\bMOVED \d+ /.test(status.error ?? '') && !where.startsWith('Redis Cluster')) {
      hinted = true;
      tell(`${where} is a Redis Cluster node and redirects writes (${status.error}); run with --cluster`);
    }
    if (status.state === last && status.state !== 'reconnecting') return;
    last = status.state;
    if (status.state === 'ready') tell(`connected to ${where}`);
    else if (status.state === 'reconnecting')
      tell(`cannot reach ${where}${status.error !== undefined ? ` (${status.error})` : ''}; retrying`);
  });
  bus.onReconnect?.((info) => {
    const lost =
      info.missed === undefined
        ? 'messages published meanwhile were missed'
        : info.missed === 0
          ? 'resumed where it stopped, nothing missed'
          : `resumed where it stopped; ${info.missed.toLocaleString('en-US')} messages were trimmed by retention before they were read`;
    tell(
      `receiving again after ${(info.downMs / 1000).toFixed(1)} s cut off${info.reason !== undefined ? ` (${info.reason})` : ''}; ${lost}`,
    );
  });
}

/** How often a drop counter is looked at, and how often its growth is told at most. */
const DROP_CHECK_MS = 1_000;
const DROP_REPORT_MS = 5_000;

/**
 * Tells `tell` how many messages were dropped (Redis unreachable and the bounded queue full)
 * while the count `dropped()` grows: checked every second, told at most every 5 s, so that loss
 * shows when it happens, not only in the summary at exit. Returns a function that stops it.
 */
export function reportDrops(dropped: () => number, tell: (message: string) => void): () => void {
  let told = dropped();
  let toldAt = Number.NEGATIVE_INFINITY;
  const check = setInterval(() => {
    const now = Date.now();
    const total = dropped();
    if (total === told || now - toldAt < DROP_REPORT_MS) return;
    tell(
      `dropped ${(total - told).toLocaleString('en-US')} messages (Redis unreachable and the queue full); ${total.toLocaleString('en-US')} in all`,
    );
    told = total;
    toldAt = now;
  }, DROP_CHECK_MS);
  check.unref();
  return () => clearInterval(check);
}

/** `reportDrops` of `bus`'s drop counter, until the bus is closed. */
export function reportBusDrops(bus: Bus, tell: (message: string) => void): void {
  const stop = reportDrops(() => bus.counters().dropped, tell);
  bus.onStatus((status) => {
    if (status.state === 'closed') stop();
  });
}
