/**
 * The query language's cost: a field-term filter applied to 200,000 decoded logs (argv[2]), and
 * `logstream query 'level:error | stats count by service'` over a generated JSON file of
 * 1,000,000 lines (argv[3]): wall time, lines/s and the process's peak RSS.
 * Run: node --import tsx bench/query.bench.ts [logs] [lines]   (or from dist/ after a build)
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLog } from '../src/protocol/log-decode.js';
import { compileLogQuery } from '../src/query/log-query.js';
import { createLogGenerator } from '../src/sources/generator.js';

const LOGS = Number(process.argv[2] ?? 200_000);
const LINES = Number(process.argv[3] ?? 1_000_000);
const RUNS = 5;
const FILTER = 'http_status>=500 service:api* -level:debug';
const PIPELINE = 'level:error | stats count by service';
const T0 = Date.UTC(2026, 11, 5, 10);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function filterBench(): void {
  const gen = createLogGenerator({ seed: 'query-bench' });
  const logs = Array.from({ length: LOGS }, (_, i) => decodeLog(gen.nextJson(T0 + i, ''), T0));
  const compiled = compileLogQuery(FILTER);
  if (!compiled.ok) throw new Error(compiled.error);
  const times: number[] = [];
  let matched = 0;
  for (let r = 0; r < RUNS; r++) {
    const start = process.hrtime.bigint();
    matched = 0;
    for (const log of logs) if (compiled.filter(log)) matched++;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(
    `filter '${FILTER}' over ${LOGS.toLocaleString('en')} logs: median ${median(times).toFixed(1)} ms, best ${Math.min(...times).toFixed(1)} ms of ${RUNS} runs (${matched} matched; target <= 300 ms)`,
  );
}

async function writeLines(path: string): Promise<number> {
  const gen = createLogGenerator({ seed: 'query-bench-file' });
  const out = createWriteStream(path);
  let bytes = 0;
  for (let i = 0; i < LINES; i++) {
    const line = `${gen.nextJson(T0 + i, '')}\n`;
    bytes += line.length;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

/** The compiled CLI when run from dist/, else the TypeScript one through the same loader as this process. */
function cliCommand(): string[] {
  const js = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  if (existsSync(js)) return [js];
  return [...process.execArgv, fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))];
}

/** Peak RSS (VmHWM) of a process, read while it runs. */
function peakRss(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

async function cliBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-query-bench-'));
  try {
    const file = join(dir, 'logs.jsonl');
    const bytes = await writeLines(file);
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...cliCommand(), 'query', PIPELINE, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let rss = 0;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setInterval(() => (rss = Math.max(rss, peakRss(child.pid ?? 0) ?? 0)), 50);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(timer);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(
      `logstream query '${PIPELINE}' over ${LINES.toLocaleString('en')} JSON lines (${(bytes / 1024 / 1024).toFixed(0)} MiB): exit ${code}, ${seconds.toFixed(2)} s, ${Math.round(LINES / seconds).toLocaleString('en')} lines/s, peak RSS ${(rss / 1024 / 1024).toFixed(0)} MiB`,
    );
    console.log(out.trimEnd().replace(/^/gm, '  '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `query bench; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
filterBench();
await cliBench();
