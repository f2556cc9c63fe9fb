import assert from 'node:assert/strict';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CLI } from './helpers/cli.js';
import { screenHas, startTmux, type TmuxSession } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-view-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const LINES = 2_000_000;
const T0 = Date.UTC(2026, 0, 1);
const big = join(dir, 'big.log');

/** `n` JSON lines, line i at T0 + i ms, written in large pieces (about 190 MB for 2M lines). */
function writeJsonLines(path: string, n: number): void {
  const fd = openSync(path, 'w');
  try {
    for (let from = 1; from <= n; from += 50_000) {
      let text = '';
      for (let i = from; i < Math.min(n + 1, from + 50_000); i++)
        text += `{"time":"${new Date(T0 + i).toISOString()}","level":"${i % 97 === 0 ? 'error' : 'info'}","service":"api","msg":"request line-${i} done","n":${i}}\n`;
      writeSync(fd, text);
    }
  } finally {
    closeSync(fd);
  }
}

async function view(args: string, rows = 30): Promise<TmuxSession> {
  return startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${args}; echo EXIT=$?; sleep 600`, { cols: 160, rows });
}

/** Rows of the list (between the list's borders) that hold `text`. */
function listRows(lines: string[], text: string): string[] {
  return lines.filter((l) => l.startsWith('│') && l.includes(text));
}

describe('logstream view of large files keeps every line navigable', () => {
  before(() => writeJsonLines(big, LINES));

  it('shows the last lines first with indexing progress, then line 1 on g and the last line on G', async () => {
    const term = await view(big);
    try {
      // The newest screenful is read before the rest of the file is indexed.
      const first = await term.waitFor((l) => screenHas(l, `line-${LINES} done`), 20_000, 'the last line');
      const loading = screenHas(first, /indexing \d+% · [\d,]+ lines · [\d,]+\/[\d,]+ MiB · [\d,.]+ lines\/s/);
      await term.waitFor((l) => screenHas(l, `${LINES.toLocaleString('en-US')} lines`), 120_000, 'the whole index');
      await term.keys('g');
      const top = await term.waitFor((l) => screenHas(l, 'line-1 done'), 20_000, 'line 1 after g');
      assert.ok(!screenHas(top, 'rotated out'), top.join('\n'));
      await term.keys('G');
      await term.waitFor((l) => screenHas(l, `line-${LINES} done`) && screenHas(l, 'following'), 20_000, 'G');
      // Progress shows unless indexing was already over when the first screen was read.
      assert.ok(loading || screenHas(first, `${LINES.toLocaleString('en-US')} lines`), first.join('\n'));
    } finally {
      await term.kill();
    }
  });

  it('filters across the whole file, the oldest lines included', async () => {
    const term = await view(`--filter 'line-12 done' ${big}`);
    try {
      // line-12 is the 12th line of 2,000,000: only a scan of the whole file finds it.
      const lines = await term.waitFor(
        (l) => screenHas(l, 'line-12 done') && screenHas(l, '1 of 2,000,000 match'),
        180_000,
        'the match at the start of the file',
      );
      assert.equal(listRows(lines, 'request line-').length, 1, lines.join('\n'));
    } finally {
      await term.kill();
    }
  });

  it('quits at once on q while the file is still being indexed', async () => {
    const term = await view(big);
    try {
      await term.waitFor((l) => screenHas(l, 'Logs ·'), 20_000, 'the TUI');
      const at = Date.now();
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'the exit');
      assert.ok(Date.now() - at < 5_000, `quitting took ${Date.now() - at} ms`);
    } finally {
      await term.kill();
    }
  });

  it('merges two files by the logs own time, with a column naming the file of each row', async () => {
    const a = join(dir, 'alpha.log');
    const b = join(dir, 'beta.log');
    const line = (i: number, who: string) =>
      `${new Date(T0 + i * 1000).toISOString()} INFO ${who} event ${String(i).padStart(2, '0')}\n`;
    writeFileSync(a, [1, 3, 5, 7].map((i) => line(i, 'from-alpha')).join(''));
    writeFileSync(b, [2, 4, 6, 8].map((i) => line(i, 'from-beta')).join(''));
    const term = await view(`${a} ${b}`);
    try {
      const lines = await term.waitFor((l) => listRows(l, 'event').length === 8, 20_000, 'both files');
      const order = listRows(lines, 'event').map((l) => {
        const m = /(alpha|beta)\.log .*event (\d\d)/.exec(l);
        return m === null ? l : `${m[1]}:${m[2]}`;
      });
      assert.deepEqual(order, [
        'beta:08',
        'alpha:07',
        'beta:06',
        'alpha:05',
        'beta:04',
        'alpha:03',
        'beta:02',
        'alpha:01',
      ]);
    } finally {
      await term.kill();
    }
  });

  it('follows growth and rotation like tail -F, the rotated lines staying in the list', async () => {
    const path = join(dir, 'followed.log');
    writeFileSync(path, '2026-01-01T00:00:01Z INFO first-of-old\n2026-01-01T00:00:02Z INFO second-of-old\n');
    const term = await view(path);
    try {
      await term.waitFor((l) => screenHas(l, 'second-of-old'), 20_000, 'the file');
      appendFileSync(path, '2026-01-01T00:00:03Z WARN appended-later\n');
      await term.waitFor((l) => screenHas(l, 'appended-later'), 20_000, 'the appended line');
      renameSync(path, `${path}.1`);
      writeFileSync(path, '2026-01-01T00:00:04Z INFO in-the-new-file\n');
      const lines = await term.waitFor((l) => screenHas(l, 'in-the-new-file'), 20_000, 'the new file');
      const rows = lines.filter((l) => /^│\d\d:\d\d:\d\d\.\d{3} (INFO|WARN) /.test(l));
      assert.equal(rows.length, 4, lines.join('\n'));
      assert.ok(screenHas(lines, 'first-of-old') && screenHas(lines, '4 lines'), lines.join('\n'));
    } finally {
      await term.kill();
    }
  });

  it('reads a .gz file whole, g showing its first line', async () => {
    const gz = join(dir, 'archive.log.gz');
    let text = '';
    for (let i = 1; i <= 100_000; i++) text += `${new Date(T0 + i).toISOString()} INFO archived entry-${i} end\n`;
    writeFileSync(gz, gzipSync(text));
    const term = await view(gz);
    try {
      await term.waitFor((l) => screenHas(l, 'entry-100000 end') && screenHas(l, '100,000 lines'), 30_000, 'the end');
      await term.keys('g');
      await term.waitFor((l) => screenHas(l, 'entry-1 end'), 20_000, 'line 1 after g');
    } finally {
      await term.kill();
    }
  });
});
