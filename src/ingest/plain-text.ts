import { parseTimestamp } from '../protocol/timestamp.js';
import { levelOfTextWord, type Level } from '../protocol/level.js';
import { LEVEL_TOKEN, LEVEL_TOKEN_STRICT, levelOfStatus, tokenWord } from './level-words.js';
import {
  parseApacheError,
  parseMysqlTail,
  parsePostgres,
  parseRedis,
  parseSpark,
  parseUwsgi,
  parseZap,
} from './server-lines.js';
import {
  parseBgl,
  parseHdfs,
  parseHealthApp,
  parseHpc,
  parseLogcat,
  parseProxifier,
  parseThunderbird,
} from './platform-lines.js';
import { parseWindowsTail, readTail } from './line-tail.js';
import { parseRfc3164, parseRfc5424, yearlessTime } from './syslog-lines.js';

/*
 * Plain-text log lines with a recognisable head: syslog (RFC 5424, RFC 3164 and rsyslog's
 * file format), web-server access logs (common and combined), klog (Kubernetes components),
 * and the many "timestamp [level] message" layouts (Python logging, log4j/logback, Spring
 * Boot, Go's log package, loguru, `kubectl logs --timestamps`, Hadoop, ZooKeeper, OpenStack's
 * oslo.log, Windows' CBS log). Times without a zone are
 * read as UTC, as everywhere else in LogStream.
 */

/** What a plain-text head told; `message` is the line without it. */
export interface PlainParse {
  format: 'syslog' | 'access' | 'klog' | 'text';
  time?: number;
  level?: Level;
  service?: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Month abbreviations of syslog and server logs → month index. */
export const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

// rsyslog's RSYSLOG_FileFormat and journald's short-iso: an RFC 3339 stamp, then host and tag.
const ISO_SYSLOG =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})) (\S+) ([^\s:[\]]+)(?:\[(\w+)\])?: ?(.*)$/s;
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const ACCESS = new RegExp(
  `^(\\S+) (\\S+) (\\S+) \\[(\\d{2})/([A-Z][a-z]{2})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})\\] ${QUOTED} (\\d{3}) (\\d+|-)(?: ${QUOTED} ${QUOTED})?(.*)$`,
  's',
);
const KLOG = /^([IWEF])(\d{2})(\d{2}) (\d{2}:\d{2}:\d{2}\.\d{6})\s+(\d+) ([^\]\s]+)\] ?(.*)$/s;
const LEADING_TIME =
  /^\[?(\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?: ?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)(?![\w]))?)\]?\s*/is;
// After the time: optional separators, a process id (OpenStack's oslo.log), a `- logger -`
// (Python's default), a `[thread]`, then the level.
const AFTER_TIME = new RegExp(
  `^(?:[-|:,]\\s*)?(?:(?<pid>\\d+) +(?=[A-Z]))?(?:(?<logger>[\\w.]+)\\s+-\\s+)?(?:\\[[^\\]]{0,64}\\]\\s*)??(?:[-|:]\\s*)?${LEVEL_TOKEN}[\\s:|-]*`,
  's',
);
// A level first: `[ERROR] …`, `ERROR: …`, `WARN  …`, Python's `ERROR:root:…`.
// winston's `simple` format (`warn: disk full`): its levels, lower case, before `: `. Not Go's
// `panic: …`, which belongs to the message, nor `Error: ENOENT`, Node's error.
const LOWER_LEVEL = `(?<lc>${['error', 'warn', 'info', 'verbose', 'debug', 'silly'].join('|')})(?=: )`;
const LEADING_LEVEL = new RegExp(`^(?:${LEVEL_TOKEN_STRICT}|${LOWER_LEVEL})(?::(?<logger>[\\w.]+):|[\\s:|-]+|$)`, 's');

/** Parses a plain-text line's head; undefined when the line has none of the known shapes. */
export function parsePlainText(line: string, nowMs: number): PlainParse | undefined {
  const c = line.charCodeAt(0);
  if (c === 60 /* < */) return parseRfc5424(line) ?? parseRfc3164(line, nowMs);
  if (c >= 65 && c <= 90 && line.charCodeAt(3) === 32) {
    const syslog = parseRfc3164(line, nowMs);
    if (syslog !== undefined) return syslog;
  }
  if (c >= 48 && c <= 57) {
    if (line.charCodeAt(2) === 47 /* / */) return parseSpark(line) ?? parseAccess(line);
    if (line.charCodeAt(6) === 32) {
      const hdfs = parseHdfs(line);
      if (hdfs !== undefined) return hdfs;
    }
    if (line.charCodeAt(8) === 45 /* - */ && line.charCodeAt(2) !== 45) {
      const health = parseHealthApp(line);
      if (health !== undefined) return health;
    }
    if (line.charCodeAt(2) === 45 /* - */ && line.charCodeAt(5) === 32) {
      const logcat = parseLogcat(line, (month, day, tod) => yearlessTime(month, day, tod, nowMs));
      if (logcat !== undefined) return logcat;
    }
    const tab = line.indexOf('\t');
    if (tab > 0 && tab < 40) return parseZap(line) ?? parseAccess(line) ?? parseLeadingTime(line);
    return (
      parseAccess(line) ??
      parseRedis(line) ??
      parsePostgres(line) ??
      parseIsoSyslog(line) ??
      parseLeadingTime(line) ??
      parseHpc(line)
    );
  }
  if (c === 91 /* [ */)
    return (
      parseApacheError(line) ??
      parseUwsgi(line) ??
      parseLeadingTime(line) ??
      parseProxifier(line, (month, day, tod) => yearlessTime(month, day, tod, nowMs)) ??
      parseLeadingLevel(line)
    );
  if (c === 73 || c === 87 || c === 69 || c === 70) {
    const klog = parseKlog(line, nowMs);
    if (klog !== undefined) return klog;
  }
  return (
    parseAccess(line) ??
    (c === 45 || (c >= 65 && c <= 90) ? (parseBgl(line) ?? parseThunderbird(line)) : undefined) ??
    parseLeadingLevel(line) ??
    parseFilePrefixed(line, nowMs)
  );
}

