/**
 * The file index of `view FILE` (ingest/file-index) on a generated journald JSON file, in stages:
 * reading the blocks alone, finding the newlines, then each line's time and level, then the
 * whole FileIndexer. Prints lines per CPU second and per wall second of each stage.
 * Run: node dist/bench/file-index.bench.js [--lines N] [--rounds N] [--only full]
 * (a CPU profile: node --cpu-prof dist/bench/file-index.bench.js --only full)
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

async function fullIndex(path: string): Promise<number> {
  const idx = await FileIndexer.open({
    path,
    follow: false,
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
  ['full FileIndexer', fullIndex],
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
  console.log(`${lines.toLocaleString('en-US')} journald lines, ${mib.toFixed(0)} MiB, ${rounds} rounds (best)`);
  for (const [name, run] of STAGES) {
    if (only !== '' && !name.includes(only)) continue;
    let bestCpu = Infinity;
    let bestWall = Infinity;
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      const c0 = cpuSeconds();
      const w0 = performance.now();
      // Reading alone counts no lines: its cost per line is per the file's lines.
      n = (await run(path)) || lines;
      bestWall = Math.min(bestWall, (performance.now() - w0) / 1000);
      bestCpu = Math.min(bestCpu, cpuSeconds() - c0);
    }
    const rate = (s: number): string => `${Math.round(n / s / 1000).toLocaleString('en-US')}k`;
    console.log(
      `${name.padEnd(18)} ${rate(bestCpu).padStart(8)} lines/CPU s ${rate(bestWall).padStart(8)} lines/s  ` +
        `(${((bestCpu / n) * 1e9).toFixed(0)} ns CPU a line)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (sink === -1) console.log(sink);
