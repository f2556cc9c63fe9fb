/**
 * Appends realistic log lines to a file at a steady rate, run as its own process:
 *   node dist/bench/lib/child-file-writer.js FILE RATE SECONDS
 * Each line starts with `{"bench_t":<epoch ms of the write>`, so whoever displays it can be timed.
 * Prints `{"written":N,"ms":T,"lastT":<bench_t of the last line>}` on exit.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { realisticLogs } from './payload.js';

const [file = '', rateArg, secondsArg] = process.argv.slice(2);
const rate = Number(rateArg);
const total = Math.round(rate * Number(secondsArg));
// The marker goes first: a viewer truncates long lines at the terminal's width.
const pool = realisticLogs(4096, 'file-writer').map((line) => `,${line.slice(1)}\n`);
const fd = openSync(file, 'a');
const start = performance.now();
let written = 0;
let lastT = 0;
while (written < total) {
  const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000)) - written;
  if (due <= 0) {
    await new Promise((r) => setTimeout(r, 5));
    continue;
  }
  lastT = Date.now();
  const prefix = `{"bench_t":${lastT}`;
  let chunk = '';
  for (let i = 0; i < due; i++) chunk += prefix + (pool[(written + i) % pool.length] ?? '');
  writeSync(fd, chunk);
  written += due;
}
closeSync(fd);
console.log(JSON.stringify({ written, ms: performance.now() - start, lastT }));
