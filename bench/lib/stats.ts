/** p50/p99/max of a set of samples (ms), with how many there were. */
export interface Quantiles {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** The q-quantile (0..1) of ascending `sorted` by nearest rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** p50, p99 and max of `values` (any order). */
export function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

/** `n` with thousands separators, or 'n/a'. */
export function int(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en-US');
}

/** `n` with `digits` decimals, or 'n/a'. */
export function fixed(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);
}

/** A rate per second: `123,456/s`, or 'n/a'. */
export function perSecond(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : `${int(n)}/s`;
}

/** Bytes as MiB with one decimal, or 'n/a'. */
export function mib(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? 'n/a' : `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** `p50 / p99 ms` of quantiles, or 'n/a' when there were no samples. */
export function p50p99(q: Quantiles | undefined, digits = 1): string {
  return q === undefined || q.count === 0 || !Number.isFinite(q.p50)
    ? 'n/a'
    : `${fixed(q.p50, digits)} / ${fixed(q.p99, digits)} ms`;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
