import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTmux } from '../../test/helpers/tmux.js';
import { startChild } from './children.js';
import { ProcSampler, type ProcessUsage } from './proc-sampler.js';
import { quantiles, sleep, type Quantiles } from './stats.js';
import { COLS, ROWS } from './pty-app.js';

/** lnav following a growing file, or why it was skipped. */
export type LnavResult =
  | { skipped: string }
  | {
      rate: number;
      seconds: number;
      written: number;
      lagMs: Quantiles;
      catchUpMs: number | null;
      usage: ProcessUsage | undefined;
    };

const MARK = /\{"bench_t":(\d{13})/g;

/** The newest `bench_t` visible on the screen, or undefined. */
function newestOnScreen(lines: readonly string[]): number | undefined {
  let newest: number | undefined;
  for (const line of lines) for (const m of line.matchAll(MARK)) newest = Math.max(newest ?? 0, Number(m[1]));
  return newest;
}

/**
 * lnav in a detached tmux pane of COLS×ROWS follows a file that a child process grows at `rate`
 * lines/s; every 250 ms the pane is captured and lag = now − the write time of the newest line
 * on screen. After the writer stops, catch-up is how long until the last line shows (null if
 * it did not within 10 s).
 */
export async function lnavFollow(rate: number, seconds: number): Promise<LnavResult> {
  if (spawnSync('lnav', ['-V']).error !== undefined) return { skipped: 'skipped: lnav not installed' };
  if (spawnSync('tmux', ['-V']).error !== undefined) return { skipped: 'skipped: tmux not installed' };
  const dir = mkdtempSync(join(tmpdir(), 'logstream-bench-lnav-'));
  const file = join(dir, 'follow.log');
  writeFileSync(file, '');
  const term = await startTmux(`exec lnav ${file}`, { cols: COLS, rows: ROWS, env: { HOME: dir } });
  const sampler = new ProcSampler();
  try {
    await sleep(1000);
    const pid = Number(await term.display('#{pane_pid}'));
    if (pid > 0) sampler.add('lnav', pid);
    const writer = startChild('child-file-writer', [file, String(rate), String(seconds)]);
    let writing = true;
    void writer.done.then(() => (writing = false));
    const lags: number[] = [];
    let newest = 0;
    while (writing) {
      await sleep(250);
      const seen = newestOnScreen(await term.screen());
      if (seen !== undefined && writing) lags.push(Date.now() - seen);
      newest = Math.max(newest, seen ?? 0);
    }
    const { result } = await writer.done;
    const endedAt = Date.now();
    const lastT = result?.lastT ?? 0;
    let catchUpMs: number | null = null;
    while (Date.now() - endedAt < 10_000) {
      if ((newestOnScreen(await term.screen()) ?? 0) >= lastT) {
        catchUpMs = Date.now() - endedAt;
        break;
      }
      await sleep(100);
    }
    return {
      rate,
      seconds,
      written: result?.written ?? 0,
      lagMs: quantiles(lags),
      catchUpMs,
      usage: sampler.usage().lnav,
    };
  } finally {
    sampler.stop();
    await term.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
