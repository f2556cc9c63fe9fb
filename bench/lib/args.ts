import { join } from 'node:path';

/** Every scenario `--only` accepts. */
export const SCENARIOS = [
  'baselines',
  'render',
  'patterns',
  'query-file',
  'sender',
  'analyzer',
  'analyzer-threads',
  'collector',
  'embedded',
  'view-file',
  'backfill',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Parsed command line of the bench runner. */
export interface BenchOptions {
  quick: boolean;
  only: ScenarioName[];
  out: string;
  /** Offered rates for the collector scenario, logs/s. */
  rates: number[];
  /** Seconds each measured phase lasts. */
  seconds: number;
  /** Keep the working directory (the collector's metrics files) instead of removing it. */
  keep: boolean;
}

/** Usage text for --help and errors. */
export const USAGE = `usage: node dist/bench/run.js [--quick] [--only ${SCENARIOS.join(',')}] [--out FILE.json] [--rates 50000,100000,200000] [--seconds N] [--keep]`;

/** Parses argv (without node and the script); throws with a one-line message on a bad option. */
export function parseArgs(argv: readonly string[], now = new Date()): BenchOptions {
  const opts: BenchOptions = {
    quick: false,
    only: [...SCENARIOS],
    out: join('bench', 'results', `${now.toISOString().replace(/[:.]/g, '-')}.json`),
    rates: [50_000, 100_000, 200_000],
    seconds: 0,
    keep: false,
  };
  let seconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--keep') opts.keep = true;
    else if (arg === '--only') {
      const names = value().split(',');
      for (const n of names)
        if (!(SCENARIOS as readonly string[]).includes(n))
          throw new Error(`unknown scenario '${n}' (${SCENARIOS.join(', ')})`);
      opts.only = names as ScenarioName[];
    } else if (arg === '--out') opts.out = value();
    else if (arg === '--rates') {
      opts.rates = value().split(',').map(Number);
      if (opts.rates.some((r) => !(Number.isFinite(r) && r > 0)))
        throw new Error('--rates takes positive numbers, e.g. 50000,100000');
    } else if (arg === '--seconds') {
      seconds = Number(value());
      if (!(seconds > 0)) throw new Error('--seconds takes a positive number');
    } else throw new Error(`unknown option '${arg}'`);
  }
  opts.seconds = seconds ?? (opts.quick ? 2 : 10);
  return opts;
}
