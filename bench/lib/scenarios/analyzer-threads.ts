import { availableParallelism } from 'node:os';
import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { collectMessages, type RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, perSecond, sleep } from '../stats.js';
import { GROUP_LOGS, groupDrainOnce, type GroupDrainResult } from './analyzer-group-drain.js';
import { decodeWindows, drainPhase, DRAIN_LOGS, type DrainResult } from './analyzer.js';

/** One analyzer working off a backlog in Redis (the analyzer scenario's drain phase). */
export interface ThreadsRun {
  threads: number;
  drain: DrainResult | undefined;
}

/** Runs in the order they ran; `ratios` pairs each 2-thread run with the 1-thread run before it, `groupRatios` likewise. */
export interface AnalyzerThreadsResult {
  runs: ThreadsRun[];
  ratios: number[];
  groups: GroupDrainResult[];
  groupRatios: number[];
}

const TARGET_RATIO = 1.6;
/** The cores the analyzers and redis-server share (this scenario runs them on one machine). */
const CORES = availableParallelism();

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

/** What a pair's rows are made of: a run's rate, and the CPU the analyzers and redis-server spent meanwhile. */
interface PairRun {
  rate: number;
  cpuSeconds: number;
  redisCpuSeconds: number;
  logs: number;
}

/**
 * The most that two runs' CPU per log lets the second reach against the first on `cores` cores
 * that also run redis-server: the first is bound by one core for itself (it has one thread
 * doing the work) or by the cores it shares with Redis, the second only by the latter.
 */
export function ceilingRatio(one: PairRun, two: PairRun, cores = CORES): number {
  const a1 = one.cpuSeconds / one.logs;
  const r1 = one.redisCpuSeconds / one.logs;
  const a2 = two.cpuSeconds / two.logs;
  const r2 = two.redisCpuSeconds / two.logs;
  return cores / (a2 + r2) / Math.min(1 / a1, cores / (a1 + r1));
}

/** A rate per run, a ratio per pair, the range of the ratios, and the ceiling per pair, as report rows. */
function pairRows(
  label: { one: string; two: string; ratio: string },
  ones: readonly PairRun[],
  twos: readonly PairRun[],
): Row[] {
  const ratios = pairRatios(ones, twos);
  const perLog = (runs: typeof ones): string =>
    runs.map((r) => `${fixed((r.cpuSeconds / r.logs) * 1e6, 2)}`).join(', ') +
    ' µs CPU per log; redis-server ' +
    runs.map((r) => `${fixed((r.redisCpuSeconds / r.logs) * 1e6, 2)}`).join(', ');
  const ceilings = ones.flatMap((one, i) => {
    const two = twos[i];
    return two === undefined ? [] : [ceilingRatio(one, two)];
  });
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return [
    { metric: label.one, measured: ones.map((r) => perSecond(r.rate)).join(', '), baseline: perLog(ones) },
    { metric: label.two, measured: twos.map((r) => perSecond(r.rate)).join(', '), baseline: perLog(twos) },
    {
      metric: label.ratio,
      measured: ratios.length === 0 ? 'n/a' : ratios.map((x) => `${fixed(x, 2)}×`).join(', '),
      target: `≥ ${TARGET_RATIO}×`,
      ok: ratios.length === 0 ? undefined : lo >= TARGET_RATIO,
      baseline: ratios.length === 0 ? '' : `range ${fixed(lo, 2)}–${fixed(hi, 2)}× over ${ratios.length} pairs`,
    },
    {
      metric: `  most its CPU per log allows on ${CORES} cores with Redis`,
      measured: ceilings.map((x) => `${fixed(x, 2)}×`).join(', '),
      baseline: `${CORES} / (analyzers + redis-server µs per log) against one's min(1 / its µs, ${CORES} / (its + Redis's))`,
    },
  ];
}

/**
 * The analyzer's logs per second with one thread and with `--threads 2` (Pub/Sub), then with
 * one and with two processes of a consumer group (Streams), each working off the same backlog in
 * Redis, alternating `rounds` times so that both of a pair see the same drift of a shared
 * machine; the ratio is taken per pair. A group run also checks that the windows it published
 * count every log once.
 */
export async function runAnalyzerThreads(
  redis: RedisServerHandle,
  probe: RedisProbe,
  o: { rounds: number },
): Promise<{ rows: Row[]; data: AnalyzerThreadsResult }> {
  const runs: ThreadsRun[] = [];
  const groups: GroupDrainResult[] = [];
  for (let r = 0; r < o.rounds; r++) {
    runs.push(await drainOnce(redis, probe, 1), await drainOnce(redis, probe, 2));
    groups.push(await groupDrainOnce(redis, 1, r), await groupDrainOnce(redis, 2, r));
  }
  const drains = (threads: number): DrainResult[] =>
    runs.filter((r) => r.threads === threads).map((r) => r.drain ?? NOT_MEASURED);
  const ofGroup = (n: number): GroupDrainResult[] => groups.filter((g) => g.processes === n);
  const exact = groups.every((g) => g.published === g.logs);
  const rows: Row[] = [
    ...pairRows(
      {
        one: `analyzer logs/s, 1 thread (Pub/Sub, ${int(DRAIN_LOGS)} logs)`,
        two: 'analyzer logs/s, --threads 2',
        ratio: '2 threads / 1 thread',
      },
      drains(1),
      drains(2),
    ),
    ...pairRows(
      {
        one: `analyzer logs/s, 1 process (Streams, --group, ${int(GROUP_LOGS)} logs)`,
        two: 'analyzer logs/s, 2 processes in the group',
        ratio: '2 processes / 1 process',
      },
      ofGroup(1),
      ofGroup(2),
    ),
    {
      metric: 'group: logs in published windows (missed)',
      measured: groups.map((g) => `${int(g.published)} (${int(g.missed)})`).join(', '),
      target: `${int(GROUP_LOGS)} each`,
      ok: exact,
      baseline: '1, 2 processes alternating',
    },
  ];
  return {
    rows,
    data: { runs, ratios: pairRatios(drains(1), drains(2)), groups, groupRatios: pairRatios(ofGroup(1), ofGroup(2)) },
  };
}

const NOT_MEASURED: DrainResult = {
  logs: 0,
  seconds: Number.NaN,
  rate: Number.NaN,
  cpuSeconds: Number.NaN,
  perCpuSecond: Number.NaN,
  redisCpuSeconds: Number.NaN,
};

function pairRatios(ones: readonly { rate: number }[], twos: readonly { rate: number }[]): number[] {
  return ones.flatMap((one, i) => {
    const two = twos[i];
    return two !== undefined && Number.isFinite(one.rate / two.rate) ? [two.rate / one.rate] : [];
  });
}
