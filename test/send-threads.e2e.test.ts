import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bus } from '../src/bus/bus.js';
import { openBus } from '../src/bus/open-bus.js';
import { decodeLog } from '../src/protocol/log-decode.js';
import type { LogRecord } from '../src/protocol/log-record.js';
import { runCli, startCli } from './helpers/cli.js';
import { startRedisServer, type RedisServerHandle } from './helpers/redis-server.js';
import { waitFor } from './helpers/wait-for.js';

/** Per producer id, the sequence numbers received in order. */
type Sequences = Map<string, number[]>;

describe('logstream send --threads through a real redis-server', () => {
  let redis: RedisServerHandle;
  let watcher: Bus;

  before(async () => {
    redis = await startRedisServer();
    watcher = openBus({ url: redis.url, name: 'e2e-send-threads' });
  });

  after(async () => {
    await watcher.close();
    await redis.stop();
  });

  /** Subscribes to `channel` and keeps every log and every producer's sequence numbers. */
  async function listen(channel: string): Promise<{ logs: LogRecord[]; seqs: Sequences }> {
    const logs: LogRecord[] = [];
    const seqs: Sequences = new Map();
    await watcher.subscribe(channel, (payload) => {
      const log = decodeLog(payload, Date.now());
      logs.push(log);
      if (log.producer === undefined) return;
      const list = seqs.get(log.producer.id) ?? [];
      list.push(log.producer.seq);
      seqs.set(log.producer.id, list);
    });
    return { logs, seqs };
  }

  /** Asserts that each producer's numbers run 1..k without gap or repeat; returns the k. */
  function ranges(seqs: Sequences): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, list] of seqs) {
      const sorted = [...list].sort((a, b) => a - b);
      assert.deepEqual(
        sorted,
        Array.from({ length: sorted.length }, (_, i) => i + 1),
        `${id} numbers 1..${sorted.length}`,
      );
      out.set(id, sorted.length);
    }
    return out;
  }

  /** service → the "host pod" pairs its logs name, per producer. */
  function instances(logs: readonly LogRecord[], producer: string): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const log of logs) {
      if (log.producer?.id !== producer) continue;
      const set = out.get(log.service) ?? new Set<string>();
      set.add(`${String(log.fields?.host)} ${String(log.fields?.pod)}`);
      out.set(log.service, set);
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  }

  it('splits --count exactly over two producers, each numbered 1..k without gaps, one system', async () => {
    const { logs, seqs } = await listen('e2e.threads');
    const r = await runCli([
      'send',
      '--redis',
      redis.url,
      '--logs-channel',
      'e2e.threads',
      '--threads',
      '2',
      '--count',
      '5000',
      '--rate',
      '100000',
      '--seed',
      'storm',
    ]);
    assert.equal(r.code, 0, r.stderr);
    await waitFor(() => logs.length >= 5_000, 'all 5,000 logs', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(logs.length, 5_000);
    const k = ranges(seqs);
    assert.equal(k.size, 2);
    const [[a, ka], [b, kb]] = [...k] as [[string, number], [string, number]];
    assert.equal(ka + kb, 5_000);
    assert.match(
      r.stderr,
      new RegExp(`^logstream send: stamping logs as producers (${a}, ${b}|${b}, ${a}), sequence numbers from 1$`, 'm'),
    );
    const summary =
      /^logstream send: sent 5000 logs \(seq 1\.\.(\d+) of (send-\w+), seq 1\.\.(\d+) of (send-\w+)\), \d+ skipped behind schedule, 0 dropped while Redis was unreachable$/m.exec(
        r.stderr,
      );
    assert.ok(summary !== null, r.stderr);
    assert.equal(k.get(summary[2] as string), Number(summary[1]));
    assert.equal(k.get(summary[4] as string), Number(summary[3]));
    // Both threads simulate the same services on the same hosts and pods.
    assert.deepEqual(instances(logs, a), instances(logs, b));
    assert.ok(instances(logs, a).size >= 6);
  });

  it('sends the same system with --threads 1, and says so in the single-thread format', async () => {
    const { logs, seqs } = await listen('e2e.one');
    const r = await runCli([
      'send',
      '--redis',
      redis.url,
      '--logs-channel',
      'e2e.one',
      '--threads',
      '1',
      '--count',
      '3000',
      '--rate',
      '100000',
      '--seed',
      'storm',
    ]);
    assert.equal(r.code, 0, r.stderr);
    await waitFor(() => logs.length >= 3_000, 'all 3,000 logs', 5_000);
    const [id] = [...ranges(seqs).keys()] as [string];
    assert.equal(seqs.size, 1);
    // How many fell behind schedule depends on the machine's load, as in the threaded run above.
    assert.match(
      r.stderr,
      new RegExp(
        `^logstream send: stamping logs as producer ${id}, sequence numbers from 1\n` +
          `logstream send: connected to ${redis.url.replace(/[.]/g, '\\.')}\n` +
          `logstream send: sent 3000 logs \\(seq 1\\.\\.3000 of ${id}\\), \\d+ skipped behind schedule, 0 dropped while Redis was unreachable\n$`,
      ),
    );
    const threaded = await listen('e2e.same');
    const two = await runCli([
      'send',
      '--redis',
      redis.url,
      '--logs-channel',
      'e2e.same',
      '--threads',
      '2',
      '--count',
      '6000',
      '--rate',
      '100000',
      '--seed',
      'storm',
    ]);
    assert.equal(two.code, 0, two.stderr);
    await waitFor(() => threaded.logs.length >= 6_000, 'all 6,000 logs', 5_000);
    for (const producer of threaded.seqs.keys())
      assert.deepEqual(instances(threaded.logs, producer), instances(logs, id));
  });

  it('starts only as many threads as there are logs to send', async () => {
    const { logs, seqs } = await listen('e2e.few');
    const r = await runCli([
      'send',
      '--redis',
      redis.url,
      '--logs-channel',
      'e2e.few',
      '--threads',
      '4',
      '--count',
      '2',
    ]);
    assert.equal(r.code, 0, r.stderr);
    await waitFor(() => logs.length >= 2, 'both logs', 5_000);
    assert.deepEqual([...ranges(seqs).values()], [1, 1]);
    assert.match(r.stderr, /sent 2 logs \(seq 1\.\.1 of send-\w+, seq 1\.\.1 of send-\w+\), 0 skipped/);
  });

  it('stops every thread on SIGINT and sums them up like the single sender', async () => {
    const { seqs } = await listen('e2e.long');
    const p = startCli([
      'send',
      '--redis',
      redis.url,
      '--logs-channel',
      'e2e.long',
      '--threads',
      '2',
      '--rate',
      '20000',
    ]);
    await waitFor(
      () => seqs.size === 2 && [...seqs.values()].every((s) => s.length >= 1_000),
      'logs from both threads',
      8_000,
    );
    // Twice at once, as a Ctrl-C reaches the process both from the terminal and from a parent
    // that forwards it (npm, timeout): one stop, not a second signal's immediate exit.
    p.child.kill('SIGINT');
    p.child.kill('SIGINT');
    // 128 + SIGINT after an orderly stop, as every LogStream service exits on a signal.
    assert.equal(await p.exited, 130, p.stderr());
    const summary =
      /^logstream send: sent (\d+) logs \(seq 1\.\.(\d+) of (send-\w+), seq 1\.\.(\d+) of (send-\w+)\), \d+ skipped behind schedule, 0 dropped while Redis was unreachable$/m.exec(
        p.stderr(),
      );
    assert.ok(summary !== null, p.stderr());
    assert.equal(Number(summary[1]), Number(summary[2]) + Number(summary[4]));
    // Everything the summary counts arrived, numbered without gaps.
    await waitFor(
      () =>
        seqs.get(summary[3] as string)?.length === Number(summary[2]) &&
        seqs.get(summary[5] as string)?.length === Number(summary[4]),
      'every log the summary counts',
      5_000,
    );
    ranges(seqs);
  });

  it('refuses more threads than it allows, in one line', async () => {
    const r = await runCli(['send', '--redis', redis.url, '--threads', '65', '--count', '1']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `logstream: error: option '--threads <n>' argument '65' is invalid. expected a whole number of threads from 1 to 64, got "65"\n`,
    );
  });
});
