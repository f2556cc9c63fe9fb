import { join } from 'node:path';
import { startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { frameRows } from '../frame-rows.js';
import type { MetricsSummary } from '../metrics-file.js';
import { ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { PublishMeter, type PublishCount } from '../publish-meter.js';
import { lastMessage, startPtyApp } from '../pty-app.js';
import type { RedisProbe } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, mib, p50p99, perSecond, sleep } from '../stats.js';
import { KeyDriver, metricsBetween, quitApp } from '../tui-session.js';

/** One offered rate of the collector scenario. */
export interface CollectorRun {
  offeredRate: number;
  publish: PublishCount;
  /** From the metrics file; undefined when the collector does not write one. */
  metrics: MetricsSummary | undefined;
  receivedRate: number | undefined;
  actualLoss: number | undefined;
  reportedLoss: number | undefined;
  /** Counted from the pty output: synchronized updates per second and bytes per second. */
  ptyFramesPerSecond: number;
  ptyBytesPerSecond: number;
  maxBacklogBytes: number;
  keyPresses: number;
  exit: number | 'killed';
  /** The app's last message when it did not exit cleanly. */
  failure: string;
  usage: Record<string, ProcessUsage>;
  /** The filter the collector ran with (`--filter`), if any. */
  filter: string | undefined;
  /** CPU the tui process spent per 1,000 logs received, ms (both of its threads). */
  tuiCpuMsPer1k: number | undefined;
}

const BUFFER = 200_000;
/** Metrics of the first 2 s after the load starts are warm-up (JIT), left out of the quantiles and shown apart. */
export const WARMUP_MS = 2_000;
const T = { agePct99: 50, keyP99: 50, rssBytes: 200 * 1024 * 1024, sustain: 200_000 };

/** Targets of the age and key latency are stated at 100k/s; at higher rates they are shown but not judged. */
const judged = (rate: number, ok: boolean | undefined): boolean | undefined => (rate <= 100_000 ? ok : undefined);
const under = (v: number | undefined, limit: number): boolean | undefined =>
  v === undefined || !Number.isFinite(v) ? undefined : v < limit;

/** Runs with a filter so far: each writes its own metrics file. */
let filteredRuns = 0;

/**
 * `logstream tui --buffer 200000` in a 200×50 pty fed by `logstream send --rate R` for
 * `seconds`; with `filter`, the collector starts with that filter active.
 */
export async function runCollectorAt(
  redis: RedisServerHandle,
  probe: RedisProbe,
  dir: string,
  rate: number,
  seconds: number,
  filter?: string,
): Promise<CollectorRun> {
  const metricsPath = join(dir, `collector-${rate}${filter === undefined ? '' : `-filter-${++filteredRuns}`}.jsonl`);
  const app = await startPtyApp(
    ['tui', '--redis', redis.url, '--buffer', String(BUFFER), ...(filter === undefined ? [] : ['--filter', filter])],
    { LOGSTREAM_METRICS_FILE: metricsPath },
  );
  const sampler = new ProcSampler();
  try {
    for (let i = 0; i < 400 && (await probe.subscribers('logs.ingest')) < 1; i++) await sleep(25);
    sampler.add('tui', app.appPid);
    sampler.add('redis-server', redis.pid);
    const meter = await PublishMeter.start(probe);
    const from = Date.now();
    const frames0 = app.frames();
    const bytes0 = app.bytes();
    const send = startCli([
      'send',
      '--redis',
      redis.url,
      '--rate',
      String(rate),
      '--count',
      String(Math.round(rate * seconds)),
    ]);
    sampler.add('send', send.child.pid ?? -1);
    const keys = new KeyDriver(app);
    const keysAt = setTimeout(() => keys.start(), (seconds * 1000) / 2);
    let sending = true;
    void send.exited.then(() => (sending = false));
    let maxBacklogBytes = 0;
    while (sending) {
      for (const s of await probe.subscriberClients().catch(() => []))
        if (s.name.startsWith('logstream-tui')) maxBacklogBytes = Math.max(maxBacklogBytes, s.omem);
      await sleep(250);
    }
    clearTimeout(keysAt);
    keys.stop();
    const publish = await meter.stop();
    // Let the collector drain what Redis still holds for it (up to 10 s), so loss is not confused with lag.
    for (let i = 0; i < 40; i++) {
      const backlog = (await probe.subscriberClients().catch(() => []))
        .filter((s) => s.name.startsWith('logstream-tui'))
        .reduce((sum, s) => sum + s.omem, 0);
      if (backlog === 0 && i >= 4) break;
      await sleep(250);
    }
    const elapsed = (Date.now() - from) / 1000;
    const ptyFramesPerSecond = (app.frames() - frames0) / elapsed;
    const ptyBytesPerSecond = (app.bytes() - bytes0) / elapsed;
    const usage = sampler.usage();
    const exit = await quitApp(app, filter?.includes('|') === true);
    const metrics = metricsBetween(metricsPath, from, Date.now(), WARMUP_MS);
    const received = metrics?.received;
    const tuiCpu = usage.tui;
    return {
      filter,
      tuiCpuMsPer1k:
        received === undefined || received === 0 || tuiCpu === undefined
          ? undefined
          : ((tuiCpu.cpuAvgPct / 100) * elapsed * 1000 * 1000) / received,
      offeredRate: rate,
      publish,
      metrics,
      receivedRate: received === undefined ? undefined : received / publish.activeSeconds,
      actualLoss: received === undefined ? undefined : publish.published - received,
      reportedLoss: metrics === undefined ? undefined : metrics.missed + metrics.dropped,
      ptyFramesPerSecond,
      ptyBytesPerSecond,
      maxBacklogBytes,
      keyPresses: keys.presses,
      exit,
      failure: exit === 0 ? '' : lastMessage(app.tail()),
      usage,
    };
  } finally {
    sampler.stop();
    app.kill();
  }
}

/** The worst values of the warm-up second, which the quantiles leave out. */
export function warmupNote(m: MetricsSummary | undefined): string {
  if (m === undefined || m.warmup.lines === 0) return '';
  return `first 2 s (warm-up, not in p50/p99): age max ${fixed(m.warmup.newestAgeMaxMs, 0)} ms, frame max ${fixed(m.warmup.frameMaxMs, 1)} ms`;
}

/** The table rows of one rate. */
export function collectorRows(r: CollectorRun): Row[] {
  const m = r.metrics;
  const unreported =
    r.actualLoss === undefined || r.reportedLoss === undefined ? undefined : r.actualLoss - r.reportedLoss;
  const cpu = (label: string): string => `${fixed(r.usage[label]?.cpuAvgPct, 0)}%`;
  return [
    {
      metric: 'offered / sent (Redis PUBLISHes)',
      measured: `${perSecond(r.offeredRate)} / ${perSecond(r.publish.rate)}`,
      baseline: `${int(r.publish.published)} logs`,
    },
    {
      metric: 'received by the collector',
      measured: perSecond(r.receivedRate),
      ...(r.offeredRate >= T.sustain
        ? { target: 'all, at 200k/s', ok: r.actualLoss === undefined ? undefined : r.actualLoss <= 0 }
        : {}),
      baseline: m === undefined ? 'n/a: no metrics file' : `${int(m.received)} of ${int(r.publish.published)}`,
    },
    {
      metric: 'loss reported / actual',
      measured: `${int(r.reportedLoss)} / ${int(r.actualLoss)}`,
      target: 'none unreported',
      ok: unreported === undefined ? undefined : unreported <= 0,
    },
    {
      metric: 'newest-line age p50 / p99',
      measured: p50p99(m?.newestAgeMs),
      target: `< ${T.agePct99} ms at 100k/s`,
      ok: judged(r.offeredRate, under(m?.newestAgeMs.p99, T.agePct99)),
      baseline: warmupNote(m),
    },
    {
      metric: 'key-to-frame p50 / p99',
      measured: p50p99(m?.keyToFrameMs),
      target: `< ${T.keyP99} ms at 100k/s`,
      ok: judged(r.offeredRate, under(m?.keyToFrameMs.p99, T.keyP99)),
      baseline: `${r.keyPresses} keys typed`,
    },
    ...frameRows(m),
    {
      metric: 'frames/s (metrics / pty)',
      measured: `${fixed(m?.framesPerSecond, 0)} / ${fixed(r.ptyFramesPerSecond, 0)}`,
      baseline: `${int(r.ptyBytesPerSecond / 1024)} KiB/s to the terminal`,
    },
    {
      metric: 'tui RSS peak',
      measured: mib(r.usage.tui?.rssPeak),
      target: '≤ 200 MiB',
      ok: r.usage.tui === undefined || r.usage.tui.samples === 0 ? undefined : r.usage.tui.rssPeak <= T.rssBytes,
      baseline: `buffer ${int(BUFFER)}; metrics rss ${mib(m?.rssMax)}`,
    },
    {
      metric: 'CPU avg tui / send / redis-server',
      measured: `${cpu('tui')} / ${cpu('send')} / ${cpu('redis-server')}`,
      baseline: `tui ${fixed(r.tuiCpuMsPer1k, 2)} ms CPU per 1,000 logs`,
    },
    { metric: 'max backlog in Redis (omem)', measured: mib(r.maxBacklogBytes) },
    ...(r.exit === 0
      ? []
      : [{ metric: 'tui exit', measured: String(r.exit), ok: false, baseline: r.failure.slice(0, 120) }]),
  ];
}

/** Rows comparing a run with a filter or query against the unfiltered run at the same rate. */
export function filterRows(filtered: CollectorRun, plain: CollectorRun | undefined): Row[] {
  const ratio =
    plain?.tuiCpuMsPer1k === undefined || filtered.tuiCpuMsPer1k === undefined
      ? undefined
      : filtered.tuiCpuMsPer1k / plain.tuiCpuMsPer1k;
  return [
    // A pipeline shows its results table in place of the log list: no newest line to age.
    ...collectorRows(filtered).filter(
      (row) =>
        !row.metric.startsWith('key-to-frame') &&
        !(filtered.filter?.includes('|') === true && row.metric.startsWith('newest-line age')),
    ),
    {
      metric: 'tui CPU per log, filter / none',
      measured: ratio === undefined ? 'n/a' : `${fixed(ratio, 2)}×`,
      target: '< 2× (not halved)',
      ok: ratio === undefined ? undefined : ratio < 2,
      baseline: `${fixed(filtered.tuiCpuMsPer1k, 2)} / ${fixed(plain?.tuiCpuMsPer1k, 2)} ms per 1,000 logs; filter ${filtered.filter ?? ''}`,
    },
  ];
}
