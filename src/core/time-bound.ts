/**
 * Times people type: `--since`/`--until` on the command line and the TUI's jump-to-time
 * prompt. Pure: the clock (`now`) and the zone (local or UTC) are passed in.
 *
 * Accepted forms:
 * - how long ago: `15m`, `2h`, `1d`, `90s`, `1.5h`, optionally with a minus sign (`-15m`);
 * - an ISO date and time: `2026-12-05`, `2026-12-05T10:30`, `2026-12-05 10:30:00.250`,
 *   with `Z` or an offset (`+01:00`) for an exact instant; without one, in the zone given;
 * - a clock time today, in the zone given: `10:30`, `10:30:15`, `10:30:15.5`.
 */

/** What a typed time is read as: epoch milliseconds, or why it is not a time. */
export type TimeParse = { ok: true; ms: number } | { ok: false; error: string };

/** How to read a time without a zone. */
export interface TimeZoneChoice {
  /** Read zone-less times as UTC (else local time). */
  utc: boolean;
}

/** A time range of logs' own timestamps: since inclusive, until exclusive; either may be open. */
export interface TimeRange {
  since?: number;
  until?: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** The most a relative time may go back: far enough for any log, small enough to stay a valid date. */
const MAX_AGO_MS = 100 * 365 * 86_400_000;
/** Largest |epoch ms| a Date can hold. */
const MAX_DATE_MS = 8.64e15;

const RELATIVE = /^-?\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** What the error says is accepted. */
export const TIME_FORMS =
  'how long ago (15m, 2h, 1d), a clock time today (14:30), or ISO (2026-12-05T14:30, +01:00 or Z)';

/** Reads a typed time; never throws. */
export function parseTime(text: string, now: number, zone: TimeZoneChoice): TimeParse {
  const t = text.trim();
  if (t === '') return { ok: false, error: `type a time: ${TIME_FORMS}` };
  const relative = RELATIVE.exec(t);
  if (relative !== null) {
    const ago = Number(relative[1]) * (UNIT_MS[relative[2] ?? ''] ?? NaN);
    if (!(ago <= MAX_AGO_MS)) return { ok: false, error: `too long ago: ${t}` };
    return valid(now - Math.round(ago), t);
  }
  const clock = CLOCK.exec(t);
  if (clock !== null) return clockToday(clock, now, zone, t);
  const iso = ISO.exec(t);
  if (iso !== null) return isoTime(iso, zone, t);
  return { ok: false, error: `not a time: "${t}"; expected ${TIME_FORMS}` };
}

/** True when `time` is inside the range (a NaN time is outside any bounded range). */
export function inTimeRange(time: number, range: TimeRange): boolean {
  if (range.since !== undefined && !(time >= range.since)) return false;
  if (range.until !== undefined && !(time < range.until)) return false;
  return true;
}

/** Why a range is empty (until not after since), or undefined when it can hold logs. */
export function emptyRangeProblem(range: TimeRange): string | undefined {
  if (range.since !== undefined && range.until !== undefined && range.until <= range.since)
    return '--until must be later than --since';
  return undefined;
}

function clockToday(m: RegExpExecArray, now: number, zone: TimeZoneChoice, text: string): TimeParse {
  const [h, mi, s, ms] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), fraction(m[4])];
  if (h > 23 || mi > 59 || s > 59) return { ok: false, error: `not a clock time: ${text}` };
  if (!Number.isFinite(now) || Math.abs(now) > MAX_DATE_MS) return { ok: false, error: 'the clock is not readable' };
  const d = new Date(now);
  const ms0 = zone.utc
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), h, mi, s, ms)
    : new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, mi, s, ms).getTime();
  return valid(ms0, text);
}

function isoTime(m: RegExpExecArray, zone: TimeZoneChoice, text: string): TimeParse {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s, ms] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), fraction(m[7])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59)
    return { ok: false, error: `not a date and time: ${text}` };
  const offset = m[8];
  if (offset === undefined && !zone.utc) {
    const local = new Date(y, mo - 1, d, h, mi, s, ms);
    // Years below 100 are read by the Date constructor as 19xx: set the year again.
    local.setFullYear(y, mo - 1, d);
    return valid(local.getTime(), text);
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const shifted = new Date(utc);
  shifted.setUTCFullYear(y, mo - 1, d);
  const offsetMs = offset === undefined ? 0 : offsetOf(offset);
  if (offsetMs === undefined) return { ok: false, error: `not a zone offset: ${offset ?? ''}` };
  return valid(shifted.getTime() - offsetMs, text);
}

/** `Z`, `+01`, `+0100` or `-05:30` in milliseconds east of UTC. */
function offsetOf(text: string): number | undefined {
  if (text === 'Z' || text === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  if (m === null) return undefined;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? 0);
  if (h > 23 || mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi) * 60_000;
}

/** Milliseconds of a decimal fraction of a second (digits below the millisecond are dropped). */
function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.padEnd(3, '0').slice(0, 3));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function valid(ms: number, text: string): TimeParse {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS
    ? { ok: true, ms }
    : { ok: false, error: `out of range: ${text}` };
}
