import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { FileIndexer, type FileIndexerOptions } from './file-indexer.js';
import { headLevel } from './line-level.js';
import { lineHead, lineTime } from './line-time.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-index-'));
const FORMATS = join(import.meta.dirname, '../../../../test/fixtures/formats');
after(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  text: string;
  time: number;
  level: number;
}

/**
 * The rows of a file by the plain rule, line by line from the start: what the index must agree
 * with. An unfinished last line is a row of its own (the follower indexes it when it ends).
 */
function naiveRows(content: string): Row[] {
  const lines = content.split('\n');
  const partial = lines.pop() as string;
  const out = completeRows(lines);
  if (partial !== '' && partial !== '\r') {
    const time = timeOf(partial);
    const level = levelOf(partial);
    out.push({ text: partial, time: Number.isNaN(time) ? (out[out.length - 1]?.time ?? NaN) : time, level });
  }
  return out;
}

function completeRows(lines: string[]): Row[] {
  const rows: { text: string; head: string }[] = [];
  let joinable = false;
  for (const line of lines) {
    if (line === '' || line === '\r') {
      joinable = false;
      continue;
    }
    const head = line.slice(0, 200);
    const continues =
      (/^[ \t]/.test(line) && /[^ \t\r]/.test(line)) ||
      (/^[CS.a-z]/.test(line) &&
        (/^(?:Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted))/.test(head) ||
          /^(?:[a-zA-Z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)(?::|$)/.test(head)));
    const last = rows[rows.length - 1];
    if (continues && joinable && last !== undefined) last.text += `\n${line}`;
    else rows.push({ text: line, head: line });
    joinable = true;
  }
  // A row without a time of its own takes the next newer one's (the index runs from the end).
  const out: Row[] = rows.map((r) => ({ text: r.text, time: timeOf(r.head), level: levelOf(r.head) }));
  for (let i = out.length - 2; i >= 0; i--) {
    const r = out[i] as Row;
    if (Number.isNaN(r.time)) r.time = (out[i + 1] as Row).time;
  }
  return out;
}

function timeOf(line: string): number {
  const b = Buffer.from(line, 'latin1');
  return lineTime(b, 0, b.length);
}

function levelOf(line: string): number {
  const b = Buffer.from(line, 'latin1');
  return headLevel(lineHead(b, 0, b.length));
}

async function indexedRows(path: string, opts: Partial<FileIndexerOptions> = {}): Promise<Row[]> {
  const idx = await FileIndexer.open({
    ...opts,
    path,
    follow: false,
    onBack: () => {},
    onForward: () => {},
    onExtend: () => {},
  });
  await idx.start().done;
  const rows: Row[] = [];
  for (let k = idx.back.size - 1; k >= 0; k--)
    rows.push({
      text: (idx.readRow('back', k, 1e9) as Buffer).toString('latin1'),
      time: idx.back.time(k),
      level: idx.back.level(k),
    });
  for (let j = 0; j < idx.forward.size; j++)
    rows.push({
      text: (idx.readRow('forward', j, 1e9) as Buffer).toString('latin1'),
      time: idx.forward.time(j),
      level: idx.forward.level(j),
    });
  idx.close();
  return rows;
}

const lineArb = fc.oneof(
  fc.constant(''),
  fc.constant('\r'),
  fc.integer({ min: 0, max: 2e12 }).map((ms) => `{"time":"${new Date(ms).toISOString()}","msg":"m"}`),
  fc.integer({ min: 0, max: 2e9 }).map((s) => `{"ts":${s},"level":"info"}`),
  fc.string({ maxLength: 30 }).map((s) => `\tat ${s.replace(/[\n\r]/g, '')}`),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[\n\r]/g, '')),
  fc.constantFrom(
    'Caused by: java.io.IOException: gone',
    '... 12 more',
    'java.lang.IllegalStateException: closed',
    'class X',
  ),
  fc.string({ maxLength: 3000 }).map((s) => `plain ${s.replace(/[\n\r]/g, '')}`),
  fc
    .tuple(fc.integer({ min: 0, max: 2e15 }), fc.constantFrom('3', '4', '6', '7'), fc.string({ maxLength: 80 }))
    .map(([us, p, m]) => `{"__REALTIME_TIMESTAMP":"${us}","PRIORITY":"${p}","MESSAGE":${JSON.stringify(m)}}\r`),
  fc
    .tuple(fc.constantFrom('DEBUG', 'INFO', 'WARN', 'ERROR'), fc.string({ maxLength: 40 }))
    .map(([l, m]) => `2026-12-05 11:00:00,123 ${l} ${m.replace(/[\n\r]/g, '')}`),
  fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('latin1').replace(/[\n]/g, '')),
);

/** Each of the lines of every format of test/fixtures/formats, as a file holds them. */
const fixtureLines = readdirSync(FORMATS)
  .filter((f) => f.endsWith('.log'))
  .flatMap((f) => readFileSync(join(FORMATS, f), 'latin1').split('\n'));
