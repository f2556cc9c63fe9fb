import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../../../test/helpers/cli.js';
import { writeJournaldFile, type ErrorCounts } from '../journald-file.js';
import type { Row } from '../report.js';
import { fixed, int, mib } from '../stats.js';

/*
 * `logstream query` against lnav's headless SQL on the same file in the same run: the error
 * lines of a journald JSON export counted by service. Each tool runs alone, one after the
 * other, in rounds; /usr/bin/time gives each run's wall time, CPU time and peak RSS (the
 * kernel's maximum resident set of the process, exact, no sampling).
 */

const QUERY = 'level:error | stats count by service';
const SQL =
  ";SELECT SYSLOG_IDENTIFIER AS service, count(*) AS count FROM journald_json_log WHERE log_level = 'error' GROUP BY SYSLOG_IDENTIFIER";
const TIME = '/usr/bin/time';

/** One run of one tool. */
export interface TimedRun {
  wallMs: number;
  cpuMs: number;
  rssPeakBytes: number;
  /** Whether its counts were the generator's. */
  agrees: boolean;
}

export interface QueryFileResult {
  lines: number;
  fileBytes: number;
  query: string;
  sql: string;
  rounds: Array<{ logstream: TimedRun; lnav: TimedRun }>;
}

/** `service count` rows of either tool's text table (its header row does not parse). */
function countsOf(stdout: string): ErrorCounts {
  const counts: ErrorCounts = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\S+)\s+(\d+)\s*$/.exec(line);
    if (m !== null) counts.set(m[1] as string, Number(m[2]));
  }
  return counts;
}

function sameCounts(a: ErrorCounts, b: ErrorCounts): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Runs `cmd args` under /usr/bin/time; rejects when it fails. */
async function timed(dir: string, cmd: string, args: string[], expected: ErrorCounts): Promise<TimedRun> {
  const report = join(dir, 'time.txt');
  const child = spawn(TIME, ['-o', report, '-f', '%e %U %S %M', cmd, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`${cmd} exited ${code}: ${err.trim()}`);
  const [wall, user, sys, kib] = readFileSync(report, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  rmSync(report, { force: true });
  return {
    wallMs: (wall ?? NaN) * 1000,
    cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000,
    rssPeakBytes: (kib ?? NaN) * 1024,
    agrees: sameCounts(countsOf(out), expected),
  };
}

const range = (xs: number[], f: (x: number) => string): string => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
};
const seconds = (ms: number): string => `${fixed(ms / 1000, 2)} s`;

/** Writes the file, then runs both tools `rounds` times, alternating. */
export async function runQueryFile(
  dir: string,
  o: { quick: boolean },
): Promise<{ rows: Row[]; data: QueryFileResult | { skipped: string } }> {
  const skip = (why: string): { rows: Row[]; data: { skipped: string } } => ({
    rows: [{ metric: 'logstream query vs lnav -n', measured: 'n/a', baseline: why }],
    data: { skipped: why },
  });
  if (!existsSync(TIME)) return skip(`skipped: ${TIME} not installed`);
  if (spawnSync('lnav', ['-V']).error !== undefined) return skip('skipped: lnav not installed');
  const lines = o.quick ? 200_000 : 1_000_000;
  const rounds = o.quick ? 1 : 5;
  const file = join(dir, 'journal.json');
  const expected = await writeJournaldFile(file, lines);
  const data: QueryFileResult = {
    lines,
    fileBytes: readFileSync(file).length,
    query: QUERY,
    sql: SQL,
    rounds: [],
  };
  for (let r = 0; r < rounds; r++) {
    const logstream = await timed(dir, process.execPath, [CLI, 'query', QUERY, file], expected);
    const lnav = await timed(dir, 'lnav', ['-n', '-c', SQL, file], expected);
    data.rounds.push({ logstream, lnav });
  }
  rmSync(file, { force: true });
  const ls = data.rounds.map((x) => x.logstream);
  const ln = data.rounds.map((x) => x.lnav);
  const ratio = data.rounds.map((x) => x.logstream.wallMs / x.lnav.wallMs);
  const cpuRatio = data.rounds.map((x) => x.logstream.cpuMs / x.lnav.cpuMs);
  const rssRatio = data.rounds.map((x) => x.logstream.rssPeakBytes / x.lnav.rssPeakBytes);
  const note = `${int(lines)} lines, ${mib(data.fileBytes)}; ${rounds} round${rounds > 1 ? 's' : ''}, range over rounds`;
  const rows: Row[] = [
    {
      metric: `logstream query '${QUERY}'`,
      measured: range(
        ls.map((x) => x.wallMs),
        seconds,
      ),
      baseline: `wall; CPU ${range(
        ls.map((x) => x.cpuMs),
        seconds,
      )}; ${note}`,
    },
    {
      metric: 'lnav -n -c ";SELECT … GROUP BY …" (journald_json_log)',
      measured: range(
        ln.map((x) => x.wallMs),
        seconds,
      ),
      baseline: `wall; CPU ${range(
        ln.map((x) => x.cpuMs),
        seconds,
      )}`,
    },
    {
      metric: 'wall time, logstream / lnav',
      measured: range(ratio, (x) => `${fixed(x, 2)}×`),
      target: '< 1×',
      ok: Math.max(...ratio) < 1,
      baseline: 'per round, both in the same round',
    },
    {
      metric: 'CPU time, logstream / lnav',
      measured: cpuRatio.map((x) => `${fixed(x, 2)}×`).join(', '),
      target: '≤ 0.6×',
      ok: Math.max(...cpuRatio) <= 0.6,
      baseline: 'per round: what the load of the machine changes least',
    },
    {
      metric: 'peak RSS, logstream / lnav',
      measured: `${range(
        ls.map((x) => x.rssPeakBytes),
        mib,
      )} / ${range(
        ln.map((x) => x.rssPeakBytes),
        mib,
      )}`,
      target: '≤ lnav',
      ok: Math.max(...rssRatio) <= 1,
      baseline: `ratio ${range(rssRatio, (x) => `${fixed(x, 2)}×`)}; /usr/bin/time's maximum resident set`,
    },
    {
      metric: 'counts agree with the file',
      measured: `${ls.filter((x) => x.agrees).length + ln.filter((x) => x.agrees).length} / ${2 * rounds} runs`,
      ok: ls.every((x) => x.agrees) && ln.every((x) => x.agrees),
      baseline: 'error lines per service, as the generator wrote them',
    },
  ];
  return { rows, data };
}
