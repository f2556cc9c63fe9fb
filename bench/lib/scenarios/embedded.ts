import { join } from 'node:path';
import { frameRows } from '../frame-rows.js';
import type { MetricsSummary } from '../metrics-file.js';
import { ProcSampler, type ProcessUsage } from '../proc-sampler.js';
import { lastMessage, startPtyApp } from '../pty-app.js';
import type { Row } from '../report.js';
import { fixed, mib, p50p99, perSecond, sleep } from '../stats.js';
import { KeyDriver, metricsBetween, quitApp } from '../tui-session.js';

/** `logstream demo --rate R` in the 200×50 pty. */
export interface EmbeddedResult {
  offeredRate: number;
  metrics: MetricsSummary | undefined;
  receivedRate: number | undefined;
  ptyFramesPerSecond: number;
  keyPresses: number;
  exit: number | 'killed';
  failure: string;
  usage: ProcessUsage | undefined;
}

/** Sender, analyzer and collector in one process: is the UI still responsive? */
export async function runEmbedded(
  dir: string,
  rate: number,
  seconds: number,
): Promise<{ rows: Row[]; data: EmbeddedResult }> {
  const metricsPath = join(dir, 'embedded.jsonl');
  const app = await startPtyApp(['demo', '--rate', String(rate), '--buffer', '200000'], {
    LOGSTREAM_METRICS_FILE: metricsPath,
  });
  const sampler = new ProcSampler();
  try {
    sampler.add('demo', app.appPid);
    await sleep(1000); // start-up, not measured
    const from = Date.now();
    const frames0 = app.frames();
    const keys = new KeyDriver(app);
    await sleep((seconds * 1000) / 2);
    keys.start();
    await sleep((seconds * 1000) / 2);
    keys.stop();
    const elapsed = (Date.now() - from) / 1000;
    const ptyFramesPerSecond = (app.frames() - frames0) / elapsed;
    const usage = sampler.usage().demo;
    const exit = await quitApp(app);
    const all = metricsBetween(metricsPath, from, Date.now());
    const before = metricsBetween(metricsPath, 0, from);
    const receivedRate = all === undefined ? undefined : (all.received - (before?.received ?? 0)) / elapsed;
    const m = all;
    const failure = exit === 0 ? '' : lastMessage(app.tail());
    const rows: Row[] = [
      {
        metric: 'offered / received',
        measured: `${perSecond(rate)} / ${perSecond(receivedRate)}`,
        baseline: m === undefined ? 'n/a: no metrics file' : '',
      },
      {
        metric: 'key-to-frame p50 / p99',
        measured: p50p99(m?.keyToFrameMs),
        target: '< 50 ms (responsive)',
        ok: m === undefined || !Number.isFinite(m.keyToFrameMs.p99) ? undefined : m.keyToFrameMs.p99 < 50,
        baseline: `${keys.presses} keys typed`,
      },
      { metric: 'newest-line age p50 / p99', measured: p50p99(m?.newestAgeMs) },
      ...frameRows(m),
      {
        metric: 'frames/s (metrics / pty)',
        measured: `${fixed(m?.framesPerSecond, 0)} / ${fixed(ptyFramesPerSecond, 0)}`,
      },
      { metric: 'demo RSS peak / CPU avg', measured: `${mib(usage?.rssPeak)} / ${fixed(usage?.cpuAvgPct, 0)}%` },
      ...(exit === 0
        ? []
        : [{ metric: 'demo exit', measured: String(exit), ok: false, baseline: failure.slice(0, 120) }]),
    ];
    return {
      rows,
      data: {
        offeredRate: rate,
        metrics: m,
        receivedRate,
        ptyFramesPerSecond,
        keyPresses: keys.presses,
        exit,
        failure,
        usage,
      },
    };
  } finally {
    sampler.stop();
    app.kill();
  }
}
