// Where redis-server's time goes while a consumer group of analyzers works off a backlog:
// `INFO commandstats` (calls, usec) per command, divided by the logs read, next to the CPU
// seconds of redis-server and of the analyzers. Commands a script runs are counted twice by
// Redis: under their own name and inside the EVAL/EVALSHA that ran them.
// Numbers of past runs: bench/README.md, "Analyzer threads".
// Run (compiled, it starts dist/ processes): node dist/bench/group-commands.bench.js [logs] [processes] [rounds]
import { loadavg } from 'node:os';
import { openRedisCommandClient } from '../src/bus/resp/resp-command-client.js';
import { startCli, type CliProcess } from '../test/helpers/cli.js';
import { startRedisServer } from '../test/helpers/redis-server.js';
import { startChild } from './lib/children.js';
import { cpuSeconds } from './lib/proc-sampler.js';
import { groupInfo, settledTotals, waitForReady } from './lib/scenarios/analyzer-group-drain.js';
import { sleep } from './lib/stats.js';

const LOGS = Number(process.argv[2] ?? 300_000);
const PROCESSES = Number(process.argv[3] ?? 1);
const ROUNDS = Number(process.argv[4] ?? 1);
const STREAM = 'logs.ingest';
const STATS = 'stats.update';

/** `cmdstat_<name>:calls=N,usec=U,...` lines of INFO commandstats. */
function commandStats(info: string): Map<string, { calls: number; usec: number }> {
  const out = new Map<string, { calls: number; usec: number }>();
  for (const m of info.matchAll(/^cmdstat_(\S+?):calls=(\d+),usec=(\d+)/gm))
    out.set(m[1] ?? '', { calls: Number(m[2]), usec: Number(m[3]) });
  return out;
}

async function round(url: string, redisPid: number, port: number, run: number): Promise<void> {
  const client = await openRedisCommandClient({ url, name: 'bench-commands' });
  const group = `cmd-${run}`;
  const analyzers: CliProcess[] = [];
  try {
    await client.command('DEL', STREAM, STATS);
    for (let i = 0; i < PROCESSES; i++)
      analyzers.push(
        startCli(['analyze', '--redis', url, '--transport', 'streams', '--group', group, '--consumer', `c${i}`]),
      );
    await waitForReady(analyzers);
    await sleep(1_000);
    const pids = analyzers.map((a) => a.child.pid ?? -1);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    await startChild('child-raw-publisher', [String(port), STREAM, '10000000', String(LOGS), 'xadd']).done;
    await client.command('CONFIG', 'RESETSTAT');
    const cpu = (): number => pids.reduce((s, pid) => s + (cpuSeconds(pid) ?? Number.NaN), 0);
    const cpu0 = cpu();
    const redis0 = cpuSeconds(redisPid) ?? Number.NaN;
    const t0 = performance.now();
    for (const pid of pids) process.kill(pid, 'SIGCONT');
    const done = async (): Promise<boolean> => {
      const info = groupInfo(await client.command('XINFO', 'GROUPS', STREAM), group);
      return info?.get('lag') === 0 && info.get('pending') === 0;
    };
    while (!(await done()) && performance.now() - t0 < 600_000) await sleep(20);
    const seconds = (performance.now() - t0) / 1000;
    const info = String(await client.command('INFO', 'commandstats'));
    const net = String(await client.command('INFO', 'stats'));
    const bytes = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(net)?.[1] ?? Number.NaN);
    const cpu1 = cpu();
    const redis1 = cpuSeconds(redisPid) ?? Number.NaN;
    const stats = [...commandStats(info)].filter(
      ([name]) => !['info', 'xinfo|groups', 'config|resetstat'].includes(name),
    );
    stats.sort((a, b) => b[1].usec - a[1].usec);
    console.log(
      `round ${run}: ${LOGS} logs, ${PROCESSES} process(es), ${seconds.toFixed(2)} s, ${Math.round(LOGS / seconds)} logs/s, ` +
        `redis-server ${(((redis1 - redis0) * 1e6) / LOGS).toFixed(2)} µs CPU per log, analyzers ${(((cpu1 - cpu0) * 1e6) / LOGS).toFixed(2)} µs, load ${loadavg()[0]?.toFixed(1)}`,
    );
    console.log(
      `  bytes per log: ${(bytes('total_net_input_bytes') / LOGS).toFixed(1)} to redis-server, ${(bytes('total_net_output_bytes') / LOGS).toFixed(1)} from it`,
    );
    console.log('  command                    calls   usec/call   µs per log   logs per call');
    for (const [name, s] of stats)
      console.log(
        `  ${name.padEnd(22)} ${String(s.calls).padStart(9)} ${(s.usec / s.calls).toFixed(1).padStart(11)} ${(s.usec / LOGS).toFixed(3).padStart(12)} ${(LOGS / s.calls).toFixed(1).padStart(15)}`,
      );
    const totals = await settledTotals(client, LOGS);
    console.log(`  published: ${totals.total} logs in 1 s windows, ${totals.missed} missed`);
  } finally {
    for (const a of analyzers) {
      a.child.kill('SIGCONT');
      a.child.kill('SIGTERM');
    }
    await Promise.all(analyzers.map((a) => a.exited));
    const keys = await client.command('KEYS', 'logstream:group:*').catch(() => []);
    await client.command('DEL', STREAM, STATS, ...(Array.isArray(keys) ? keys.map(String) : []));
    await client.close();
  }
}

const redis = await startRedisServer();
try {
  for (let r = 1; r <= ROUNDS; r++) await round(redis.url, redis.pid, redis.port, r);
} finally {
  await redis.stop();
}
