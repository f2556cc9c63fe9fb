/**
 * The file index of `view FILE` (ingest/file-index) on a generated journald JSON file, in stages:
 * reading the blocks alone, finding the newlines, then each line's time and level, then the
 * whole FileIndexer. Prints lines per CPU second and per wall second of each stage.
 * Run: node dist/bench/file-index.bench.js [--lines N] [--rounds N] [--only FileIndexer]
 * (a CPU profile: node --cpu-prof dist/bench/file-index.bench.js --only FileIndexer)
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIndexer } from '../src/ingest/file-index/file-indexer.js';
import { headLevel } from '../src/ingest/file-index/line-level.js';
import { headTime, lineHead } from '../src/ingest/file-index/line-time.js';
import { writeJournaldFile } from './lib/journald-file.js';

const BLOCK = 1 << 20;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Reads the file backwards in 1 MiB blocks, as the indexer does, and hands each line to `line`. */
function eachLine(path: string, line: ((buf: Buffer, s: number, e: number) => void) | undefined): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(BLOCK);
  let hi = statSync(path).size;
  let lines = 0;
  let carry = hi;
  while (hi > 0) {
    const lo = Math.max(0, hi - BLOCK);
    readSync(fd, buf, 0, hi - lo, lo);
    if (line !== undefined) {
      let i = carry - lo;
      for (let nl = buf.lastIndexOf(10, i - 1); nl >= 0 && i > 0; nl = i > 0 ? buf.lastIndexOf(10, i - 1) : -1) {
        if (nl + 1 < i) line(buf, nl + 1, i);
        lines++;
        carry = lo + nl;
        i = nl;
      }
    }
    hi = lo;
  }
  closeSync(fd);
  return lines;
}

async function fullIndex(path: string, parallelFrom: number): Promise<number> {
  const idx = await FileIndexer.open({
    path,
    follow: false,
    parallelFrom,
    onBack: () => {},
    onForward: () => {},
    onExtend: () => {},
  });
  await idx.start().done;
  const n = idx.back.size + idx.forward.size;
  idx.close();
  return n;
}

let sink = 0;
const STAGES: [string, (path: string) => number | Promise<number>][] = [
  ['read blocks', (p) => eachLine(p, undefined)],
  ['+ newlines', (p) => eachLine(p, () => sink++)],
  ['+ head string', (p) => eachLine(p, (b, s, e) => (sink += lineHead(b, s, e).length))],
  ['+ time', (p) => eachLine(p, (b, s, e) => (sink += headTime(lineHead(b, s, e))))],
  [
    '+ time, level',
    (p) =>
      eachLine(p, (b, s, e) => {
        const head = lineHead(b, s, e);
        sink += headTime(head) + headLevel(head);
      }),
  ],
  ['FileIndexer, 1 thread', (p) => fullIndex(p, Infinity)],
  ['FileIndexer, 2 threads', (p) => fullIndex(p, 0)],
];

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const lines = Number(arg('lines', '1000000'));
const rounds = Number(arg('rounds', '3'));
const only = arg('only', '');
const dir = mkdtempSync(join(tmpdir(), 'file-index-bench-'));
const path = join(dir, 'journal.json.log');
try {
  await writeJournaldFile(path, lines);
  const mib = statSync(path).size / (1 << 20);
  console.log(`${lines.toLocaleString('en-US')} journald lines, ${mib.toFixed(0)} MiB, ${rounds} rounds`);
  const stages = STAGES.filter(([name]) => only === '' || name.includes(only));
  const runs = new Map<string, { cpu: number[]; wall: number[]; n: number }>();
  // Rounds alternate the stages, so that a change of the machine's load falls on all of them alike.
  for (let r = 0; r < rounds; r++)
    for (const [name, run] of stages) {
      const c0 = cpuSeconds();
      const w0 = performance.now();
      // Reading alone counts no lines: its cost per line is per the file's lines.
      const n = (await run(path)) || lines;
      const m = runs.get(name) ?? { cpu: [], wall: [], n };
      m.wall.push((performance.now() - w0) / 1000);
      m.cpu.push(cpuSeconds() - c0);
      runs.set(name, m);
    }
  const rate = (n: number, s: number): string => `${Math.round(n / s / 1000).toLocaleString('en-US')}k`;
  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
  console.log(`${''.padEnd(24)} ${'lines/CPU s'.padStart(20)} ${'lines/s'.padStart(20)}   (median / best)`);
  for (const [name, { cpu, wall, n }] of runs)
    console.log(
      `${name.padEnd(24)} ${`${rate(n, median(cpu))} / ${rate(n, Math.min(...cpu))}`.padStart(20)} ` +
        `${`${rate(n, median(wall))} / ${rate(n, Math.min(...wall))}`.padStart(20)}   ` +
        `${((median(cpu) / n) * 1e9).toFixed(0)} ns CPU a line`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (sink === -1) console.log(sink);
