import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { parseTimestamp } from '../../../src/core/timestamp.js';
import { startChild } from '../children.js';
import { ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { PublishMeter, type PublishCount } from '../publish-meter.js';
import { collectMessages, type RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, mib, p50p99, perSecond, quantiles, sleep, type Quantiles } from '../stats.js';

/** What `logstream analyze` aggregated and how late its windows were. */
export interface AnalyzerResult {
  offeredRate: number;
  publish: PublishCount;
  windows: number;
  aggregated: number;
  lateCount: number;
  /** aggregated / event-time span of the non-empty windows. */
  aggregatedRate: number;
  /** Arrival on stats.update − (window_end + lateness). */
  publishDelayMs: Quantiles;
  /** Largest output buffer Redis held for the analyzer's subscription, bytes. */
  maxBacklogBytes: number;
  usage: Record<string, ProcessUsage>;
}

const LATENESS_MS = 500;
const TARGET_RATE = 500_000;
const TARGET_DELAY_MS = 100;

interface WindowSeen {
  at: number;
  startMs: number;
  endMs: number;
  total: number;
  late: number;
}

function decodeWindows(messages: readonly { at: number; text: string }[]): WindowSeen[] {
  const out: WindowSeen[] = [];
  for (const m of messages) {
    for (const w of JSON.parse(m.text) as { window_start: string; window_end: string; total_count: number; late_count?: number; window_seconds?: number }[]) {
      // The 10 s and 1 min rollups count the same logs again: only the 1 s windows add up.
      if (w.window_seconds !== undefined && w.window_seconds !== 1) continue;
      out.push({ at: m.at, startMs: parseTimestamp(w.window_start) ?? Number.NaN, endMs: parseTimestamp(w.window_end) ?? Number.NaN, total: w.total_count, late: w.late_count ?? 0 });
    }
  }
  return out;
}

/**
 * `logstream analyze` fed by the raw publisher (pre-encoded generator logs, pipelined, current
 * timestamps patched in) at `rate`, which is far more than `logstream send` can offer on the
 * same cores. The bench subscribes to stats.update and times every window.
 */
export async function runAnalyzer(redis: RedisServerHandle, probe: RedisProbe, o: { rate: number; seconds: number }): Promise<{ rows: Row[]; data: AnalyzerResult }> {
  const stats = await collectMessages(redis.url, 'stats.update');
  const analyze = startCli(['analyze', '--redis', redis.url, '--lateness-ms', String(LATENESS_MS)]);
  const sampler = new ProcSampler();
  try {
    for (let i = 0; i < 200 && (await probe.subscribers('logs.ingest')) < 1; i++) await sleep(25);
    sampler.add('analyze', analyze.child.pid ?? -1);
    sampler.add('redis-server', redis.pid);
    const meter = await PublishMeter.start(probe);
    const startedAt = Date.now();
    const count = Math.round(o.rate * o.seconds);
    const publisher = startChild('child-raw-publisher', [String(redis.port), 'logs.ingest', String(o.rate), String(count)]);
    sampler.add('publisher', publisher.pid);
    let publishing = true;
    void publisher.done.then(() => (publishing = false));
    let maxBacklogBytes = 0;
    while (publishing) {
      const subs = await probe.subscriberClients().catch(() => []);
      for (const s of subs) if (s.name.startsWith('logstream-analyze')) maxBacklogBytes = Math.max(maxBacklogBytes, s.omem);
      await sleep(250);
    }
    const publish = await meter.stop();
    // Wait until every published log is in a window, or give up 5 s after the last close was due.
    const deadline = Date.now() + 1000 + LATENESS_MS + 5000;
    const counted = (): number => decodeWindows(stats.messages).filter((w) => w.at >= startedAt).reduce((s, w) => s + w.total, 0);
    while (Date.now() < deadline && counted() < publish.published) await sleep(100);
    await sleep(1000 + LATENESS_MS); // one more window, so the run's last one is seen closing
    const usage = sampler.usage();
    const windows = decodeWindows(stats.messages).filter((w) => w.at >= startedAt);
    const busy = windows.filter((w) => w.total > 0);
    const aggregated = busy.reduce((s, w) => s + w.total, 0);
    const span = ((busy.at(-1)?.endMs ?? 0) - (busy[0]?.startMs ?? 0)) / 1000;
    const aggregatedRate = span > 0 ? aggregated / span : Number.NaN;
    const publishDelayMs = quantiles(windows.map((w) => w.at - (w.endMs + LATENESS_MS)));
    const lateCount = windows.reduce((s, w) => s + w.late, 0);
    const rows: Row[] = [
      { metric: 'offered (raw publisher, realistic logs)', measured: perSecond(publish.rate), baseline: `asked ${perSecond(o.rate)}, ${int(publish.published)} published` },
      { metric: 'aggregated rate (Σ total_count / span)', measured: perSecond(aggregatedRate), target: `≥ ${int(TARGET_RATE)}/s`, ok: aggregatedRate >= TARGET_RATE, baseline: 'JSON.parse baseline above' },
      { metric: 'aggregated / published', measured: `${int(aggregated)} / ${int(publish.published)}`, ok: aggregated === publish.published, baseline: `${int(lateCount)} counted late` },
      { metric: 'window publish delay p50 / p99', measured: p50p99(publishDelayMs), target: `< ${TARGET_DELAY_MS} ms`, ok: publishDelayMs.p99 < TARGET_DELAY_MS, baseline: `max ${fixed(publishDelayMs.max, 1)} ms over ${windows.length} windows` },
      { metric: 'max backlog in Redis (omem)', measured: mib(maxBacklogBytes) },
      { metric: 'analyze CPU avg / max, RSS peak', measured: `${fixed(usage.analyze?.cpuAvgPct, 0)}% / ${fixed(usage.analyze?.cpuMaxPct, 0)}%, ${mib(usage.analyze?.rssPeak)}` },
      { metric: 'publisher / redis-server CPU avg', measured: `${fixed(usage.publisher?.cpuAvgPct, 0)}% / ${fixed(usage['redis-server']?.cpuAvgPct, 0)}%` },
    ];
    return { rows, data: { offeredRate: o.rate, publish, windows: windows.length, aggregated, lateCount, aggregatedRate, publishDelayMs, maxBacklogBytes, usage } };
  } finally {
    sampler.stop();
    analyze.child.kill('SIGTERM');
    await analyze.exited;
    await stats.close();
  }
}
