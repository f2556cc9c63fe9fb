import { levelOfTextWord } from '../protocol/level.js';
import type { PlainParse } from './plain-text.js';

/*
 * What follows the time and level of a "timestamp level message" line, for the layouts that put
 * more than the message there: Spring Boot, nginx's error log, log4j/Logback (and Hadoop's
 * variant), ZooKeeper, OpenStack's oslo.log; and Windows' CBS log, whose level comes after a comma.
 */

// nginx's error log after its level: `1234#1234: *5 message` (pid, thread, connection).
const NGINX_TAIL = /^(\d+)#(\d+): (?:\*(\d+) )?/;
// log4j/Logback after the level: `[thread] com.example.App - message` (Hadoop: `… App: message`, its
// threads may be named after a whole file path and block), the logger named with dots.
const LOGGER_TAIL = /^(?:\[[^\]]{0,512}\] +)?([\w$]+(?:\.[\w$]+)+)(?: +- |: )/;
// ZooKeeper's log4j layout after the level: `[thread:Class@line] - message` (the thread may hold brackets).
const ZOOKEEPER_TAIL = /^\[(\S{1,200}?@\d+)\] - /;
// oslo.log (OpenStack) after `pid LEVEL`: `nova.compute.manager [req-… user project - - -] message`.
const OSLO_TAIL = /^([\w$]+(?:\.[\w$]+)+) (?:\[([^\]]*)\] )?/;
// Spring Boot after its level: `1234 --- [main] o.s.b.App : message` (3.x adds `[app]` before the thread).
const SPRING_TAIL = /^(\d+) --- (?:\[[^\]]*\]\s*)+(\S+)\s*: /;
// Windows' CBS log after its time: `, Info                  CBS    message`.
const WINDOWS_TAIL = /^, ([A-Z][a-z]+) {2,}([A-Za-z]+) +(.*)$/s;

/** What follows a timestamped line's level: the message, and the parts of its head that become fields. */
export function readTail(
  after: string,
  pid: string | undefined,
): { message: string; fields?: Record<string, unknown> } {
  let m: RegExpExecArray | null;
  if (pid !== undefined && (m = OSLO_TAIL.exec(after)) !== null) {
    const fields: Record<string, unknown> = { pid: Number(pid), logger: m[1] };
    if (m[2] !== undefined) fields.context = m[2];
    return { message: after.slice(m[0].length), fields };
  }
  const message = (head: RegExpExecArray, fields: Record<string, unknown>) => ({
    message: after.slice(head[0].length),
    fields: pid !== undefined ? { pid: Number(pid), ...fields } : fields,
  });
  if ((m = SPRING_TAIL.exec(after)) !== null) return message(m, { pid: Number(m[1]), logger: m[2] });
  if ((m = NGINX_TAIL.exec(after)) !== null)
    return message(m, {
      pid: Number(m[1]),
      tid: Number(m[2]),
      ...(m[3] !== undefined ? { connection: Number(m[3]) } : {}),
    });
  if ((m = ZOOKEEPER_TAIL.exec(after)) !== null) return message(m, { source: m[1] });
  if ((m = LOGGER_TAIL.exec(after)) !== null) return message(m, { logger: m[1] });
  return pid !== undefined ? { message: after, fields: { pid: Number(pid) } } : { message: after };
}

/** Windows' CBS and CSI log after the time: the level word, the component, the message. */
export function parseWindowsTail(rest: string, time: number): PlainParse | undefined {
  const m = WINDOWS_TAIL.exec(rest);
  if (m === null) return undefined;
  const [, sev, component, msg] = m;
  return {
    format: 'text',
    time,
    level: levelOfTextWord(sev as string) ?? 'info',
    message: msg ?? '',
    fields: { component },
  };
}
