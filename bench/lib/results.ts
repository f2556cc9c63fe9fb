import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import { dirname } from 'node:path';

/** The machine and run a results file was measured on. */
export interface RunMeta {
  startedAt: string;
  finishedAt: string;
  host: string;
  cpus: number;
  node: string;
  redis: string;
  commit: string;
  quick: boolean;
  seconds: number;
  rates: number[];
  loadavgBefore: number[];
  loadavgAfter: number[];
}

/** The whole results file: the run's metadata and one entry per scenario that ran. */
export interface BenchResults {
  meta: RunMeta;
  scenarios: Record<string, unknown>;
  errors: Record<string, string>;
  /** Per scenario, the share of CPU time the host gave to other guests (null where unknown). */
  steal?: Record<string, number | null>;
}

/** The current commit, or 'unknown' outside a git checkout. */
export function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** The fields of RunMeta known before the run. */
export function startMeta(o: { quick: boolean; seconds: number; rates: number[] }): RunMeta {
  return {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    host: hostname(),
    cpus: cpus().length,
    node: process.version,
    redis: 'unknown',
    commit: gitCommit(),
    ...o,
    loadavgBefore: loadavg(),
    loadavgAfter: [],
  };
}

/** Writes the results as pretty JSON, creating the directory. */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  // NaN has no JSON form; null says "not measured" explicitly.
  writeFileSync(
    path,
    `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
}
