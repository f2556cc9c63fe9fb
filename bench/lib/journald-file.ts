import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/*
 * A journald `-o json` export (one JSON object per line), the JSON format both lnav (its
 * built-in journald_json_log) and LogStream read with no configuration. Priorities are 3, 4, 6
 * and 7 only: lnav and LogStream name those error, warning, info and debug alike (they differ
 * on 0..2, emergency to critical).
 */

const SERVICES = ['sshd', 'nginx', 'postgres', 'kernel', 'systemd', 'cron', 'dockerd', 'kubelet'];
/** PRIORITY by share: 70% info, 15% warning, 10% error, 5% debug. */
const PRIORITIES = [...Array<string>(14).fill('6'), '4', '4', '4', '3', '3', '7'];

/** A seeded generator (mulberry32): the same file for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Error lines per service in a file writeJournaldFile wrote: what the query must count. */
export type ErrorCounts = Map<string, number>;

/** Writes `lines` journald JSON lines to `path`; returns the error count of each service. */
export async function writeJournaldFile(path: string, lines: number, seed = 1): Promise<ErrorCounts> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const counts: ErrorCounts = new Map();
  const out = createWriteStream(path);
  let us = 1_714_557_600_000_000;
  let batch = '';
  for (let i = 0; i < lines; i++) {
    us += 100 + Math.floor(rnd() * 1900);
    const service = pick(SERVICES);
    const priority = pick(PRIORITIES);
    if (priority === '3') counts.set(service, (counts.get(service) ?? 0) + 1);
    const ip = `10.0.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    batch +=
      `{"__CURSOR": "s=1;i=${i.toString(16)}", "__REALTIME_TIMESTAMP": "${us}", "__MONOTONIC_TIMESTAMP": "${us - 1_714_550_000_000_000}", ` +
      `"_BOOT_ID": "b1", "PRIORITY": "${priority}", "SYSLOG_IDENTIFIER": "${service}", "_PID": "${100 + Math.floor(rnd() * 9900)}", ` +
      `"_COMM": "${service}", "MESSAGE": "request ${i} from ${ip} took ${1 + Math.floor(rnd() * 900)} ms"}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return counts;
}
