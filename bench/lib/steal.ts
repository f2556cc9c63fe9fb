import { readFileSync } from 'node:fs';

/** The whole machine's CPU time counters (the `cpu` line of /proc/stat), in ticks. */
interface CpuTicks {
  total: number;
  steal: number;
}

function readTicks(): CpuTicks | undefined {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
    return { total: fields.reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}

/**
 * Steal time: the share of this virtual machine's CPU time its host gave to others while it
 * wanted to run. Inside the guest it looks like time on a core, so it lengthens frames and
 * slows every process alike; the runner prints it per scenario so a slow run can be told from
 * slow code. Undefined where /proc/stat is missing.
 */
export function startStealMeter(): () => number | undefined {
  const from = readTicks();
  return () => {
    const to = readTicks();
    if (from === undefined || to === undefined || to.total <= from.total) return undefined;
    return (to.steal - from.steal) / (to.total - from.total);
  };
}
