import { execFile, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI } from '../../../test/helpers/cli.js';
import { screenHas, startTmux } from '../../../test/helpers/tmux.js';
import { cpuSeconds } from '../proc-sampler.js';
import { COLS, ROWS } from '../pty-app.js';
import type { Row } from '../report.js';
import { fixed, int, sleep } from '../stats.js';

const run = promisify(execFile);
const MIB = 1024 * 1024;
/** The brief's targets for a 1 GB file. */
const FIRST_SCREEN_TARGET_MS = 1000;
const INDEX_TARGET = 1_000_000;
const RSS_TARGET_MIB = 300;
/** Start-up varies with the machine's load: each start-up row is the median of this many runs, with their range. */
const STARTUP_RUNS = 5;
/** A log row of the demo's list: its time and level columns. */
const DEMO_ROW = /\d\d:\d\d:\d\d\.\d{3} (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) /;

/** One tool's load of the file. */
export interface LoadRun {
  /** From start to the last line on screen. */
  firstScreenMs: number | undefined;
  /** From start to every line indexed (logstream) or loaded (lnav headless). */
  loadMs: number | undefined;
  peakRssMib: number | undefined;
  /** CPU seconds the process had used when it was loaded: the rate per CPU second says what a busy machine hides. */
  cpuSeconds?: number | undefined;
}

export interface ViewFileData {
  bytes: number;
  lines: number;
  /** First screen of a 5-line file: what starting the program costs, whatever the file (median of the runs). */
  startupMs: number | undefined;
  /** Each run of the 5-line start-up, ms (undefined: not on screen within 30 s). */
  startupRunsMs: (number | undefined)[];
  /** `logstream demo`: start to its first log row on screen, each run. */
  demoFirstRowRunsMs: (number | undefined)[];
  logstream: LoadRun;
  lnav: LoadRun | { skipped: string };
}

/**
 * journald JSON lines (`journalctl -o json`): a JSON format lnav has built in, so both tools read
 * the same file as logs. ~190 bytes a line; written until the file holds `bytes` or `maxLines`
 * lines. Returns the lines written.
 */
function writeJournal(path: string, bytes: number, maxLines = Infinity): number {
  const fd = openSync(path, 'w');
  const t0 = Date.UTC(2026, 0, 1) * 1000;
  let size = 0;
  let n = 0;
  try {
    while (size < bytes && n < maxLines) {
      let text = '';
      for (let i = 0; i < 20_000 && n < maxLines; i++) {
        n++;
        text += `{"__REALTIME_TIMESTAMP":"${t0 + n * 1000}","__MONOTONIC_TIMESTAMP":"${n * 1000}","_SYSTEMD_UNIT":"api.service","SYSLOG_IDENTIFIER":"api","_PID":"4242","PRIORITY":"${n % 97 === 0 ? 3 : 6}","MESSAGE":"request line-${n} done"}\n`;
      }
      size += writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

function peakRssMib(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]) / 1024;
  } catch {
    return undefined;
  }
}

/**
 * Opens `path` in a COLS×ROWS tmux pane with `command` and polls the screen every 50 ms: first
 * screen = the last line (`line-N done`) shown; loaded = `loaded(screen)`; peak RSS from /proc.
 */
async function inTmux(
  command: string,
  lines: number,
  loaded: (s: string[]) => boolean,
  home: string,
): Promise<LoadRun> {
  const start = performance.now();
  const term = await startTmux(command, { cols: COLS, rows: ROWS, env: { HOME: home, TZ: 'UTC' } });
  const out: LoadRun = { firstScreenMs: undefined, loadMs: undefined, peakRssMib: undefined };
  try {
    const pid = Number(await term.display('#{pane_pid}'));
    const deadline = start + 300_000;
    while (performance.now() < deadline && out.loadMs === undefined) {
      const screen = await term.screen();
      const t = performance.now() - start;
      if (out.firstScreenMs === undefined && screenHas(screen, `line-${lines} done`)) out.firstScreenMs = t;
      if (loaded(screen)) {
        out.loadMs = t;
        out.cpuSeconds = cpuSeconds(pid);
      }
      out.peakRssMib = peakRssMib(pid) ?? out.peakRssMib;
      await sleep(50);
    }
  } finally {
    await term.kill();
  }
  return out;
}

/** Start to `marker` on screen in a COLS×ROWS tmux pane, STARTUP_RUNS times, one run after the other. */
async function startupRuns(command: string, marker: string | RegExp, home: string): Promise<(number | undefined)[]> {
  const runs: (number | undefined)[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const start = performance.now();
    const term = await startTmux(command, { cols: COLS, rows: ROWS, env: { HOME: home, TZ: 'UTC' } });
    let shown: number | undefined;
    try {
      while (shown === undefined && performance.now() < start + 30_000) {
        if (screenHas(await term.screen(), marker)) shown = performance.now() - start;
        else await sleep(20);
      }
    } finally {
      await term.kill();
    }
    runs.push(shown);
  }
  return runs;
}

/** lnav's headless load (`lnav -n`, every line read into its index) under /usr/bin/time. */
async function lnavHeadless(
  path: string,
  home: string,
): Promise<{ loadMs: number; peakRssMib: number; cpuSeconds: number }> {
  const { stderr } = await run(
    '/usr/bin/time',
    ['-f', 'TIME %e %M %U %S', 'lnav', '-n', '-c', ';SELECT count(*) FROM all_logs', path],
    { env: { ...process.env, HOME: home }, maxBuffer: 16 * MIB },
  );
  const m = /TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  if (m === null) throw new Error(`no timing from /usr/bin/time: ${stderr.slice(-200)}`);
  return { loadMs: Number(m[1]) * 1000, peakRssMib: Number(m[2]) / 1024, cpuSeconds: Number(m[3]) + Number(m[4]) };
}

