import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { PublishMeter, type PublishCount } from '../publish-meter.js';
import type { RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, mib, perSecond } from '../stats.js';

/** What `logstream send` achieved against Redis. */
export interface SenderResult {
  offeredRate: number;
  count: number;
  exitCode: number;
  /** The sender's own summary line ('sent N logs, dropped M'). */
  summary: string;
  publish: PublishCount;
  usage: Record<string, ProcessUsage>;
}

const TARGET = 300_000;

/** `logstream send --rate R --count R×seconds` with nobody subscribed; Redis counts the PUBLISHes. */
export async function runSender(redis: RedisServerHandle, probe: RedisProbe, o: { rate: number; seconds: number; redisBenchmarkRate?: number }): Promise<{ rows: Row[]; data: SenderResult }> {
  const count = Math.round(o.rate * o.seconds);
  const meter = await PublishMeter.start(probe);
  const sampler = new ProcSampler();
  sampler.add('redis-server', redis.pid);
  const send = startCli(['send', '--redis', redis.url, '--rate', String(o.rate), '--count', String(count), '--logs-channel', 'bench.sender']);
  sampler.add('send', send.child.pid ?? -1);
  const exitCode = await send.exited;
  const usage = sampler.stop();
  const publish = await meter.stop();
  const summary = send.stderr().trim().split('\n').at(-1) ?? '';
  const rows: Row[] = [
    { metric: 'offered rate', measured: perSecond(o.rate), baseline: `${int(count)} logs` },
    { metric: 'achieved rate (PUBLISHes Redis processed)', measured: perSecond(publish.rate), target: `≥ ${int(TARGET)}/s`, ok: publish.rate >= TARGET, baseline: o.redisBenchmarkRate === undefined ? '' : `redis-benchmark ${perSecond(o.redisBenchmarkRate)}` },
    { metric: 'published / asked', measured: `${int(publish.published)} / ${int(count)}`, ok: publish.published === count, baseline: summary.slice(0, 100) },
    { metric: 'send CPU avg / max, RSS peak', measured: `${fixed(usage.send?.cpuAvgPct, 0)}% / ${fixed(usage.send?.cpuMaxPct, 0)}%, ${mib(usage.send?.rssPeak)}` },
    { metric: 'redis-server CPU avg', measured: `${fixed(usage['redis-server']?.cpuAvgPct, 0)}%` },
  ];
  if (exitCode !== 0) rows.push({ metric: 'send exit code', measured: String(exitCode), ok: false, baseline: send.stderr().slice(-200) });
  return { rows, data: { offeredRate: o.rate, count, exitCode, summary, publish, usage } };
}
