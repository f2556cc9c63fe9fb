import { readFileSync, readdirSync } from 'node:fs';

/** CPU and memory of one process over a sampled interval. */
export interface ProcessUsage {
  pid: number;
  /** Average CPU over the interval, % of one core (200% = both cores of this machine). */
  cpuAvgPct: number;
  /** Highest CPU of any sample interval (250 ms), % of one core. */
  cpuMaxPct: number;
  /** Peak resident set size, bytes. */
  rssPeak: number;
  /** Resident set size at the last sample, bytes. */
  rssLast: number;
  samples: number;
}

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 250;

/** CPU seconds (user + system, all threads) a process has used, or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  const ticks = cpuTicks(pid);
  return ticks === undefined ? undefined : ticks / TICKS_PER_SECOND;
}

/** utime + stime in ticks from /proc/PID/stat, or undefined once the process is gone. */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** VmRSS from /proc/PID/status in bytes, or undefined once the process is gone. */
function rssBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Pids whose parent is `pid` (scans /proc, so it works without CONFIG_PROC_CHILDREN). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

interface Track {
  pid: number;
  firstTicks: number | undefined;
  firstAt: number;
  lastTicks: number | undefined;
  lastAt: number;
  cpuMaxPct: number;
  rssPeak: number;
  rssLast: number;
  samples: number;
}

/** Samples /proc/PID/stat and /proc/PID/status of labelled processes every 250 ms. */
export class ProcSampler {
  private readonly tracks = new Map<string, Track>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sampleAll(), SAMPLE_MS);
  }

  /** Starts following `pid` under `label` (a label seen again is replaced). */
  add(label: string, pid: number): void {
    const now = performance.now();
    const ticks = cpuTicks(pid);
    this.tracks.set(label, {
      pid,
      firstTicks: ticks,
      firstAt: now,
      lastTicks: ticks,
      lastAt: now,
      cpuMaxPct: 0,
      rssPeak: rssBytes(pid) ?? 0,
      rssLast: rssBytes(pid) ?? 0,
      samples: 0,
    });
  }

  private sampleAll(): void {
    for (const t of this.tracks.values()) this.sample(t);
  }

  private sample(t: Track): void {
    const ticks = cpuTicks(t.pid);
    const rss = rssBytes(t.pid);
    if (ticks === undefined || rss === undefined) return;
    const now = performance.now();
    if (t.firstTicks === undefined) {
      t.firstTicks = ticks;
      t.firstAt = now;
    } else if (t.lastTicks !== undefined && now > t.lastAt) {
      t.cpuMaxPct = Math.max(t.cpuMaxPct, (((ticks - t.lastTicks) / TICKS_PER_SECOND) * 100_000) / (now - t.lastAt));
    }
    t.lastTicks = ticks;
    t.lastAt = now;
    t.rssPeak = Math.max(t.rssPeak, rss);
    t.rssLast = rss;
    t.samples++;
  }

  /** Takes a last sample and returns the usage of every labelled process so far. */
  usage(): Record<string, ProcessUsage> {
    const out: Record<string, ProcessUsage> = {};
    for (const [label, t] of this.tracks) {
      this.sample(t);
      const seconds = (t.lastAt - t.firstAt) / 1000;
      const cpu =
        t.firstTicks === undefined || t.lastTicks === undefined || seconds <= 0
          ? Number.NaN
          : ((t.lastTicks - t.firstTicks) / TICKS_PER_SECOND / seconds) * 100;
      out[label] = {
        pid: t.pid,
        cpuAvgPct: cpu,
        cpuMaxPct: t.cpuMaxPct,
        rssPeak: t.rssPeak,
        rssLast: t.rssLast,
        samples: t.samples,
      };
    }
    return out;
  }

  /** Stops sampling and returns the final usage. */
  stop(): Record<string, ProcessUsage> {
    const result = this.usage();
    clearInterval(this.timer);
    return result;
  }
}
