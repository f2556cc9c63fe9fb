/**
 * Thousands separators, the way the status line and panes show counts: what
 * `Math.round(n).toLocaleString('en-US')` gives, put together by hand for the integers a
 * count can be (a frame formats a dozen counts, and an ICU call is slow: bench/README.md). NaN,
 * which only a broken producer of statistics can send, shows as a dash.
 */
export function formatCount(n: number): string {
  const r = Math.round(n);
  if (Number.isNaN(r)) return NOT_A_NUMBER;
  if (!Number.isSafeInteger(r) || Object.is(r, -0)) return r.toLocaleString('en-US');
  const digits = String(r < 0 ? -r : r);
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return r < 0 ? `-${out}` : out;
}

/** How a number that is not one is shown. */
const NOT_A_NUMBER = '—';

/** NaN and the infinities as the views show them; undefined for finite numbers. */
function nonFinite(n: number): string | undefined {
  if (Number.isNaN(n)) return NOT_A_NUMBER;
  if (n === Infinity) return '∞';
  if (n === -Infinity) return '-∞';
  return undefined;
}

/** A rate with one decimal below 10, no decimals above. */
export function formatRate(n: number): string {
  return nonFinite(n) ?? (n < 10 ? n.toFixed(1) : formatCount(n));
}

/** `HH:MM:SS.mmm` in local time: the clock the person watching reads. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `HH:MM:SS` in local time for an ISO timestamp; the input itself if unreadable. */
export function formatIsoClock(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Largest |epoch ms| a Date can hold (±100,000,000 days). */
const MAX_DATE_MS = 8.64e15;

/** ISO 8601 in UTC; a time no Date can hold is shown as the number it is. */
export function formatIsoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS
    ? new Date(ms).toISOString()
    : `invalid time (${nonFinite(ms) ?? ms})`;
}

/** A percentage with one decimal. */
export function formatPercent(ratio: number): string {
  return `${nonFinite(ratio) ?? (ratio * 100).toFixed(1)}%`;
}

/** Milliseconds, adaptive precision. */
export function formatMs(ms: number): string {
  const odd = nonFinite(ms);
  if (odd !== undefined) return odd;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)}s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 100) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
