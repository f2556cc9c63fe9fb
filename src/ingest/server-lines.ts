import { levelOfTextWord, type Level } from '../protocol/level.js';
import { parseTimestamp } from '../protocol/timestamp.js';
import { MONTHS, type PlainParse } from './plain-text.js';

/*
 * The own line layouts of servers and frameworks that the generic "timestamp level message"
 * reader gets wrong: PostgreSQL (`%m [%p] `), MySQL, Redis, Apache's error log, uwsgi's request
 * line, Spark/log4j 1 (`yy/MM/dd`), Go zap's console encoder. Each reader returns undefined
 * when the line is not its shape. Times without a zone are read as UTC.
 */

function utc(year: number, mon: string, day: number, h: number, mi: number, s: number, frac = ''): number | undefined {
  const month = MONTHS[mon];
  if (month === undefined) return undefined;
  return Date.UTC(year, month, day, h, mi, s) + (frac === '' ? 0 : Number(`0.${frac}`) * 1000);
}

const PG =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? [A-Z]{1,5}) \[(\d+)\] (?:(\S*)@(\S*) )?([A-Z]+[1-5]?): {2}(.*)$/s;
const PG_LEVELS: Readonly<Record<string, Level>> = {
  LOG: 'info',
  INFO: 'info',
  NOTICE: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  FATAL: 'fatal',
  PANIC: 'fatal',
  DETAIL: 'info',
  HINT: 'info',
  STATEMENT: 'info',
  CONTEXT: 'info',
  QUERY: 'info',
  LOCATION: 'info',
};

/** The head of a PostgreSQL line that continues the error before it (`DETAIL:`, `STATEMENT:`, ...). */
export const PG_CONTINUATION =
  /^\d{4}-\d{2}-\d{2} [\d:.]+ [A-Z]{1,5} \[\d+\] (?:\S*@\S* )?(?=(?:DETAIL|HINT|STATEMENT|CONTEXT|QUERY|LOCATION): {2})/;

/** PostgreSQL with its default `log_line_prefix` (`%m [%p] `, optionally `%q%u@%d `). */
export function parsePostgres(line: string): PlainParse | undefined {
  const m = PG.exec(line);
  if (m === null) return undefined;
  const [, stamp, pid, user, db, sev, msg] = m;
  const level = PG_LEVELS[sev as string] ?? (sev?.startsWith('DEBUG') === true ? 'debug' : undefined);
  const time = parseTimestamp(stamp);
  if (level === undefined || time === undefined) return undefined;
  const fields: Record<string, unknown> = { pid: Number(pid), severity: sev };
  if (user !== undefined && user !== '') fields.user = user;
  if (db !== undefined && db !== '') fields.database = db;
  return { format: 'text', time, level, message: msg ?? '', fields };
}

const MYSQL = /^(\d+) \[(System|Note|Warning|Error|ERROR)\] (?:\[(MY-\d+)\] \[(\w+)\] )?(.*)$/s;

/** MySQL's error log after its ISO stamp: `0 [Warning] [MY-010068] [Server] …`. */
export function parseMysqlTail(rest: string, time: number): PlainParse | undefined {
  const m = MYSQL.exec(rest);
  if (m === null) return undefined;
  const [, thread, prio, code, subsystem, msg] = m;
  const level: Level = prio === 'Warning' ? 'warn' : prio === 'Error' || prio === 'ERROR' ? 'error' : 'info';
  const fields: Record<string, unknown> = { thread: Number(thread) };
  if (code !== undefined) fields.code = code;
  if (subsystem !== undefined) fields.subsystem = subsystem;
  return { format: 'text', time, level, message: msg ?? '', fields };
}

