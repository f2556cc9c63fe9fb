/**
 * What each of Loghub's sixteen systems says a record's time and level are, from the columns of
 * its structured CSV, written without LogStream's parser so that it can be measured against
 * them. The message's truth is the `Content` column everywhere: every layout puts its head (time,
 * level, process, component, host) before it, and the message is what follows that head.
 */
import type { Level } from '../../src/protocol/level.js';
import type { Row } from './loghub-formats.js';

/** The truth of one system: its time (ms, UTC) and level, undefined where the log has none. */
export interface SystemTruth {
  /** Where the time comes from, for the table and the docs. */
  timeFrom: string;
  /** Where the level comes from; undefined: the system's lines carry no level. */
  levelFrom: string | undefined;
  time: (r: Row, nowMs: number) => number | undefined;
  level: (r: Row) => Level | undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The level a system's own level word names (its documented severities), undefined for any other. */
const WORDS: Readonly<Record<string, Level>> = {
  // Android logcat's letters.
  v: 'trace',
  d: 'debug',
  i: 'info',
  w: 'warn',
  e: 'error',
  f: 'fatal',
  a: 'fatal',
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  notice: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  // java.util.logging's highest level, and BGL's second highest.
  severe: 'error',
  fatal: 'fatal',
  // BGL's highest.
  failure: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  emerg: 'fatal',
  alert: 'fatal',
};

const word = (r: Row): Level | undefined => WORDS[(r.Level ?? '').toLowerCase()];
const none = (): undefined => undefined;
const num = (s: string | undefined): number => (s === undefined || s === '' ? NaN : Number(s));
const valid = (t: number): number | undefined => (Number.isFinite(t) ? t : undefined);

/** `HH:mm:ss` with an optional `.SSS` or `,SSS` → ms of the day. */
function clock(s: string | undefined): number {
  const m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,:](\d{1,6}))?$/.exec(s ?? '');
  if (m === null) return NaN;
  const frac = m[4] === undefined ? 0 : Number(`0.${m[4]}`) * 1000;
  return ((num(m[1]) * 60 + num(m[2])) * 60 + num(m[3])) * 1000 + frac;
}

/** A date written with its year: `ymd` as numbers, month 1-based. */
function dated(y: number, mo: number, d: number, tod: number): number | undefined {
  return valid(Date.UTC(y, mo - 1, d) + tod);
}

/**
 * A date without a year: the current one, or the previous when that would be more than a day
 * ahead of now (as test/fixtures/formats/README.md says of the corpus).
 */
export function yearless(month0: number, day: number, tod: number, nowMs: number): number | undefined {
  const year = new Date(nowMs).getUTCFullYear();
  const t = Date.UTC(year, month0, day) + tod;
  return valid(t > nowMs + 86_400_000 ? Date.UTC(year - 1, month0, day) + tod : t);
}

const isoDate = (r: Row): number | undefined => {
  const [y, mo, d] = (r.Date ?? '').split('-').map(Number);
  return dated(y ?? NaN, mo ?? NaN, d ?? NaN, clock(r.Time));
};

const syslogDate = (month: string | undefined, day: string | undefined, r: Row, nowMs: number): number | undefined =>
  yearless(MONTHS.indexOf(month ?? ''), num(day), clock(r.Time), nowMs);

/** An epoch in seconds: the instant itself, whatever zone the rest of the line was written in. */
const epoch = (r: Row): number | undefined => valid(num(r.Timestamp ?? r.Time) * 1000);

