import { levelOfPri } from './level-words.js';
import { parseTimestamp } from '../protocol/timestamp.js';
import { MONTHS, type PlainParse } from './plain-text.js';

/*
 * Syslog lines as files and pipes carry them: RFC 5424 (`<165>1 2026-… host app pid msgid [sd] msg`)
 * and RFC 3164 (`<34>Nov 28 11:00:00 host tag[pid]: msg`, no year: it is inferred; the tag may
 * carry a version, `syslogd 1.4.1:`, spaces before its pid, macOS's `(context)` after it, or be
 * missing, as in `--- last message repeated 2 times ---`).
 */

const RFC5424 =
  /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: (.*))?$/s;
// The tag: `app:`, `syslogd 1.4.1:`, or one with a pid, whose name may hold spaces (macOS's
// `Google Chrome Helper[812]:`) and which macOS may follow with its sender's context
// (`com.apple.xpc.launchd[1] (com.apple.xpc.launchd.domain.system):`).
const RFC3164 =
  /^(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+) (?:([^\s:[\]]+(?: [^\s:[\]]+){0,3})\[(\w+)\](?: \(([^\s()]+)\))?: ?|([^\s:[\]]+(?: \d[\w.]*)?): ?)?(.*)$/s;

export function parseRfc5424(line: string): PlainParse | undefined {
  const m = RFC5424.exec(line);
  if (m === null) return undefined;
  const [, pri, stamp, host, app, procId, msgId, sd, msg] = m;
  const fields: Record<string, unknown> = { facility: Number(pri) >> 3 };
  if (host !== '-') fields.host = host;
  if (procId !== '-') fields.pid = procId;
  if (msgId !== '-') fields.msgid = msgId;
  if (sd !== '-') fields.structured_data = sd;
  const time = stamp === '-' ? undefined : parseTimestamp(stamp);
  return {
    format: 'syslog',
    level: levelOfPri(Number(pri)),
    message: (msg ?? '').replace(/^\uFEFF/, ''),
    fields,
    ...(time !== undefined ? { time } : {}),
    ...(app !== '-' && app !== undefined ? { service: app } : {}),
  };
}

/** RFC 3164 carries no year: the current one, or the previous when that would put the log in the future. */
export function yearlessTime(month: number, day: number, timeOfDay: number, nowMs: number): number {
  const year = new Date(nowMs).getUTCFullYear();
  const t = Date.UTC(year, month, day) + timeOfDay;
  return t > nowMs + 86_400_000 ? Date.UTC(year - 1, month, day) + timeOfDay : t;
}

export function parseRfc3164(line: string, nowMs: number): PlainParse | undefined {
  const m = RFC3164.exec(line);
  if (m === null) return undefined;
  const [, pri, mon, day, hh, mm, ss, frac, host, pidTag, pid, context, bareTag, msg] = m;
  const tag = pidTag ?? bareTag;
  const month = MONTHS[mon as string];
  if (month === undefined) return undefined;
  const tod =
    (Number(hh) * 3600 + Number(mm) * 60 + Number(ss)) * 1000 + (frac !== undefined ? Number(`0.${frac}`) * 1000 : 0);
  const fields: Record<string, unknown> = { host };
  if (pid !== undefined) fields.pid = pid;
  if (context !== undefined) fields.context = context;
  if (pri !== undefined) fields.facility = Number(pri) >> 3;
  const message = msg ?? '';
  return {
    format: 'syslog',
    time: yearlessTime(month, Number(day), tod, nowMs),
    ...(tag !== undefined ? { service: tag } : {}),
    message,
    fields,
    ...(pri !== undefined ? { level: levelOfPri(Number(pri)) } : {}),
  };
}
