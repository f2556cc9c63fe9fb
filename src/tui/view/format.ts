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

/** `HH:MM:SS.mmm` in local time (the clock the person watching reads), or in UTC. */
export function formatClock(ms: number, utc = false): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '--:--:--.---';
  const f = fieldsOf(d, utc);
  return `${pad2(f.h)}:${pad2(f.mi)}:${pad2(f.s)}.${String(f.ms).padStart(3, '0')}`;
}

/** `YYYY-MM-DD` in local time or UTC; dashes for a time no Date holds. */
export function formatDate(ms: number, utc = false): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '----------';
  const f = fieldsOf(d, utc);
  const year = f.y >= 0 && f.y <= 9999 ? String(f.y).padStart(4, '0') : String(f.y);
  return `${year}-${pad2(f.mo)}-${pad2(f.d)}`;
}

/** The calendar day of a time, as a number, in local time or UTC (NaN for no time). */
export function dayOf(ms: number, utc = false): number {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return NaN;
  const f = fieldsOf(d, utc);
  return Date.UTC(f.y, f.mo - 1, f.d);
}

/** `HH:MM:SS` in local time (or UTC) for an ISO timestamp; the input itself if unreadable. */
export function formatIsoClock(iso: string, utc = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return formatClock(ms, utc).slice(0, 8);
}

/** A local time with its date and offset: `2026-12-05 11:00:00.000 +01:00`. */
export function formatLocalTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return formatIsoTime(ms);
  const offset = -new Date(ms).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatDate(ms)} ${formatClock(ms)} ${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

function fieldsOf(
  d: Date,
  utc: boolean,
): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } {
  return utc
    ? {
        y: d.getUTCFullYear(),
        mo: d.getUTCMonth() + 1,
        d: d.getUTCDate(),
        h: d.getUTCHours(),
        mi: d.getUTCMinutes(),
        s: d.getUTCSeconds(),
        ms: d.getUTCMilliseconds(),
      }
    : {
        y: d.getFullYear(),
        mo: d.getMonth() + 1,
        d: d.getDate(),
        h: d.getHours(),
        mi: d.getMinutes(),
        s: d.getSeconds(),
        ms: d.getMilliseconds(),
      };
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