/** System name → its truth. */
export const LOGHUB_TRUTH: Readonly<Record<string, SystemTruth>> = {
  Android: {
    timeFrom: 'Date (MM-dd) + Time, no year',
    levelFrom: 'Level (V D I W E F)',
    time: (r, now) => {
      const [mo, d] = (r.Date ?? '').split('-').map(Number);
      return yearless((mo ?? NaN) - 1, d ?? NaN, clock(r.Time), now);
    },
    level: word,
  },
  Apache: {
    timeFrom: 'Time (`Sun Dec 04 04:47:44 2005`)',
    levelFrom: 'Level (notice, warn, error)',
    time: (r) => {
      const m = /^\w{3} (\w{3}) (\d{1,2}) (\S+) (\d{4})$/.exec(r.Time ?? '');
      return m === null ? undefined : dated(num(m[4]), MONTHS.indexOf(m[1] ?? '') + 1, num(m[2]), clock(m[3]));
    },
    level: word,
  },
  BGL: {
    timeFrom: 'Timestamp (epoch s; Time is the same instant in US Pacific time)',
    levelFrom: 'Level (INFO WARNING SEVERE ERROR FATAL FAILURE)',
    time: epoch,
    level: word,
  },
  Hadoop: { timeFrom: 'Date + Time', levelFrom: 'Level', time: isoDate, level: word },
  HDFS: {
    timeFrom: 'Date (yyMMdd) + Time (HHmmss)',
    levelFrom: 'Level',
    time: (r) => {
      const d = /^(\d{2})(\d{2})(\d{2})$/.exec(r.Date ?? '');
      const t = /^(\d{2})(\d{2})(\d{2})$/.exec(r.Time ?? '');
      if (d === null || t === null) return undefined;
      return dated(2000 + num(d[1]), num(d[2]), num(d[3]), clock(`${t[1]}:${t[2]}:${t[3]}`));
    },
    level: word,
  },
  HealthApp: {
    timeFrom: 'Time (yyyyMMdd-H:m:s:SSS)',
    levelFrom: undefined,
    time: (r) => {
      const m = /^(\d{4})(\d{2})(\d{2})-(.*)$/.exec(r.Time ?? '');
      return m === null ? undefined : dated(num(m[1]), num(m[2]), num(m[3]), clock(m[4]));
    },
    level: none,
  },
  HPC: { timeFrom: 'Time (epoch s)', levelFrom: undefined, time: epoch, level: none },
  Linux: {
    timeFrom: 'Month + Date + Time, no year',
    levelFrom: undefined,
    time: (r, now) => syslogDate(r.Month, r.Date, r, now),
    level: none,
  },
  Mac: {
    timeFrom: 'Month + Date + Time, no year',
    levelFrom: undefined,
    time: (r, now) => syslogDate(r.Month, r.Date, r, now),
    level: none,
  },
  OpenSSH: {
    timeFrom: 'Date (month) + Day + Time, no year',
    levelFrom: undefined,
    time: (r, now) => syslogDate(r.Date, r.Day, r, now),
    level: none,
  },
  OpenStack: { timeFrom: 'Date + Time', levelFrom: 'Level', time: isoDate, level: word },
  Proxifier: {
    timeFrom: 'Time (MM.dd HH:mm:ss), no year',
    levelFrom: undefined,
    time: (r, now) => {
      const m = /^(\d{2})\.(\d{2}) (\S+)$/.exec(r.Time ?? '');
      return m === null ? undefined : yearless(num(m[1]) - 1, num(m[2]), clock(m[3]), now);
    },
    level: none,
  },
  Spark: {
    timeFrom: 'Date (yy/MM/dd) + Time',
    levelFrom: 'Level',
    time: (r) => {
      const [y, mo, d] = (r.Date ?? '').split('/').map(Number);
      return dated(2000 + (y ?? NaN), mo ?? NaN, d ?? NaN, clock(r.Time));
    },
    level: word,
  },
  Thunderbird: {
    timeFrom: 'Timestamp (epoch s; the syslog time is the same instant in US Pacific time)',
    levelFrom: undefined,
    time: epoch,
    level: none,
  },
  Windows: { timeFrom: 'Date + Time', levelFrom: 'Level (Info, Warning, Error)', time: isoDate, level: word },
  Zookeeper: { timeFrom: 'Date + Time', levelFrom: 'Level', time: isoDate, level: word },
};
