/**
 * Event-time parsing and the timestamp form of RustLogStream's sender.
 *
 * Runs once per log, so the common ISO 8601 shapes are read by hand: `Date.parse` would read
 * a zone-less stamp as local time (RustLogStream's analyzer reads it as UTC), drops everything
 * below the millisecond, and is slower (bench/decode.bench.ts times both, and the writer).
 */

/** Start of year 2201 in epoch ms: anything at or after it is not a real clock reading. */
const MAX_MS = Date.UTC(2201, 0, 1);
const MAX_S = MAX_MS / 1000;
const MS_PER_DAY = 86_400_000;
const US_PER_DAY = 86_400_000_000;

const DASH = 45;
const COLON = 58;
const PLUS = 43;
const SPACE = 32;
const DIGIT_0 = 48;
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** Epoch ms (sub-ms fraction kept) from ISO 8601 text or an epoch number; undefined unless in 1970..2200. */
export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v === 'string') return parseTimestampText(v);
  if (typeof v === 'number') return fromEpochNumber(v);
  if (typeof v === 'bigint') return fromEpochNumber(Number(v));
  if (v instanceof Date) return inRange(v.getTime());
  return undefined;
}

/** The form of RustLogStream's sender: UTC, microseconds, no zone (`2026-11-28T11:00:00.123000`). */
export function formatWireTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite time: ${ms}`);
  const us = Math.round(ms * 1000);
  const days = Math.floor(us / US_PER_DAY);
  let rest = us - days * US_PER_DAY;
  const hour = Math.floor(rest / 3_600_000_000);
  rest -= hour * 3_600_000_000;
  const minute = Math.floor(rest / 60_000_000);
  rest -= minute * 60_000_000;
  const second = Math.floor(rest / 1_000_000);
  const micro = rest - second * 1_000_000;
  return `${civilDate(days)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${String(micro).padStart(6, '0')}`;
}

function inRange(ms: number): number | undefined {
  return ms >= 0 && ms < MAX_MS ? ms : undefined;
}

function fromEpochNumber(n: number): number | undefined {
  if (!(n >= 0) || n === Infinity) return undefined;
  // The unit is chosen by magnitude. Each unit's range (1970..2200) ends where the next one's
  // begins, so the only misreadings are the first weeks of 1970 in the finer units.
  if (n < MAX_S) return n * 1000;
  if (n < MAX_MS) return n;
  if (n < MAX_MS * 1000) return n / 1000;
  return inRange(n / 1_000_000);
}

/**
 * Offsets in minutes of the zone abbreviations servers write after a zone-less stamp. Only the
 * unambiguous ones: `IST` or `CST` name several zones and stay unread (the stamp is rejected).
 */
const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  ACST: 570,
  ACDT: 630,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

const NUMERIC = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Only zone-bearing strings go to Date.parse: without a zone it would use the local time zone.
const EXPLICIT_ZONE = /(?:\bGMT|\bUTC|Z|[+-]\d\d:?\d\d)$/i;

function parseTimestampText(s: string): number | undefined {
  const iso = parseIso(s);
  if (iso === iso) return inRange(iso); // not NaN
  if (s.length > 64) return undefined;
  const t = s.trim();
  if (t !== s) {
    const trimmed = parseIso(t);
    if (trimmed === trimmed) return inRange(trimmed);
  }
  if (NUMERIC.test(t)) return fromEpochNumber(Number(t));
  if (EXPLICIT_ZONE.test(t)) return inRange(Date.parse(t));
  return undefined;
}

/** The two digits at s[i], s[i+1] as a number, or -1 when either is not a digit. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - DIGIT_0;
  const b = s.charCodeAt(i + 1) - DIGIT_0;
  // Also -1 past the end, where charCodeAt gives NaN.
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)fraction]][ ][Z|±HH[:MM]|±HHMM|UTC|GMT][ ABBR]]`;
 * NaN when the string has another shape. No zone means UTC.
 */
function parseIso(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return NaN;
  const century = d2(s, 0);
  const yy = d2(s, 2);
  const year = century * 100 + yy;
  const month = d2(s, 5);
  const day = d2(s, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (n === 10) return ms;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== SPACE) || n < 16 || s.charCodeAt(13) !== COLON) return NaN;
  const hour = d2(s, 11);
  const minute = d2(s, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  ms += hour * 3_600_000 + minute * 60_000;
  let i = 16;
  if (s.charCodeAt(i) === COLON) {
    const second = d2(s, 17);
    if (second < 0 || second > 59) return NaN;
    ms += second * 1000;
    i = 19;
    const c = s.charCodeAt(i);
    if (c === 46 || c === 44) {
      // Up to nanoseconds count; further digits are read and ignored.
      let frac = 0;
      let count = 0;
      for (i++; i < n; i++) {
        const d = s.charCodeAt(i) - DIGIT_0;
        if (d < 0 || d > 9) break;
        if (count < 9) {
          frac = frac * 10 + d;
          count++;
        }
      }
      if (count === 0) return NaN;
      ms += count <= 3 ? frac * (POW10[3 - count] ?? 1) : frac / (POW10[count - 3] ?? 1);
    }
  }
  if (i === n) return ms;
  if (s.charCodeAt(i) === SPACE) i++;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    i++;
  } else if (z === PLUS || z === DASH) {
    const oh = d2(s, i + 1);
    if (oh < 0 || oh > 23) return NaN;
    i += 3;
    if (s.charCodeAt(i) === COLON) i++;
    let om = 0;
    if (i < n && s.charCodeAt(i) !== SPACE) {
      om = d2(s, i);
      if (om < 0 || om > 59) return NaN;
      i += 2;
    }
    ms -= (z === PLUS ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else {
    // PostgreSQL's `%m` and others write the zone's abbreviation: `2026-11-28 12:00:00.123 CET`.
    let end = i;
    while (end < n && end - i < 5 && s.charCodeAt(end) >= 65 && s.charCodeAt(end) <= 90) end++;
    const offsetMin = ZONE_ABBREVIATIONS[s.slice(i, end)];
    if (offsetMin === undefined || (end < n && s.charCodeAt(end) !== SPACE)) return NaN;
    ms -= offsetMin * 60_000;
    i = end;
  }
  if (i === n) return ms;
  // Go's default layout appends the zone's name after the offset: `+0000 UTC`.
  if (s.charCodeAt(i) !== SPACE || i + 1 === n) return NaN;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) return NaN;
  }
  return ms;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** `YYYY-MM-DD` of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
