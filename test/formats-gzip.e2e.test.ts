import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, runCli, startCli } from './helpers/cli.js';
import { screenHas, startTmux } from './helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'logstream-formats-gz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Compresses `text` with the real gzip program into `name`, appending a member when `append`. */
function gzip(name: string, text: string, append = false): string {
  const path = join(dir, name);
  const r = spawnSync('sh', ['-c', `gzip -c ${append ? '>>' : '>'} '${path}'`], { input: text });
  assert.equal(r.status, 0, r.stderr.toString());
  return path;
}

/** Peak resident memory (VmHWM, KiB) of a running process, or 0 once it is gone. */
function peakRssKib(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

describe('logstream reads .gz files transparently', () => {
  const logs = gzip(
    'api.log.gz',
    '2024-05-01T10:00:00Z INFO started\n2024-05-01T10:00:01Z ERROR db down\njava.lang.IllegalStateException: closed\n\tat com.example.Db.query(Db.java:7)\n',
  );
  gzip('api.log.gz', '2024-05-01T10:00:02Z WARN slow query from the second member\n', true);

  it('query reads every member of a gzip file, its stack traces joined, named after the file without .gz', async () => {
    const r = await runCli(['query', '--json', 'level>=warn', logs]);
    assert.equal(r.code, 0, r.stderr);
    const got = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { time: string; level: string; service: string; message: string });
    assert.deepEqual(
      got.map((l) => [l.level.toLowerCase(), l.service, l.message]),
      [
        ['error', 'api', 'db down\njava.lang.IllegalStateException: closed\n\tat com.example.Db.query(Db.java:7)'],
        ['warn', 'api', 'slow query from the second member'],
      ],
    );
  });

  it('ship reads a gzip file once and exits, even when asked to follow', async () => {
    const r = await runCli(['ship', '--stdout', logs]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 3);
  });

  it('says which file is not gzip instead of showing its bytes as logs', async () => {
    const bad = join(dir, 'bad.log.gz');
    spawnSync('sh', ['-c', `echo 'not compressed' > '${bad}'`]);
    const r = await runCli(['query', 'level:info', bad]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, new RegExp(`${bad}: not a readable gzip file`));
  });

  it('view shows the logs of a gzip file in the terminal', async () => {
    const term = await startTmux(`TZ=UTC ${process.execPath} ${CLI} view ${logs}; echo EXIT=$?; sleep 600`, {
      cols: 120,
      rows: 30,
    });
    try {
      await term.waitFor(
        (l) => screenHas(l, 'slow query from the second member') && screenHas(l, 'db down'),
        20_000,
        'the logs of the .gz file',
      );
      await term.keys('q');
      await term.waitFor((l) => screenHas(l, 'EXIT=0'), 10_000, 'a clean exit on q');
    } finally {
      await term.kill();
    }
  });

  it('streams a gzip bomb (512 MiB of zeros in under 1 MiB) with bounded memory, reading the line after it', async () => {
    const bomb = join(dir, 'bomb.log.gz');
    const made = spawnSync('sh', [
      '-c',
      `{ echo 'INFO first line'; head -c 536870912 /dev/zero; printf '\\nERROR last line after the bomb\\n'; } | gzip -1 > '${bomb}'`,
    ]);
    assert.equal(made.status, 0, made.stderr.toString());
    const p = startCli(['query', 'level:error', bomb]);
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, peakRssKib(p.child.pid ?? -1))), 20);
    const code = await p.exited;
    clearInterval(poll);
    assert.equal(code, 0, p.stderr());
    assert.match(p.stdout(), /ERROR .*last line after the bomb/);
    // The zeros are one line, cut at the line limit: only a chunk and that line are ever held.
    process.stdout.write(`# peak ${peak}\n`);
    assert.ok(peak > 0 && peak < 250 * 1024, `peak RSS ${peak} KiB`);
  });
});
