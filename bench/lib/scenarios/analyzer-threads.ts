import { runCli, startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { collectMessages, type RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, perSecond, sleep } from '../stats.js';
import { decodeWindows, drainPhase, DRAIN_LOGS, type DrainResult } from './analyzer.js';

/** One analyzer working off a backlog in Redis (the analyzer scenario's drain phase). */
export interface ThreadsRun {
  threads: number;
  drain: DrainResult | undefined;
}

/** Runs in the order they ran; `ratios` pairs each 2-thread run with the 1-thread run before it. */
export interface AnalyzerThreadsResult {
  runs: ThreadsRun[];
  ratios: number[];
  /** Whether `analyze --group` exists (consumer groups); the 2-process row needs it. */
  groupAvailable: boolean;
}

const TARGET_RATIO = 1.6;

/** `logstream analyze [--threads N]`, stopped while DRAIN_LOGS logs pile up in Redis, then timed working them off. */
async function drainOnce(redis: RedisServerHandle, probe: RedisProbe, threads: number): Promise<ThreadsRun> {
  const stats = await collectMessages(redis.url, 'stats.update');
  const analyze = startCli(['analyze', '--redis', redis.url, ...(threads > 1 ? ['--threads', String(threads)] : [])]);
  try {
    for (let i = 0; i < 200 && (await probe.subscribers('logs.ingest')) < 1; i++) await sleep(25);
    // Threads started and their code loaded before the clock runs.
    await sleep(1_000);
    const drain = await drainPhase(redis, probe, analyze.child.pid ?? -1, () =>
      decodeWindows(stats.messages).reduce((s, w) => s + w.total, 0),
    );
    return { threads, drain };
  } finally {
    analyze.child.kill('SIGTERM');
    await analyze.exited;
    await stats.close();
  }
}

/** Whether this build's `analyze` takes `--group` (consumer groups, one share of the logs per process). */
async function hasGroupOption(): Promise<boolean> {
  const help = await runCli(['analyze', '--help']);
  return /--group\b/.test(help.stdout);
}

/**
 * The analyzer's logs per second with one thread and with `--threads 2`, each alone working
 * off the same backlog in Redis, alternating `rounds` times so that both see the same drift of
 * a shared machine; the ratio is taken per pair. The 2-process row (two analyzers in one
 * consumer group) is n/a while `analyze --group` does not exist.
 */
export async function runAnalyzerThreads(
  redis: RedisServerHandle,
  probe: RedisProbe,
  o: { rounds: number },
): Promise<{ rows: Row[]; data: AnalyzerThreadsResult }> {
  const runs: ThreadsRun[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    const one = await drainOnce(redis, probe, 1);
    const two = await drainOnce(redis, probe, 2);
    runs.push(one, two);
    if (one.drain !== undefined && two.drain !== undefined) ratios.push(two.drain.rate / one.drain.rate);
  }
  const groupAvailable = await hasGroupOption();
  const rate = (threads: number): string =>
    runs
      .filter((r) => r.threads === threads)
      .map((r) => (r.drain === undefined ? 'n/a' : perSecond(r.drain.rate)))
      .join(', ');
  const cpu = (threads: number): string =>
    runs
      .filter((r) => r.threads === threads)
      .map((r) => (r.drain === undefined ? 'n/a' : `${fixed(r.drain.cpuSeconds, 2)} CPU s`))
      .join(', ');
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  const rows: Row[] = [
    { metric: 'analyzer logs/s, 1 thread', measured: rate(1), baseline: `${int(DRAIN_LOGS)} logs each; ${cpu(1)}` },
    { metric: 'analyzer logs/s, --threads 2', measured: rate(2), baseline: cpu(2) },
    {
      metric: '2 threads / 1 thread',
      measured: ratios.length === 0 ? 'n/a' : ratios.map((x) => `${fixed(x, 2)}×`).join(', '),
      target: `≥ ${TARGET_RATIO}×`,
      ok: ratios.length === 0 ? undefined : lo >= TARGET_RATIO,
      baseline: ratios.length === 0 ? '' : `range ${fixed(lo, 2)}–${fixed(hi, 2)}× over ${ratios.length} pairs`,
    },
    {
      metric: '2 processes / 1 process (consumer group)',
      measured: 'n/a',
      target: `≥ ${TARGET_RATIO}×`,
      baseline: groupAvailable
        ? 'analyze --group exists: this scenario does not run it yet'
        : 'this build has no analyze --group',
    },
  ];
  return { rows, data: { runs, ratios, groupAvailable } };
}
