/**
 * Frame cost of the screen buffer + diff renderer at 200×50: drawing a log list into a Screen
 * and diffing it against the previous frame. Budget: ≤ 2 ms per frame.
 *
 *   node --import tsx bench/render.bench.ts
 */
import { pathToFileURL } from 'node:url';
import { DiffRenderer } from '../src/tui/view/diff-renderer.js';
import { Screen } from '../src/tui/view/screen.js';
import type { Style } from '../src/tui/view/style.js';

const WIDTH = 200;
const HEIGHT = 50;
const ROWS = HEIGHT - 2;

const LEVELS: [string, Style][] = [
  ['INFO ', { fg: 'green' }],
  ['WARN ', { fg: 'yellow' }],
  ['ERROR', { fg: 'red', bold: true }],
  ['DEBUG', { fg: 'gray' }],
];
const TIME: Style = { fg: 'gray' };
const SERVICE: Style = { fg: 'cyan' };
const BORDER: Style = { fg: 'blue' };
const SELECTED: Style = { reverse: true };
const SERVICES = ['auth-service', 'payment-api', 'inventory', 'gateway', 'search'];
const ASCII_WORDS = [
  'user',
  'login',
  'failed',
  'request',
  'timeout',
  'GET',
  '/api/v1/orders',
  'status=500',
  'retry',
  'db',
  'latency_ms=42',
];
const CJK_WORDS = [
  'ユーザー',
  'ログイン',
  '失敗',
  'リクエスト',
  'タイムアウト',
  '注文',
  '在庫',
  '決済',
  '完了',
  '😀',
  '⚠️',
  '👨‍👩‍👧',
];

interface LogLine {
  time: string;
  level: number;
  service: string;
  message: string;
}

function makeLines(n: number, words: string[], seed: number, messageLength = 150): LogLine[] {
  let s = seed;
  const rand = (k: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % k;
  };
  const lines: LogLine[] = [];
  for (let i = 0; i < n; i++) {
    let message = '';
    while (message.length < messageLength) message += (words[rand(words.length)] ?? '') + ' ';
    lines.push({
      time: `2026-11-28T11:${String(i % 60).padStart(2, '0')}:00.${String(rand(1000)).padStart(3, '0')}`,
      level: rand(LEVELS.length),
      service: SERVICES[rand(SERVICES.length)] ?? '',
      message,
    });
  }
  return lines;
}

// What a log list view does each frame: box, one styled line per row, a selected row.
function drawList(screen: Screen, lines: LogLine[], top: number, status: string): void {
  screen.clear();
  screen.box(0, 0, WIDTH, HEIGHT, { title: ` Logs ${status} `, style: BORDER });
  for (let r = 0; r < ROWS; r++) {
    const line = lines[(top + r) % lines.length];
    if (line === undefined) continue;
    const [level, levelStyle] = LEVELS[line.level] ?? LEVELS[0]!;
    const y = r + 1;
    const right = WIDTH - 1;
    let x = screen.text(1, y, line.time, TIME, right - 1);
    x = screen.text(x + 1, y, level, levelStyle, right - x - 1);
    x = screen.text(x + 1, y, line.service.padEnd(14), SERVICE, right - x - 1);
    screen.text(x + 1, y, line.message, undefined, right - x - 1);
  }
  screen.setStyle(1, 5, WIDTH - 2, SELECTED);
}

/** One scenario's result. */
export interface RenderBenchRow {
  scenario: string;
  meanMs: number;
  p99Ms: number;
  diffMeanMs: number;
  bytesPerFrame: number;
}

function measure(
  scenario: string,
  lines: LogLine[],
  frames: number,
  step: (frame: number) => { top: number; status: string },
): RenderBenchRow {
  const screen = new Screen(WIDTH, HEIGHT);
  let last: Buffer | undefined;
  const renderer = new DiffRenderer((frame) => {
    last = frame; // hold the frame as a real write would
  });
  const times: number[] = [];
  let diffTotal = 0;
  let byteTotal = 0;
  const warmup = 200;
  for (let f = 0; f < warmup + frames; f++) {
    const { top, status } = step(f);
    const t0 = performance.now();
    drawList(screen, lines, top, status);
    const t1 = performance.now();
    const written = renderer.render(screen);
    const t2 = performance.now();
    if (f >= warmup) {
      times.push(t2 - t0);
      diffTotal += t2 - t1;
      byteTotal += written;
    }
  }
  if (last === undefined) throw new Error(`${scenario}: nothing was written`);
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    scenario,
    meanMs: mean,
    p99Ms: times[Math.floor(times.length * 0.99)] ?? Number.NaN,
    diffMeanMs: diffTotal / frames,
    bytesPerFrame: Math.round(byteTotal / frames),
  };
}

/** Runs the scenarios: a scrolling list (worst case), one changed line, CJK-heavy scrolling, very long lines. */
export function runRenderBench(frames = 2000): RenderBenchRow[] {
  const ascii = makeLines(500, ASCII_WORDS, 7);
  const cjk = makeLines(500, CJK_WORDS, 11);
  return [
    measure('scrolling list, every line changes', ascii, frames, (f) => ({ top: f, status: '' })),
    measure('one line changes (status counter)', ascii, frames, (f) => ({ top: 0, status: String(f) })),
    measure('CJK + emoji list, scrolling', cjk, frames, (f) => ({ top: f, status: '' })),
    measure('CJK lines of 8 KB each, scrolling', makeLines(100, CJK_WORDS, 13, 8000), frames, (f) => ({
      top: f,
      status: '',
    })),
  ];
}

/** The rows as a fixed-width table. */
export function formatRenderBench(rows: RenderBenchRow[]): string {
  const head = `${'scenario (200×50)'.padEnd(38)} ${'mean ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'diff ms'.padStart(8)} ${'bytes/frame'.padStart(12)}`;
  const body = rows.map(
    (r) =>
      `${r.scenario.padEnd(38)} ${r.meanMs.toFixed(3).padStart(8)} ${r.p99Ms.toFixed(3).padStart(8)} ${r.diffMeanMs.toFixed(3).padStart(8)} ${String(r.bytesPerFrame).padStart(12)}`,
  );
  return [head, ...body].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatRenderBench(runRenderBench()));
  console.log('mean/p99: draw + diff per frame; diff: DiffRenderer.render alone; budget ≤ 2 ms.');
}
