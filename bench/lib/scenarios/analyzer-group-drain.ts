import {
  openRedisCommandClient,
  type RedisCommandClient,
  type RedisValue,
} from '../../../src/bus/resp/resp-command-client.js';
import { startCli, type CliProcess } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { startChild } from '../children.js';
import { cpuSeconds } from '../proc-sampler.js';
import { sleep } from '../stats.js';
import { decodeWindows } from './analyzer.js';

/** `processes` analyzers of one consumer group working off a backlog in a Redis stream. */
export interface GroupDrainResult {
  processes: number;
  logs: number;
  /** From resuming the analyzers to the group having read and acknowledged every entry. */
  seconds: number;
  rate: number;
  /** CPU seconds of all the analyzers together meanwhile. */
  cpuSeconds: number;
  /** CPU seconds of redis-server meanwhile (it runs the commits' scripts). */
  redisCpuSeconds: number;
  /** Σ total_count of the 1 s windows the group published: GROUP_LOGS when it counted every log once. */
  published: number;
  /** Σ missed_count of those windows. */
  missed: number;
}

/** Logs in the backlog of a group run: Redis runs a commit script per read, so a group drains slower than Pub/Sub. */
export const GROUP_LOGS = 1_000_000;
const STREAM = 'logs.ingest';
const STATS = 'stats.update';

/** The fields of XINFO GROUPS' entry for `group`, as a map. */
export function groupInfo(reply: RedisValue, group: string): Map<string, RedisValue> | undefined {
  if (!Array.isArray(reply)) return undefined;
  for (const g of reply) {
    if (!Array.isArray(g)) continue;
    const fields = new Map<string, RedisValue>();
    for (let i = 0; i + 1 < g.length; i += 2) fields.set(String(g[i]), g[i + 1] ?? null);
    if (fields.get('name') === group) return fields;
  }
  return undefined;
}

/** The 1 s windows in the stats stream, added up. */
export async function publishedTotals(client: RedisCommandClient): Promise<{ total: number; missed: number }> {
  const reply = await client.command('XRANGE', STATS, '-', '+');
  const messages: { at: number; text: string }[] = [];
  if (Array.isArray(reply))
    for (const entry of reply) {
      const fields = Array.isArray(entry) ? entry[1] : undefined;
      if (Array.isArray(fields) && typeof fields[1] === 'string') messages.push({ at: 0, text: fields[1] });
    }
  const windows = decodeWindows(messages);
  return {
    total: windows.reduce((s, w) => s + w.total, 0),
    missed: windows.reduce((s, w) => s + w.missed, 0),
  };
}

/**
 * The windows published once they count `logs` logs, or once nothing more came for 15 s:
 * windows are published after end + lateness + the group's grace (7 s by default).
 */
export async function settledTotals(
  client: RedisCommandClient,
  logs: number,
): Promise<{ total: number; missed: number }> {
  let totals = await publishedTotals(client);
  for (let still = 0; still < 150 && totals.total < logs; still++) {
    await sleep(100);
    const next = await publishedTotals(client);
    if (next.total !== totals.total) still = 0;
    totals = next;
  }
  return totals;
}

/** Until every analyzer says it reads in its group (10 s at most). */
export async function waitForReady(analyzers: CliProcess[]): Promise<void> {
  for (let i = 0; i < 400 && !analyzers.every((a) => /in group/.test(a.stderr())); i++) await sleep(25);
}

/**
 * `processes` × `analyze --transport streams --group G`, stopped (SIGSTOP) while GROUP_LOGS
 * stamped generator logs are appended to the stream, resumed, and timed until the group has
 * read and acknowledged them all; then the windows it published are added up, to check that
 * each log was counted once. Each run starts from an empty stream and a group of its own.
 */
export async function groupDrainOnce(
  redis: RedisServerHandle,
  processes: number,
  run: number,
): Promise<GroupDrainResult> {
  const client = await openRedisCommandClient({ url: redis.url, name: 'bench-group' });
  const group = `bench-${run}-${processes}`;
  const analyzers: CliProcess[] = [];
  try {
    await client.command('DEL', STREAM, STATS);
    for (let i = 0; i < processes; i++)
      analyzers.push(
        startCli(['analyze', '--redis', redis.url, '--transport', 'streams', '--group', group, '--consumer', `c${i}`]),
      );
    await waitForReady(analyzers);
    // Code loaded and the first reads waiting before the clock runs.
    await sleep(1_000);
    const pids = analyzers.map((a) => a.child.pid ?? -1);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    const filler = startChild('child-raw-publisher', [
      String(redis.port),
      STREAM,
      '10000000',
      String(GROUP_LOGS),
      'xadd',
    ]);
    await filler.done;
    const cpu = (): number => pids.reduce((s, pid) => s + (cpuSeconds(pid) ?? Number.NaN), 0);
    const cpu0 = cpu();
    const redis0 = cpuSeconds(redis.pid) ?? Number.NaN;
    const t0 = performance.now();
    for (const pid of pids) process.kill(pid, 'SIGCONT');
    let t1 = Number.NaN;
    for (let i = 0; i < 12_000; i++) {
      const info = groupInfo(await client.command('XINFO', 'GROUPS', STREAM), group);
      if (info?.get('lag') === 0 && info.get('pending') === 0) {
        t1 = performance.now();
        break;
      }
      await sleep(10);
    }
    const cpu1 = cpu();
    const redis1 = cpuSeconds(redis.pid) ?? Number.NaN;
    const totals = await settledTotals(client, GROUP_LOGS);
    const seconds = (t1 - t0) / 1000;
    return {
      processes,
      logs: GROUP_LOGS,
      seconds,
      rate: GROUP_LOGS / seconds,
      cpuSeconds: cpu1 - cpu0,
      redisCpuSeconds: redis1 - redis0,
      published: totals.total,
      missed: totals.missed,
    };
  } finally {
    for (const a of analyzers) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGTERM');
    }
    await Promise.all(analyzers.map((a) => a.exited));
    const keys = await client.command('KEYS', `logstream:group:*`).catch(() => []);
    await client.command('DEL', STREAM, STATS, ...(Array.isArray(keys) ? keys.map(String) : []));
    await client.close();
  }
}
