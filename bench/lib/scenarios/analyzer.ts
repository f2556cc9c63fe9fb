import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { parseTimestamp } from '../../../src/protocol/timestamp.js';
import { startChild } from '../children.js';
import { cpuSeconds, ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { PublishMeter, type PublishCount } from '../publish-meter.js';
import { collectMessages, PUBSUB_BUFFER_LIMIT, type RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, mib, p50p99, perSecond, quantiles, sleep, type Quantiles } from '../stats.js';

/** What `logstream analyze` aggregated and how late its windows were. */
export interface AnalyzerResult {
  offeredRate: number;
  publish: PublishCount;
  windows: number;
  aggregated: number;
  lateCount: number;
  /** Σ missed_count: logs the analyzer knows it lost (gaps in the producer's sequence numbers). */
  missedCount: number;
  /** aggregated / event-time span of the non-empty windows. */
  aggregatedRate: number;
  /** Arrival on stats.update − (window_end + lateness). */
  publishDelayMs: Quantiles;
  /** Largest output buffer Redis held for the analyzer's subscription, bytes. */
  maxBacklogBytes: number;
  usage: Record<string, ProcessUsage>;
  /** The analyzer alone working off a backlog held in Redis (see `drainPhase`). */
  drain: DrainResult | undefined;
}

/** The analyzer's own capacity: logs it took out of a backlog in Redis, and the CPU it used. */
export interface DrainResult {
  logs: number;
  /** From resuming the analyzer to Redis holding nothing more for it. */
  seconds: number;
  /** logs / seconds: wall-clock rate, the publisher idle. */
  rate: number;
  /** CPU seconds the analyzer process used meanwhile (all its threads). */
  cpuSeconds: number;
  /** logs / cpuSeconds. */
  perCpuSecond: number;
  /** CPU seconds redis-server used from resuming the analyzer to holding nothing more for it (sending the backlog). */
  redisCpuSeconds: number;
}

export const DRAIN_LOGS = 2_000_000;

const LATENESS_MS = 500;
const TARGET_RATE = 500_000;
const TARGET_DELAY_MS = 100;

interface WindowSeen {
  at: number;
  startMs: number;
  endMs: number;
  total: number;
  late: number;
  missed: number;
}

export function decodeWindows(messages: readonly { at: number; text: string }[]): WindowSeen[] {
  const out: WindowSeen[] = [];
  for (const m of messages) {
    for (const w of JSON.parse(m.text) as {
      window_start: string;
      window_end: string;
      total_count: number;
      late_count?: number;
      missed_count?: number;
      window_seconds?: number;
    }[]) {
      // The 10 s and 1 min rollups count the same logs again: only the 1 s windows add up.
      if (w.window_seconds !== undefined && w.window_seconds !== 1) continue;
      out.push({
        at: m.at,
        startMs: parseTimestamp(w.window_start) ?? Number.NaN,
        endMs: parseTimestamp(w.window_end) ?? Number.NaN,
        total: w.total_count,
        late: w.late_count ?? 0,
        missed: w.missed_count ?? 0,
      });
    }
  }
  return out;
}

/**
 * `logstream analyze` fed by the raw publisher (pre-encoded generator logs, pipelined, current
 * timestamps patched in) at `rate`, which is far more than `logstream send` can offer on the
 * same cores. The bench subscribes to stats.update and times every window.
 */
export async function runAnalyzer(
  redis: RedisServerHandle,
  probe: RedisProbe,
  o: { rate: number; seconds: number },
): Promise<{ rows: Row[]; data: AnalyzerResult }> {
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
    const publisher = startChild('child-raw-publisher', [
      String(redis.port),
      'logs.ingest',
      String(o.rate),
      String(count),
    ]);
    sampler.add('publisher', publisher.pid);
    let publishing = true;
    void publisher.done.then(() => (publishing = false));
    let maxBacklogBytes = 0;
    while (publishing) {
      const subs = await probe.subscriberClients().catch(() => []);
      for (const s of subs)
        if (s.name.startsWith('logstream-analyze')) maxBacklogBytes = Math.max(maxBacklogBytes, s.omem);
      await sleep(250);
    }
    const publish = await meter.stop();
    // Logs published: the publisher's own count (it closes only once Redis answered every
    // PUBLISH); Redis's PUBLISH count also includes the analyzer's windows on stats.update.
    const logsPublished = (await publisher.done).result?.sent ?? publish.published;
    // Wait until every published log is in a window, or give up 5 s after the last close was due.
    const deadline = Date.now() + 1000 + LATENESS_MS + 5000;
    const counted = (): number =>
      decodeWindows(stats.messages)
        .filter((w) => w.at >= startedAt)
        .reduce((s, w) => s + w.total, 0);
    while (Date.now() < deadline && counted() < logsPublished) await sleep(100);
    await sleep(1000 + LATENESS_MS); // one more window, so the run's last one is seen closing
    const usage = sampler.usage();
    const windows = decodeWindows(stats.messages).filter((w) => w.at >= startedAt);
    const busy = windows.filter((w) => w.total > 0);
    const aggregated = busy.reduce((s, w) => s + w.total, 0);
    const span = ((busy.at(-1)?.endMs ?? 0) - (busy[0]?.startMs ?? 0)) / 1000;
    const aggregatedRate = span > 0 ? aggregated / span : Number.NaN;
    const publishDelayMs = quantiles(windows.map((w) => w.at - (w.endMs + LATENESS_MS)));
    const lateCount = windows.reduce((s, w) => s + w.late, 0);
    const missedCount = windows.reduce((s, w) => s + w.missed, 0);
    const drain = await drainPhase(redis, probe, analyze.child.pid ?? -1, () =>
      decodeWindows(stats.messages).reduce((s, w) => s + w.total, 0),
    );
    const rows: Row[] = [
      {
        metric: 'offered (raw publisher, realistic logs)',
        measured: perSecond(publish.rate),
        baseline: `asked ${perSecond(o.rate)}, ${int(logsPublished)} published`,
      },
      {
        metric: 'aggregated rate (Σ total_count / span)',
        measured: perSecond(aggregatedRate),
        target: `≥ ${int(TARGET_RATE)}/s`,
        ok: aggregatedRate >= TARGET_RATE,
        baseline: 'JSON.parse baseline above',
      },
      {
        metric: 'aggregated + missed_count / published',
        measured: `${int(aggregated)} + ${int(missedCount)} / ${int(logsPublished)}`,
        baseline:
          `${int(lateCount)} counted late. ` +
          (aggregated + missedCount < logsPublished
            ? `${int(logsPublished - aggregated - missedCount)} lost after the last log the analyzer received (a gap shows when the next log of its producer arrives)`
            : aggregated + missedCount === logsPublished && missedCount > 0
              ? 'Redis cut the analyzer off at the output buffer limit; the logs lost then are counted exactly (missed_count)'
              : ''),
      },
      {
        metric: 'window publish delay p50 / p99',
        measured: p50p99(publishDelayMs),
        target: `< ${TARGET_DELAY_MS} ms`,
        ok: publishDelayMs.p99 < TARGET_DELAY_MS,
        baseline: `max ${fixed(publishDelayMs.max, 1)} ms over ${windows.length} windows`,
      },
      { metric: 'max backlog in Redis (omem)', measured: mib(maxBacklogBytes) },
      {
        metric: 'analyze CPU avg / max, RSS peak',
        measured: `${fixed(usage.analyze?.cpuAvgPct, 0)}% / ${fixed(usage.analyze?.cpuMaxPct, 0)}%, ${mib(usage.analyze?.rssPeak)}`,
      },
      {
        metric: 'publisher / redis-server CPU avg',
        measured: `${fixed(usage.publisher?.cpuAvgPct, 0)}% / ${fixed(usage['redis-server']?.cpuAvgPct, 0)}%`,
      },
      {
        metric: 'alone, from a backlog in Redis',
        measured: drain === undefined ? 'n/a' : `${perSecond(drain.perCpuSecond)} per CPU s`,
        target: `≥ ${int(TARGET_RATE)}/s on one core`,
        ok: drain === undefined ? undefined : drain.perCpuSecond >= TARGET_RATE,
        baseline:
          drain === undefined
            ? ''
            : `${int(drain.logs)} logs in ${fixed(drain.seconds, 2)} s (${perSecond(drain.rate)} wall), ${fixed(drain.cpuSeconds, 2)} CPU s`,
      },
    ];
    return {
      rows,
      data: {
        offeredRate: o.rate,
        publish,
        windows: windows.length,
        aggregated,
        lateCount,
        missedCount,
        aggregatedRate,
        publishDelayMs,
        maxBacklogBytes,
        usage,
        drain,
      },
    };
  } finally {
    sampler.stop();
    analyze.child.kill('SIGTERM');
    await analyze.exited;
    await stats.close();
  }
}

