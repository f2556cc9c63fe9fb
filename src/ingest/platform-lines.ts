import { LEVEL_WORDS, levelOfLogcatPriority, type Level } from '../protocol/level.js';
import type { PlainParse } from './plain-text.js';

/*
 * Line layouts of platforms whose logs open with something other than an ISO date: HDFS's
 * log4j layout (`yyMMdd HHmmss`), Android's logcat (`MM-dd HH:mm:ss.SSS pid tid L tag: `) and
 * the Blue Gene/L RAS log. Each reader returns undefined when the line is not its shape. Times
 * without a zone are read as UTC (an epoch written beside them wins); a year that is not written
 * is found as for syslog.
 */

const HDFS = /^(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2}) +(\d+) +([A-Z]+) +([\w$.-]+): (.*)$/s;

/** HDFS's log4j layout: `081109 203615 148 INFO dfs.DataNode$PacketResponder: message`. */
export function parseHdfs(line: string): PlainParse | undefined {
  const m = HDFS.exec(line);
  if (m === null) return undefined;
  const [, yy, mo, dd, hh, mi, ss, pid, sev, logger, msg] = m;
  const level = levelOf(sev as string);
  if (level === undefined) return undefined;
  const time = Date.UTC(2000 + Number(yy), Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss));
  if (Number.isNaN(time) || Number(mo) > 12 || Number(dd) > 31) return undefined;
  return { format: 'text', time, level, message: msg ?? '', fields: { pid: Number(pid), logger } };
}

const LOGCAT = /^(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) +(\d+) +(\d+) ([VDIWEFA]) (.*?) *: (.*)$/s;

/** Android's `logcat -v threadtime`: `03-17 16:13:38.811  1702  2395 D WindowManager: message`. */
export function parseLogcat(
  line: string,
  yearless: (month: number, day: number, tod: number) => number,
): PlainParse | undefined {
  const m = LOGCAT.exec(line);
  if (m === null) return undefined;
  const [, mo, dd, hh, mi, ss, ms, pid, tid, sev, tag, msg] = m;
  const tod = ((Number(hh) * 60 + Number(mi)) * 60 + Number(ss)) * 1000 + Number(ms);
  return {
    format: 'text',
    time: yearless(Number(mo) - 1, Number(dd), tod),
    level: levelOfLogcatPriority(sev as string) ?? 'info',
    message: msg ?? '',
    fields: { pid: Number(pid), tid: Number(tid), tag },
  };
}

/**
 * The epoch seconds the failure data repository put before each line: the instant, where the
 * line's own time is the machine room's local time with no zone. Its sub-second part comes from
 * the local time when both name the same second of the minute.
 */
function epochTime(epoch: string, localSeconds: string, fractionMs: number): number {
  const s = Number(epoch);
  return s * 1000 + (s % 60 === Number(localSeconds) ? fractionMs : 0);
}

const BGL =
  /^(\S+) (\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) \d{4}-\d{2}-\d{2}-\d{2}\.\d{2}\.(\d{2})\.(\d{6}) \S+ ([A-Z]+) ([A-Z_]+) (INFO|WARNING|SEVERE|ERROR|FATAL|FAILURE)(?: (.*))?$/s;

/** Blue Gene/L's RAS log: `- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO message`. */
export function parseBgl(line: string): PlainParse | undefined {
  const m = BGL.exec(line);
  if (m === null) return undefined;
  const [, alert, epoch, node, ss, us, type, component, sev, msg] = m;
  const time = epochTime(epoch as string, ss as string, Number(us) / 1000);
  const level: Level = sev === 'FAILURE' ? 'fatal' : (levelOf(sev as string) ?? 'info');
  const fields: Record<string, unknown> = { node, type, component };
  if (alert !== '-') fields.alert = alert;
  return { format: 'text', time, level, message: msg ?? '', fields };
}

const THUNDERBIRD =
  /^(\S+) (\d{9,10}) \d{4}\.\d{2}\.\d{2} (\S+) [A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:(\d{2}) \S+ ([^\s:[\]]+)(?:\[(\d+)\])?: ?(.*)$/s;

/** Thunderbird's syslog with the repository's head: `- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2915]: message`. */
export function parseThunderbird(line: string): PlainParse | undefined {
  const m = THUNDERBIRD.exec(line);
  if (m === null) return undefined;
  const [, alert, epoch, host, ss, tag, pid, msg] = m;
  const fields: Record<string, unknown> = { host };
  if (pid !== undefined) fields.pid = Number(pid);
  if (alert !== '-') fields.alert = alert;
  return {
    format: 'syslog',
    time: epochTime(epoch as string, ss as string, 0),
    ...(alert !== '-' ? { level: 'error' as const } : {}),
    service: tag as string,
    message: msg ?? '',
    fields,
  };
}

const HPC = /^(\d+) (\S+) (\S+) (\S+) (\d{9,10}) (\d) (.*)$/s;

/** The HPC cluster log: `207845 node-112 unix.hw state_change.unavailable 1081532468 1 message` (epoch seconds). */
export function parseHpc(line: string): PlainParse | undefined {
  const m = HPC.exec(line);
  if (m === null) return undefined;
  const [, id, node, component, state, epoch, flag, msg] = m;
  return {
    format: 'text',
    time: Number(epoch) * 1000,
    message: msg ?? '',
    fields: { id: Number(id), node, component, state, flag: Number(flag) },
  };
}

const HEALTHAPP = /^(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,3})\|([^|]+)\|(\d+)\|(.*)$/s;

/** HealthApp's log: `20171223-22:15:29:606|Step_LSC|30002312|message`. */
export function parseHealthApp(line: string): PlainParse | undefined {
  const m = HEALTHAPP.exec(line);
  if (m === null) return undefined;
  const [, yyyy, mo, dd, hh, mi, ss, ms, component, pid, msg] = m;
  const time = Date.UTC(Number(yyyy), Number(mo) - 1, Number(dd), Number(hh), Number(mi), Number(ss), Number(ms));
  return { format: 'text', time, message: msg ?? '', fields: { component, pid: Number(pid) } };
}

// A 64-bit program is named `program.exe *64`.
const PROXIFIER = /^\[(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})\] (\S+(?: \*64)?) - (.*)$/s;

/** Proxifier's log: `[10.30 16:49:06] chrome.exe - proxy.example:5070 open through proxy …` (no year). */
export function parseProxifier(
  line: string,
  yearless: (month: number, day: number, tod: number) => number,
): PlainParse | undefined {
  const m = PROXIFIER.exec(line);
  if (m === null) return undefined;
  const [, mo, dd, hh, mi, ss, program, msg] = m;
  const tod = ((Number(hh) * 60 + Number(mi)) * 60 + Number(ss)) * 1000;
  return {
    format: 'text',
    time: yearless(Number(mo) - 1, Number(dd), tod),
    message: msg ?? '',
    fields: { program },
  };
}

function levelOf(word: string): Level | undefined {
  return LEVEL_WORDS.get(word.toLowerCase());
}
