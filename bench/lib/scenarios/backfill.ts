import { readdirSync, readFileSync } from 'node:fs';
import { CLI, startCli } from '../../../test/helpers/cli.js';
import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { screenHas, startTmux } from '../../../test/helpers/tmux.js';
import { cpuSeconds } from '../proc-sampler.js';
import { COLS, ROWS } from '../pty-app.js';
import type { Row } from '../report.js';
import { fixed, int, sleep } from '../stats.js';

/** The brief's target: this many logs of the stream's past in the TUI's buffer, launch to status line. */
const TARGET_MS = 2000;
const COUNT = 100_000;
const CHANNEL = 'bench.backfill';
const TICKS_PER_SECOND = 100;

/** One launch of `logstream tui --transport streams --backfill N`. */
export interface BackfillRun {
  /** Entries the stream held: COUNT (read oldest first) or more (newest first). */
  streamLength: number;
  /** Launch to the first frame (the status line drawn). */
  firstFrameMs: number | undefined;
  /** Launch to the status line saying every log is buffered. */
  bufferedMs: number | undefined;
  /** CPU seconds of the whole process when everything was buffered. */
  processCpuSeconds: number | undefined;
  /** CPU seconds of its busiest thread other than the main one (the collector's worker). */
  workerCpuSeconds: number | undefined;
  loadAverage: number;
}

export interface BackfillData {
  count: number;
  runs: BackfillRun[];
}

/** Entries added after the first runs, so that the stream holds more than is asked for. */
const MORE = 50_000;

/** CPU seconds of the busiest thread of `pid` other than its main thread, from /proc/PID/task. */
function busiestOtherThread(pid: number): number | undefined {
  let best: number | undefined;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      if (Number(tid) === pid) continue;
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      if (best === undefined || seconds > best) best = seconds;
    }
  } catch {
    return best;
  }
  return best;
}

/** Adds `count` logs to stream CHANNEL through `logstream send --transport streams`. */
async function fillStream(redis: RedisServerHandle, count: number): Promise<void> {
  const send = startCli([
    'send',
    '--redis',
    redis.url,
    '--transport',
    'streams',
    '--logs-channel',
    CHANNEL,
    '--rate',
    '1000000',
    '--count',
    String(count),
    '--seed',
    'backfill',
  ]);
  const code = await send.exited;
  if (code !== 0) throw new Error(`logstream send exited ${code}: ${send.stderr().slice(-300)}`);
}

/** Launches the TUI in a COLS×ROWS tmux pane and polls its screen every 20 ms until all COUNT are buffered. */
async function launch(redis: RedisServerHandle, home: string, streamLength: number): Promise<BackfillRun> {
  const args = [
    'tui',
    '--redis',
    redis.url,
    '--transport',
    'streams',
    '--logs-channel',
    CHANNEL,
    '--backfill',
    String(COUNT),
    '--buffer',
    String(COUNT),
  ];
  const command = `exec ${process.execPath} ${CLI} ${args.join(' ')}`;
  const loadAverage = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const start = performance.now();
  const term = await startTmux(command, { cols: COLS, rows: ROWS, env: { HOME: home, TZ: 'UTC' } });
  const run: BackfillRun = {
    streamLength,
    firstFrameMs: undefined,
    bufferedMs: undefined,
    processCpuSeconds: undefined,
    workerCpuSeconds: undefined,
    loadAverage,
  };
  const all = `${COUNT.toLocaleString('en-US')}/${COUNT.toLocaleString('en-US')} buffered`;
  try {
    const pid = Number(await term.display('#{pane_pid}'));
    const deadline = start + 60_000;
    while (performance.now() < deadline && run.bufferedMs === undefined) {
      const screen = await term.screen();
      const t = performance.now() - start;
      if (run.firstFrameMs === undefined && screenHas(screen, 'buffered')) run.firstFrameMs = t;
      if (screenHas(screen, all)) {
        run.bufferedMs = t;
        run.processCpuSeconds = cpuSeconds(pid);
        run.workerCpuSeconds = busiestOtherThread(pid);
      }
      await sleep(20);
    }
  } finally {
    await term.kill();
  }
  return run;
}

/**
 * A collector started on a stream that already holds COUNT logs (`logstream send --transport
 * streams`): `runs` launches of `logstream tui --transport streams --backfill COUNT --buffer
 * COUNT`, each timed from launch to the first frame and to "COUNT/COUNT buffered"; then MORE
 * logs are added and it is launched `runs` times again (the newest COUNT of a longer stream are
 * read newest first, the whole stream oldest first).
 */
export async function runBackfill(
  redis: RedisServerHandle,
  home: string,
  runs: number,
): Promise<{ rows: Row[]; data: BackfillData }> {
  const data: BackfillData = { count: COUNT, runs: [] };
  let length = 0;
  for (const add of [COUNT, MORE]) {
    await fillStream(redis, add);
    length += add;
    for (let i = 0; i < runs; i++) {
      data.runs.push(await launch(redis, home, length));
      // Let the last run's process go before the next launch shares the cores with it.
      await sleep(500);
    }
  }
  const rows: Row[] = data.runs.map((r, i) => ({
    metric: `run ${i + 1}: stream of ${int(r.streamLength)}, launch to ${int(COUNT)} buffered`,
    measured: r.bufferedMs === undefined ? 'timed out' : `${int(r.bufferedMs)} ms`,
    target: `< ${int(TARGET_MS)} ms`,
    ok: r.bufferedMs === undefined ? false : r.bufferedMs < TARGET_MS,
    baseline: `first frame ${r.firstFrameMs === undefined ? '-' : `${int(r.firstFrameMs)} ms`}; cpu ${fixed(
      r.processCpuSeconds,
      2,
    )} s, worker ${fixed(r.workerCpuSeconds, 2)} s; load ${fixed(r.loadAverage, 1)}`,
  }));
  return { rows, data };
}