function parseIsoSyslog(line: string): PlainParse | undefined {
  const m = ISO_SYSLOG.exec(line);
  if (m === null) return undefined;
  const [, stamp, host, tag, pid, msg] = m;
  // `2026-… INFO: message`, `2026-… [ERROR] db: …` are timestamped lines, not a host and a tag;
  // `2026-… {"level": …}` is `kubectl logs --timestamps` in front of the app's JSON.
  const afterStamp = line.slice((stamp as string).length + 1);
  if (afterStamp.startsWith('{') || levelOfTextWord(host as string) !== undefined || LEADING_LEVEL.test(afterStamp))
    return undefined;
  const time = parseTimestamp(stamp);
  const fields: Record<string, unknown> = { host };
  if (pid !== undefined) fields.pid = pid;
  return {
    format: 'syslog',
    service: tag as string,
    message: msg ?? '',
    fields,
    ...(time !== undefined ? { time } : {}),
  };
}

function parseAccess(line: string): PlainParse | undefined {
  const m = ACCESS.exec(line);
  if (m === null) return undefined;
  const [, client, ident, user, day, mon, year, hh, mm, ss, zone, request, status, bytes, referer, agent, extra] = m;
  const month = MONTHS[mon as string];
  if (month === undefined) return undefined;
  const z = zone as string;
  const offsetMin = (z.startsWith('-') ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  const time = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss)) - offsetMin * 60_000;
  const [method, path, protocol] = (request as string).split(' ');
  const fields: Record<string, unknown> = { client_ip: client, status: Number(status) };
  if (ident !== '-') fields.ident = ident;
  if (user !== '-') fields.user = user;
  if (method !== undefined && path !== undefined) {
    fields.method = method;
    fields.path = path;
    if (protocol !== undefined) fields.protocol = protocol;
  }
  if (bytes !== '-') fields.bytes = Number(bytes);
  if (referer !== undefined && referer !== '-') fields.referer = referer;
  if (agent !== undefined && agent !== '-') fields.user_agent = agent;
  const rest = (extra ?? '').trim();
  if (rest !== '') fields.extra = rest;
  return {
    format: 'access',
    time,
    level: levelOfStatus(Number(status)),
    message: `${request} ${status} ${bytes}`,
    fields,
  };
}

function parseKlog(line: string, nowMs: number): PlainParse | undefined {
  const m = KLOG.exec(line);
  if (m === null) return undefined;
  const [, sev, mo, dd, clock, pid, source, msg] = m;
  const [h, mi, s] = (clock as string).split(':').map(Number);
  const tod = ((h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000;
  const level: Level = sev === 'I' ? 'info' : sev === 'W' ? 'warn' : sev === 'E' ? 'error' : 'fatal';
  return {
    format: 'klog',
    time: yearlessTime(Number(mo) - 1, Number(dd), tod, nowMs),
    level,
    message: msg ?? '',
    fields: { pid: Number(pid), source },
  };
}

function parseLeadingTime(line: string): PlainParse | undefined {
  const m = LEADING_TIME.exec(line);
  if (m === null) return undefined;
  const stamp = (m[1] as string).replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
  const time = parseTimestamp(stamp);
  if (time === undefined) return undefined;
  const rest = line.slice(m[0].length);
  const server = parseMysqlTail(rest, time) ?? parseWindowsTail(rest, time);
  if (server !== undefined) return server;
  const lv = AFTER_TIME.exec(rest);
  if (lv === null) return { format: 'text', time, message: rest };
  const level = levelOfTextWord(tokenWord(lv.groups) ?? '');
  const logger = lv.groups?.logger;
  const { message, fields } = readTail(rest.slice(lv[0].length), lv.groups?.pid);
  return {
    format: 'text',
    time,
    message,
    ...(fields !== undefined ? { fields } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(logger !== undefined ? { service: logger } : {}),
  };
}

function parseLeadingLevel(line: string): PlainParse | undefined {
  const m = LEADING_LEVEL.exec(line);
  if (m === null) return undefined;
  const level = levelOfTextWord(tokenWord(m.groups) ?? '');
  if (level === undefined) return undefined;
  const logger = m.groups?.logger;
  const rest = line.slice(m[0].length);
  // A level, then a timestamp: `INFO 2026-11-28 11:00:00 message`.
  const timed = parseLeadingTime(rest);
  const base = timed !== undefined && timed.level === undefined ? timed : { format: 'text' as const, message: rest };
  return { ...base, level, ...(logger !== undefined && logger !== 'root' ? { service: logger } : {}) };
}

// `grep -H` and concatenated rotated files put the file's name before the line: `api.log:2026-…`.
const FILE_PREFIX = /^([\w.-]*\.log(?:\.[\w:-]+)*)[: ](?=\d{4}-\d{2}-\d{2}[T ])/;

function parseFilePrefixed(line: string, nowMs: number): PlainParse | undefined {
  const m = FILE_PREFIX.exec(line);
  if (m === null) return undefined;
  const inner = parsePlainText(line.slice(m[0].length), nowMs);
  return inner === undefined ? undefined : { ...inner, fields: { ...inner.fields, file: m[1] } };
}