/**
 * The analyzer on its own, through Redis: with the analyzer stopped (SIGSTOP), the publisher
 * puts DRAIN_LOGS logs into Redis, which holds them in the analyzer's output buffer (the limit
 * raised for it); then the analyzer resumes and works them off while nothing else runs. On
 * two cores the concurrent phase cannot show a consumer faster than what the publisher and
 * Redis leave it; this phase can. `counted` is Σ total_count of the windows seen so far.
 */
export async function drainPhase(
  redis: RedisServerHandle,
  probe: RedisProbe,
  pid: number,
  counted: () => number,
): Promise<DrainResult | undefined> {
  const backlog = async (): Promise<number> =>
    (await probe.subscriberClients().catch(() => []))
      .filter((s) => s.name.startsWith('logstream-analyze'))
      .reduce((sum, s) => sum + s.omem, 0);
  await probe.configSet('client-output-buffer-limit', 'pubsub 4gb 4gb 60');
  try {
    process.kill(pid, 'SIGSTOP');
    const before = counted();
    const publisher = startChild('child-raw-publisher', [
      String(redis.port),
      'logs.ingest',
      String(10_000_000),
      String(DRAIN_LOGS),
    ]);
    await publisher.done;
    const cpu0 = cpuSeconds(pid);
    const redis0 = cpuSeconds(redis.pid) ?? Number.NaN;
    const t0 = performance.now();
    process.kill(pid, 'SIGCONT');
    let t1 = Number.NaN;
    for (let i = 0; i < 6000; i++) {
      if ((await backlog()) === 0) {
        t1 = performance.now();
        break;
      }
      await sleep(10);
    }
    const redis1 = cpuSeconds(redis.pid) ?? Number.NaN;
    // What Redis sent may still sit in the socket: the CPU is read once every log is in a window.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && counted() - before < DRAIN_LOGS) await sleep(20);
    const cpu1 = cpuSeconds(pid);
    if (cpu0 === undefined || cpu1 === undefined || !Number.isFinite(t1)) return undefined;
    const logs = counted() - before;
    const seconds = (t1 - t0) / 1000;
    const cpu = cpu1 - cpu0;
    return {
      logs,
      seconds,
      rate: logs / seconds,
      cpuSeconds: cpu,
      perCpuSecond: logs / cpu,
      redisCpuSeconds: redis1 - redis0,
    };
  } finally {
    process.kill(pid, 'SIGCONT');
    await probe.configSet('client-output-buffer-limit', PUBSUB_BUFFER_LIMIT[1] as string);
  }
}