const anyLine = fc.oneof(lineArb, fc.constantFrom(...fixtureLines));

describe('FileIndexer', () => {
  it('finds the same rows, times and levels as reading the file line by line from the start', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyLine, { maxLength: 400 }), fc.boolean(), async (lines, finalNewline) => {
        const content = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
        const path = join(dir, `random-${n++}.log`);
        writeFileSync(path, content, 'latin1');
        assert.deepEqual(await indexedRows(path), naiveRows(content));
      }),
      { numRuns: 60 },
    );
  });

  it('finds the same rows, times and levels when two threads index a file in pieces', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyLine, { maxLength: 300 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 400 }),
        async (lines, finalNewline, pieceBytes) => {
          const content = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          const path = join(dir, `pieces-${n++}.log`);
          writeFileSync(path, content, 'latin1');
          assert.deepEqual(await indexedRows(path, { parallelFrom: 0, pieceBytes }), naiveRows(content));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('indexes across blocks a file whose lines are longer than a read', async () => {
    const long = 'x'.repeat(3 << 20);
    const content = `first\n${long}\n{"time":"2026-01-01T00:00:00Z"}\n${long}y\nlast\n`;
    const path = join(dir, 'long.log');
    writeFileSync(path, content);
    const rows = await indexedRows(path);
    assert.deepEqual(
      rows.map((r) => r.text.length),
      [5, long.length, 31, long.length + 1, 4],
    );
  });

  it('reads the time and level of a line that begins just before a block read from the end ends', async () => {
    const line = '{"time":"2026-01-01T00:00:00Z","level":"error","msg":"across"}';
    // The file is read in 1 MiB blocks from its end: the line starts 10 bytes before the last block.
    const rest = 'plain line after it\n';
    const fill = (1 << 20) + 10 - line.length - 1;
    const after = rest.repeat(Math.floor(fill / rest.length)) + 'x'.repeat((fill % rest.length) - 1) + '\n';
    const path = join(dir, 'block-edge.log');
    writeFileSync(path, `first line\n${line}\n${after}`);
    const rows = await indexedRows(path);
    const row = rows.find((r) => r.text === line);
    assert.equal(row?.time, Date.UTC(2026, 0, 1));
    assert.equal(row?.level, levelOf(line));
  });

  it('reads a gzip file through an inflated copy', async () => {
    const content = Array.from({ length: 5000 }, (_, i) => `{"time":${1_700_000_000 + i},"msg":"line ${i}"}`).join(
      '\n',
    );
    const path = join(dir, 'archive.log.gz');
    writeFileSync(path, gzipSync(content));
    const rows = await indexedRows(path);
    assert.equal(rows.length, 5000);
    assert.equal(rows[4999]?.text, '{"time":1700004999,"msg":"line 4999"}');
    assert.equal(rows[0]?.time, 1_700_000_000_000);
  });

  it('says which file is not gzip when a .gz file is not', async () => {
    const path = join(dir, 'not-really.log.gz');
    writeFileSync(path, 'plain text\n');
    const idx = await FileIndexer.open({ path, onBack: () => {}, onForward: () => {}, onExtend: () => {} });
    await assert.rejects(idx.start().done, (err: Error) => err.message.startsWith(`${path}: not a readable gzip file`));
    idx.close();
  });

  it('follows growth, rotation and truncation, keeping the rotated file readable', async () => {
    const path = join(dir, 'followed.log');
    writeFileSync(path, 'one\ntwo\npart');
    const idx = (
      await FileIndexer.open({ path, pollMs: 10, onBack: () => {}, onForward: () => {}, onExtend: () => {} })
    ).start();
    const forward = (): string[] =>
      Array.from({ length: idx.forward.size }, (_, j) => idx.readRow('forward', j, 1e9)?.toString() ?? '<gone>');
    try {
      await waitFor(() => idx.progress.done, 'the back index', 5000);
      assert.equal(idx.back.size, 2);
      // An unfinished line shows as it is, then whole once its end arrives.
      await waitFor(() => idx.forward.size === 1, 'the unfinished line', 5000);
      assert.deepEqual(forward(), ['part']);
      appendFileSync(path, 'ial\n  indented\nthree\n');
      await waitFor(() => idx.forward.size === 2, 'growth', 5000);
      assert.deepEqual(forward(), ['partial\n  indented', 'three']);
      renameSync(path, `${path}.1`);
      writeFileSync(path, 'fresh\n');
      await waitFor(() => idx.forward.size === 3, 'the rotated file', 5000);
      assert.deepEqual(forward(), ['partial\n  indented', 'three', 'fresh']);
      writeFileSync(path, 'x\n');
      await waitFor(() => idx.forward.size === 4, 'the truncated file', 5000);
      assert.deepEqual(forward(), ['partial\n  indented', 'three', '<gone>', 'x']);
    } finally {
      idx.stop();
      await idx.done;
      idx.close();
    }
  });
});
