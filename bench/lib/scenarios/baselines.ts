import type { RedisServerHandle } from '../../../test/helpers/redis-server.js';
import { lnavFollow, type LnavResult } from '../lnav-follow.js';
import { SAMPLE_LOG } from '../payload.js';
import { redisBenchmark } from '../redis.js';
import type { Row } from '../report.js';
import { fixed, int, p50p99, perSecond, mib } from '../stats.js';

/** The baselines measured in the same run. */
export interface BaselinesResult {
  payloadBytes: number;
  redisBenchmarkPublishPerSec: number;
  jsonParsePerCpuSec: number;
  lnav: LnavResult;
}

/** JSON.parse calls per second of this process's CPU time (wall time would count other processes' turns). */
export function jsonParseRate(text: string, cpuMs: number): number {
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  // Results are kept in a variable the caller could see, so the parse cannot be optimised away.
  let last: unknown;
  for (let i = 0; i < 50_000; i++) last = JSON.parse(text);
  let ops = 0;
  const start = cpu();
  while (cpu() - start < cpuMs) {
    for (let i = 0; i < 10_000; i++) last = JSON.parse(text);
    ops += 10_000;
  }
  return last === undefined ? Number.NaN : (ops * 1000) / (cpu() - start);
}

/** redis-benchmark PUBLISH (pipelined 64 deep, ~225-byte payload), JSON.parse, and lnav following a file. */
export async function runBaselines(
  redis: RedisServerHandle,
  o: { quick: boolean; lnavRate: number; seconds: number },
): Promise<{ rows: Row[]; data: BaselinesResult }> {
  const n = o.quick ? 200_000 : 1_000_000;
  const out = await redisBenchmark(redis.port, [
    '-n',
    String(n),
    '-P',
    '64',
    '-q',
    'publish',
    'bench.baseline',
    SAMPLE_LOG,
  ]);
  const lastLine =
    out
      .split(/[\r\n]/)
      .filter((l) => l.includes('requests per second'))
      .at(-1) ?? '';
  const publishRate = Number(/([\d.]+) requests per second/.exec(lastLine)?.[1] ?? Number.NaN);
  const parseRate = jsonParseRate(SAMPLE_LOG, o.quick ? 300 : 1000);
  const lnav = await lnavFollow(o.lnavRate, o.seconds);
  const bytes = Buffer.byteLength(SAMPLE_LOG);
  const rows: Row[] = [
    {
      metric: `redis-benchmark PUBLISH (-P 64, ${bytes} B)`,
      measured: perSecond(publishRate),
      baseline: "no subscriber; the broker's ceiling",
    },
    {
      metric: `JSON.parse of a ${bytes}-byte log`,
      measured: perSecond(parseRate),
      baseline: 'per CPU second, this Node',
    },
  ];
  if ('skipped' in lnav) rows.push({ metric: 'lnav following a file', measured: 'n/a', baseline: lnav.skipped });
  else {
    rows.push(
      {
        metric: `lnav lag at ${int(lnav.rate)} lines/s`,
        measured: p50p99(lnav.lagMs, 0),
        baseline: `max ${fixed(lnav.lagMs.max, 0)} ms; newest line on a ${'200×50'} screen`,
      },
      {
        metric: 'lnav catch-up after the writer stopped',
        measured: lnav.catchUpMs === null ? '> 10 s' : `${int(lnav.catchUpMs)} ms`,
        baseline: `${int(lnav.written)} lines written`,
      },
      {
        metric: 'lnav RSS peak / CPU avg',
        measured: `${mib(lnav.usage?.rssPeak)} / ${fixed(lnav.usage?.cpuAvgPct, 0)}%`,
      },
    );
  }
  return {
    rows,
    data: { payloadBytes: bytes, redisBenchmarkPublishPerSec: publishRate, jsonParsePerCpuSec: parseRate, lnav },
  };
}
