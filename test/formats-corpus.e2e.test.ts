import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CLI, runCli } from './helpers/cli.js';
import { nodeConsoleSamples, nodeLoggerSamples, pythonSamples, syslogSamples } from './fixtures/formats/loggers.js';
import { handSamples, type Expected, type Sample } from './fixtures/formats/sample.js';
import { nginxSamples, postgresBin, postgresSamples, redisSamples } from './fixtures/formats/servers.js';

// Fixtures live in the source tree; tests run from dist/test.
const FIXTURES = fileURLToPath(new URL('../../test/fixtures/formats/', import.meta.url));
const REQUIRED_SHARE = 0.98;

interface WireLog {
  timestamp: string;
  level: string;
  message: string;
}

interface Score {
  format: string;
  records: number;
  time: number;
  level: number;
  message: number;
  all: number;
}

/** Reads a file the way `logstream ship` does: the wire logs, and when it ran (±2 s). */
async function ship(file: string): Promise<{ logs: WireLog[]; window: readonly [number, number] }> {
  const from = Date.now() - 2_000;
  const { code, stdout, stderr } = await runCli(['ship', '--stdout', '--no-follow', file]);
  assert.equal(code, 0, stderr);
  const logs =
    stdout.trim() === ''
      ? []
      : stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as WireLog);
  return { logs, window: [from, Date.now() + 2_000] };
}

function timeMatches(e: Expected, log: WireLog, shipped: readonly [number, number]): boolean {
  const t = Date.parse(`${log.timestamp}Z`);
  if (typeof e.time === 'number') return Math.abs(t - e.time) < 1;
  const [from, to] = e.time === 'arrival' ? shipped : e.time;
  return t >= from && t <= to;
}

function messageMatches(e: Expected, log: WireLog): boolean {
  return e.prefix === true ? log.message.startsWith(e.message) : log.message === e.message;
}

/** How many expected records read right in time, level, message and all three; misses are printed. */
function score(sample: Sample, { logs, window }: { logs: WireLog[]; window: readonly [number, number] }): Score {
  const s: Score = { format: sample.format, records: sample.expected.length, time: 0, level: 0, message: 0, all: 0 };
  if (sample.ordered && logs.length !== sample.expected.length) {
    process.stdout.write(`# ${sample.format}: ${logs.length} logs read, ${sample.expected.length} expected\n`);
  }
  sample.expected.forEach((e, i) => {
    const log = sample.ordered ? logs[i] : logs.find((l) => messageMatches(e, l));
    if (log === undefined) return;
    const ok = [timeMatches(e, log, window), log.level.toLowerCase() === e.level, messageMatches(e, log)];
    s.time += ok[0] ? 1 : 0;
    s.level += ok[1] ? 1 : 0;
    s.message += ok[2] ? 1 : 0;
    if (ok.every(Boolean)) s.all++;
    else
      process.stdout.write(
        `# ${sample.format} #${i + 1} [time ${ok[0]}, level ${ok[1]}, message ${ok[2]}]: ${JSON.stringify(log)}\n`,
      );
  });
  return s;
}

function table(scores: Score[]): string {
  const pct = (n: number, d: number): string => `${((100 * n) / Math.max(d, 1)).toFixed(0)}%`.padStart(5);
  const rows = scores.map(
    (s) =>
      `${s.format.padEnd(26)} ${String(s.records).padStart(4)} ${pct(s.time, s.records)} ${pct(s.level, s.records)} ${pct(s.message, s.records)} ${pct(s.all, s.records)}`,
  );
  return [
    `${'format'.padEnd(26)} ${'n'.padStart(4)} ${'time'.padStart(5)} ${'level'.padStart(5)} ${'msg'.padStart(5)} ${'all'.padStart(5)}`,
    ...rows,
  ].join('\n');
}

/** The same read from a pipe: `logstream ship --stdout < file`. */
function shipPiped(file: string): WireLog[] {
  const r = spawnSync('sh', ['-c', 'exec "$0" "$1" ship --stdout < "$2"', process.execPath, CLI, file], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() === ''
    ? []
    : r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as WireLog);
}

const has = (cmd: string, ...args: string[]): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

describe('the formats corpus: real programs and samples read with their own time, level and message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstream-formats-'));
  // Its own top directory: the postgres account must reach it when the tests run as root.
  const pgDir = mkdtempSync(join(tmpdir(), 'logstream-formats-pg-'));
  const samples: Sample[] = [];
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(pgDir, { recursive: true, force: true });
  });

  before(async () => {
    const sub = (name: string): string => mkdtempSync(join(dir, `${name}-`));
    samples.push(...(await nginxSamples(sub('nginx'))));
    samples.push(...(await postgresSamples(pgDir)));
    samples.push(...(await redisSamples(sub('redis'))));
    samples.push(...(await pythonSamples(sub('python'))));
    samples.push(...(await nodeLoggerSamples(sub('node'))));
    samples.push(...(await nodeConsoleSamples(sub('node-console'))));
    samples.push(...(await syslogSamples(sub('syslog'))));
    const names = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.expected.jsonl'))
      .map((f) => f.replace(/\.expected\.jsonl$/, ''))
      .sort();
    samples.push(...handSamples(FIXTURES, names, Date.now()));
  });

  it('has the programs it runs', () => {
    assert.ok(has('sh', '-c', 'command -v nginx || test -x /usr/sbin/nginx'), 'nginx (apt: nginx)');
    assert.ok(postgresBin() !== '' && has('psql', '--version'), 'PostgreSQL (apt: postgresql)');
  });

  it(`reads at least ${REQUIRED_SHARE * 100}% of the records right, printing the table per format`, async () => {
    const scores: Score[] = [];
    for (const sample of samples) scores.push(score(sample, await ship(sample.file)));
    const total = scores.reduce(
      (a, s) => ({
        ...a,
        records: a.records + s.records,
        time: a.time + s.time,
        level: a.level + s.level,
        message: a.message + s.message,
        all: a.all + s.all,
      }),
      {
        format: 'all formats',
        records: 0,
        time: 0,
        level: 0,
        message: 0,
        all: 0,
      },
    );
    process.stdout.write(`${table([...scores, total]).replace(/^/gm, '# ')}\n`);
    assert.ok(scores.length >= 20, `only ${scores.length} formats`);
    assert.ok(total.all / total.records >= REQUIRED_SHARE, `${total.all} of ${total.records} records read right`);
  });

  it('reads every sample from a pipe as from its file: the same logs, stack traces joined alike', async () => {
    for (const sample of samples) {
      const fromFile = (await ship(sample.file)).logs.map((l) => [l.level, l.message]);
      assert.deepEqual(
        shipPiped(sample.file).map((l) => [l.level, l.message]),
        fromFile,
        sample.format,
      );
    }
  });
});
