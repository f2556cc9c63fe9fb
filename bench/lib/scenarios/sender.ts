import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { PublishMeter, type PublishCount } from '../publish-meter.js';
import type { RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, mib, perSecond } from '../stats.js';

/** What one `logstream send` run achieved against Redis. */
export interface SenderRun {
  /** `--threads`. */
  threads: number;
  offeredRate: number;
  count: number;
  exitCode: number;
  /** The sender's own summary line ('sent N logs (seq 1..N of ...), ...'). */
  summary: string;
  publish: PublishCount;
  usage: Record<string, ProcessUsage>;
}

/**
 * The scenario's result: the judged `--threads 2` run at the top level (the shape results files
 * have always had, plus `threads`), and the single thread beside it for comparison.
 */
export interface SenderResult extends SenderRun {
  oneThread: SenderRun;
}

const TARGET = 300_000;

/** The judged run: two sender threads, each with its own connection, on two cores. */
const THREADS = 2;

/** One `logstream send --rate R --count R×seconds [--threads N]` with nobody subscribed; Redis counts the PUBLISHes. */
async function runOnce(
  redis: RedisServerHandle,
  probe: RedisProbe,
  rate: number,
  seconds: number,
  threads: number,
): Promise<SenderRun> {
  const count = Math.round(rate * seconds);
  const meter = await PublishMeter.start(probe);
  const sampler = new ProcSampler();
  sampler.add('redis-server', redis.pid);
  const args = [
    'send',
    '--redis',
    redis.url,
    '--rate',
    String(rate),
    '--count',
    String(count),
    '--logs-channel',
    'bench.sender',
  ];
  const send = startCli(threads === 1 ? args : [...args, '--threads', String(threads)]);
  sampler.add('send', send.child.pid ?? -1);
  const exitCode = await send.exited;
  const usage = sampler.stop();
  const publish = await meter.stop();
  const summary = send.stderr().trim().split('\n').at(-1) ?? '';
  return { threads, offeredRate: rate, count, exitCode, summary, publish, usage };
}

/**
 * `logstream send --rate R` twice, R above the target so the achieved rate is the ceiling: one
 * thread (for comparison, no target), then `--threads 2` (judged against ≥ 300k/s). The rows of
 * both stand side by side.
 */
export async function runSender(
  redis: RedisServerHandle,
  probe: RedisProbe,
  o: { rate: number; seconds: number; redisBenchmarkRate?: number },
): Promise<{ rows: Row[]; data: SenderResult }> {
  const one = await runOnce(redis, probe, o.rate, o.seconds, 1);
  const two = await runOnce(redis, probe, o.rate, o.seconds, THREADS);
  const benchmark = o.redisBenchmarkRate === undefined ? '' : `redis-benchmark ${perSecond(o.redisBenchmarkRate)}`;
  const label = (run: SenderRun): string => (run.threads === 1 ? '1 thread' : `--threads ${run.threads}`);
  const rows: Row[] = [
    { metric: 'offered rate', measured: perSecond(o.rate), baseline: `${int(one.count)} logs per run` },
    {
      metric: 'achieved rate, 1 thread (PUBLISHes Redis processed)',
      measured: perSecond(one.publish.rate),
      baseline: `for comparison${benchmark === '' ? '' : `; ${benchmark}`}`,
    },
    {
      metric: `achieved rate, ${label(two)}`,
      measured: perSecond(two.publish.rate),
      target: `≥ ${int(TARGET)}/s`,
      ok: two.publish.rate >= TARGET,
      baseline: `asked for ${perSecond(o.rate)}, so this is the ceiling${benchmark === '' ? '' : `; ${benchmark}`}`,
    },
    ...[one, two].map((run): Row => ({
      metric: `published / asked, ${label(run)}`,
      measured: `${int(run.publish.published)} / ${int(run.count)}`,
      ok: run.publish.published === run.count,
      baseline: run.summary.replace(/^logstream send: /, '').slice(0, 160),
    })),
    ...[one, two].map((run): Row => ({
      metric: `send CPU avg / max, RSS peak, ${label(run)}`,
      measured: `${fixed(run.usage.send?.cpuAvgPct, 0)}% / ${fixed(run.usage.send?.cpuMaxPct, 0)}%, ${mib(run.usage.send?.rssPeak)}`,
    })),
    {
      metric: `redis-server CPU avg, 1 thread / ${label(two)}`,
      measured: `${fixed(one.usage['redis-server']?.cpuAvgPct, 0)}% / ${fixed(two.usage['redis-server']?.cpuAvgPct, 0)}%`,
    },
  ];
  for (const run of [one, two]) {
    if (run.exitCode !== 0)
      rows.push({
        metric: `send exit code, ${label(run)}`,
        measured: String(run.exitCode),
        ok: false,
        baseline: run.summary.slice(-200),
      });
  }
  return { rows, data: { ...two, oneThread: one } };
}