/** `logstream view` of a 1 GB file (100 MB with --quick) against lnav on the same file. */
export async function runViewFile(dir: string, quick: boolean): Promise<{ rows: Row[]; data: ViewFileData }> {
  const work = mkdtempSync(join(dir, 'view-file-'));
  const path = join(work, 'journal.json.log');
  try {
    const lines = writeJournal(path, quick ? 100 * MIB : 1024 * MIB);
    const bytes = statSync(path).size;
    const count = lines.toLocaleString('en-US');
    const tiny = join(work, 'five-lines.log');
    writeJournal(tiny, Infinity, 5);
    const startupRunsMs = await startupRuns(`exec ${process.execPath} ${CLI} view ${tiny}`, 'line-5 done', work);
    const demoFirstRowRunsMs = await startupRuns(`exec ${process.execPath} ${CLI} demo`, DEMO_ROW, work);
    const logstream = await inTmux(
      `exec ${process.execPath} ${CLI} view ${path}`,
      lines,
      (s) => screenHas(s, `${count} lines │`),
      work,
    );
    let lnav: ViewFileData['lnav'] = { skipped: 'skipped: lnav not installed' };
    if (spawnSync('lnav', ['-V']).error === undefined) {
      const screen = await inTmux(`exec lnav ${path}`, lines, (s) => screenHas(s, `line-${lines} done`), work);
      const headless = await lnavHeadless(path, work);
      lnav = { firstScreenMs: screen.firstScreenMs, ...headless };
    }
    const data = { bytes, lines, startupMs: median(startupRunsMs), startupRunsMs, demoFirstRowRunsMs, logstream, lnav };
    return { rows: viewFileRows(data), data };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function viewFileRows(d: ViewFileData): Row[] {
  const ls = d.logstream;
  const lnav = 'skipped' in d.lnav ? undefined : d.lnav;
  const skipped = 'skipped' in d.lnav ? d.lnav.skipped : '';
  const rate = (r: LoadRun | undefined): number | undefined =>
    r?.loadMs === undefined ? undefined : (d.lines * 1000) / r.loadMs;
  const ms = (v: number | undefined): string => (v === undefined ? 'not reached' : `${int(v)} ms`);
  const size = `${fixed(d.bytes / MIB, 0)} MiB, ${int(d.lines)} lines`;
  return [
    {
      metric: `view first screen (${size})`,
      measured: ms(ls.firstScreenMs),
      target: `< ${int(FIRST_SCREEN_TARGET_MS)} ms`,
      ok: ls.firstScreenMs === undefined ? false : ls.firstScreenMs < FIRST_SCREEN_TARGET_MS,
      baseline: `startup alone (a 5-line file): ${ms(d.startupMs)}; ${
        lnav !== undefined ? `lnav: last line on screen after ${ms(lnav.firstScreenMs)}` : skipped
      }`,
    },
    startupRow('view start-up (a 5-line file, first screen)', d.startupRunsMs, ms),
    startupRow('demo start-up (first log row on screen)', d.demoFirstRowRunsMs, ms),
    {
      metric: 'view index rate',
      measured: rate(ls) === undefined ? 'not reached' : `${int(rate(ls))} lines/s`,
      target: `≥ ${int(INDEX_TARGET)} lines/s`,
      ok: (rate(ls) ?? 0) >= INDEX_TARGET,
      baseline: lnav !== undefined ? `lnav -n load: ${int(rate(lnav))} lines/s (${ms(lnav.loadMs)})` : skipped,
    },
    {
      metric: 'view index rate per CPU second',
      measured: ls.cpuSeconds === undefined ? '?' : `${int(d.lines / ls.cpuSeconds)} lines/s`,
      baseline: lnav?.cpuSeconds !== undefined ? `lnav -n: ${int(d.lines / lnav.cpuSeconds)} lines/CPU s` : skipped,
    },
    {
      metric: 'view peak RSS',
      measured: ls.peakRssMib === undefined ? '?' : `${fixed(ls.peakRssMib)} MiB`,
      target: `≤ ${RSS_TARGET_MIB} MiB`,
      ok: ls.peakRssMib === undefined ? undefined : ls.peakRssMib <= RSS_TARGET_MIB,
      baseline: lnav !== undefined ? `lnav -n: ${fixed(lnav.peakRssMib)} MiB` : skipped,
    },
  ];
}

function median(runs: readonly (number | undefined)[]): number | undefined {
  const shown = runs.filter((v) => v !== undefined).sort((a, b) => a - b);
  // A run that never showed counts as the slowest.
  if (shown.length < runs.length / 2) return undefined;
  return shown[Math.floor(runs.length / 2)];
}

function startupRow(metric: string, runs: readonly (number | undefined)[], ms: (v: number | undefined) => string): Row {
  const shown = runs.filter((v) => v !== undefined);
  const m = median(runs);
  return {
    metric,
    measured: ms(m),
    target: `< ${int(FIRST_SCREEN_TARGET_MS)} ms`,
    ok: m === undefined ? false : m < FIRST_SCREEN_TARGET_MS,
    baseline: `median of ${runs.length} runs, ${shown.length > 0 ? `${ms(Math.min(...shown))} to ${ms(Math.max(...shown))}` : 'none shown'}${
      shown.length < runs.length ? `, ${runs.length - shown.length} not shown in 30 s` : ''
    }`,
  };
}