const REDIS =
  /^(\d+):([XCSM]) (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? ([.\-*#]) (.*)$/s;
const REDIS_LEVELS: Readonly<Record<string, Level>> = { '.': 'debug', '-': 'debug', '*': 'info', '#': 'warn' };
const REDIS_ROLES: Readonly<Record<string, string>> = { X: 'sentinel', C: 'child', S: 'replica', M: 'master' };

/** Redis's own log: `1234:M 01 May 2024 10:00:00.123 * Ready to accept connections`. */
export function parseRedis(line: string): PlainParse | undefined {
  const m = REDIS.exec(line);
  if (m === null) return undefined;
  const [, pid, role, dd, mon, yyyy, hh, mi, ss, frac, mark, msg] = m;
  const time = utc(Number(yyyy), mon as string, Number(dd), Number(hh), Number(mi), Number(ss), frac);
  if (time === undefined) return undefined;
  return {
    format: 'text',
    time,
    level: REDIS_LEVELS[mark as string] ?? 'info',
    service: 'redis',
    message: msg ?? '',
    fields: { pid: Number(pid), role: REDIS_ROLES[role as string] },
  };
}

const APACHE_ERROR =
  /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?([a-z]+)\d?\] (?:\[pid (\d+)(?::tid (\d+))?\] )?(?=(?:\[client ([^\]]+)\] )?)(.*)$/s;

/**
 * Apache's error log (2.2 and 2.4): `[Wed May 01 10:00:00.123456 2024] [core:error] [pid 1:tid 2] [client …] AH00126: …`.
 * The `[client …]` stays in the message (and is kept in `client` too): which client an error
 * was about is part of what it says, as nginx writes it into its messages.
 */
export function parseApacheError(line: string): PlainParse | undefined {
  const m = APACHE_ERROR.exec(line);
  if (m === null) return undefined;
  const [, mon, dd, hh, mi, ss, frac, yyyy, module, sev, pid, tid, client, msg] = m;
  const level = levelOfTextWord(sev as string);
  const time = utc(Number(yyyy), mon as string, Number(dd), Number(hh), Number(mi), Number(ss), frac);
  if (level === undefined || time === undefined) return undefined;
  const fields: Record<string, unknown> = {};
  if (module !== undefined) fields.module = module;
  if (pid !== undefined) fields.pid = Number(pid);
  if (tid !== undefined) fields.tid = Number(tid);
  if (client !== undefined) fields.client = client;
  return { format: 'text', time, level, message: msg ?? '', fields };
}

const UWSGI = new RegExp(
  String.raw`^\[pid: (\d+)\|app: (-?\d+)\|req: (\d+)/\d+\] (\S+) \([^)]*\) \{\d+ vars in \d+ bytes\} ` +
    String.raw`\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})\] (\S+) (\S+) => generated (\d+) bytes in (\d+) (msecs|micros) \((\S+) (\d{3})\)(.*)$`,
  's',
);

/** uwsgi's request line: `[pid: 1|app: 0|req: 1/1] 127.0.0.1 () {34 vars in 600 bytes} [Wed May  1 10:00:00 2024] GET / => …`. */
export function parseUwsgi(line: string): PlainParse | undefined {
  const m = UWSGI.exec(line);
  if (m === null) return undefined;
  const [, pid, app, req, client, mon, dd, hh, mi, ss, yyyy, method, path, bytes, took, unit, protocol, status, extra] =
    m;
  const time = utc(Number(yyyy), mon as string, Number(dd), Number(hh), Number(mi), Number(ss));
  if (time === undefined) return undefined;
  const code = Number(status);
  return {
    format: 'access',
    time,
    level: code >= 500 ? 'error' : code >= 400 ? 'warn' : 'info',
    message: `${method as string} ${path as string} ${protocol as string} ${code} ${bytes as string}`,
    fields: {
      pid: Number(pid),
      app: Number(app),
      req: Number(req),
      client_ip: client,
      method,
      path,
      protocol,
      status: code,
      bytes: Number(bytes),
      duration_ms: unit === 'msecs' ? Number(took) : Number(took) / 1000,
      ...(extra?.trim() ? { extra: extra.trim() } : {}),
    },
  };
}

const SPARK = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{3}))? +([A-Z]+) +([\w$.-]+): (.*)$/s;

/** log4j 1's `yy/MM/dd HH:mm:ss LEVEL logger: message`, Spark's and Hadoop's default. */
export function parseSpark(line: string): PlainParse | undefined {
  const m = SPARK.exec(line);
  if (m === null) return undefined;
  const [, yy, mo, dd, hh, mi, ss, frac, sev, logger, msg] = m;
  const level = levelOfTextWord(sev as string);
  const time = parseTimestamp(
    `20${yy as string}-${mo as string}-${dd as string}T${hh as string}:${mi as string}:${ss as string}${frac !== undefined ? `.${frac}` : ''}Z`,
  );
  if (level === undefined || time === undefined) return undefined;
  return { format: 'text', time, level, message: msg ?? '', fields: { logger } };
}

const ZAP =
  /^(\S+)\t(DEBUG|INFO|WARN|ERROR|DPANIC|PANIC|FATAL)\t(?:([^\t]+)\t(?=\S+\.go:\d+\t))?(?:(\S+\.go:\d+)\t)?([^\t]*)(?:\t(\{.*\}))?$/s;

/** zap's console encoder: `time<TAB>LEVEL<TAB>[logger<TAB>][caller<TAB>]message[<TAB>{json fields}]`. */
export function parseZap(line: string): PlainParse | undefined {
  const m = ZAP.exec(line);
  if (m === null) return undefined;
  const [, stamp, sev, logger, caller, msg, json] = m;
  const time = parseTimestamp(stamp);
  const level = levelOfTextWord(sev as string);
  if (time === undefined || level === undefined) return undefined;
  let fields: Record<string, unknown> = {};
  if (json !== undefined) {
    try {
      const v: unknown = JSON.parse(json);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) fields = { ...(v as Record<string, unknown>) };
    } catch {
      return {
        format: 'text',
        time,
        level,
        message: `${msg ?? ''}\t${json}`,
        ...(caller !== undefined ? { fields: { caller } } : {}),
      };
    }
  }
  if (caller !== undefined) fields.caller = caller;
  return {
    format: 'text',
    time,
    level,
    message: msg ?? '',
    fields,
    ...(logger !== undefined ? { service: logger } : {}),
  };
}
