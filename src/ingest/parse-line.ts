import { levelOfTextWord, type Level } from '../protocol/level.js';
import { decodeLog } from '../protocol/log-decode.js';
import { UNKNOWN_SERVICE, type LogRecord } from '../protocol/log-record.js';
import { parseLogfmt } from './logfmt.js';
import { parsePlainText } from './plain-text.js';

/** Which reader understood a line. */
export type LineFormat = 'json' | 'logfmt' | 'syslog' | 'access' | 'klog' | 'text' | 'plain';

/** One log read from a line (or a multi-line record); `service` is UNKNOWN_SERVICE when the line named none. */
export type ParsedLog = Pick<LogRecord, 'time' | 'timeFromEvent' | 'level' | 'service' | 'message' | 'latencyMs' | 'fields'> & {
  format: LineFormat;
};

// `docker compose logs` and `stern --template '{{.ContainerName}} | {{.Message}}'` prefix each line with its source.
const SOURCE_PREFIX = /^([a-z0-9][\w.-]{0,62})\s*\| /i;

/**
 * Reads one log record, auto-detecting its format: JSON (every shape decodeLog knows), logfmt,
 * plain text with a recognisable head (syslog, access log, klog, timestamp + level), else plain
 * text with a guessed level. The first line decides; further lines (a stack trace joined by the
 * multi-line joiner) are appended to the message. Never throws.
 */
export function parseLine(text: string, arrivalMs: number): ParsedLog {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const tail = nl < 0 ? '' : text.slice(nl);
  const lead = first.trimStart();
  if (lead.startsWith('{')) {
    const rec = decodeLog(text, arrivalMs);
    if (!rec.plain) return { ...pick(rec), format: 'json' };
  }
  const prefix = SOURCE_PREFIX.exec(first);
  if (prefix !== null && levelOfTextWord(prefix[1] as string) === undefined) {
    const inner = parseLine(first.slice(prefix[0].length) + tail, arrivalMs);
    return inner.service === UNKNOWN_SERVICE ? { ...inner, service: prefix[1] as string } : inner;
  }
  const logfmt = first.includes('=') ? parseLogfmt(first) : undefined;
  if (logfmt !== undefined) {
    const rec = decodeLog(JSON.stringify(logfmt), arrivalMs);
    return { ...pick(rec), message: rec.message + tail, format: 'logfmt' };
  }
  const plain = parsePlainText(first, arrivalMs);
  if (plain === undefined) {
    return {
      time: arrivalMs, timeFromEvent: false, level: guess(text, arrivalMs), service: UNKNOWN_SERVICE, message: text,
      latencyMs: undefined, fields: undefined, format: 'plain',
    };
  }
  if (plain.message.startsWith('{') && tail === '') {
    // `kubectl logs --timestamps`: the runtime's stamp, then the app's own JSON line.
    const rec = decodeLog(plain.message, arrivalMs);
    if (!rec.plain) {
      const time = rec.timeFromEvent ? rec.time : (plain.time ?? arrivalMs);
      return { ...pick(rec), time, timeFromEvent: rec.timeFromEvent || plain.time !== undefined, format: 'json' };
    }
  }
  const message = plain.message + tail;
  return {
    time: plain.time ?? arrivalMs, timeFromEvent: plain.time !== undefined, level: plain.level ?? guess(message, arrivalMs),
    service: plain.service ?? UNKNOWN_SERVICE, message, latencyMs: undefined, fields: plain.fields, format: plain.format,
  };
}

function pick(rec: ReturnType<typeof decodeLog>): Omit<ParsedLog, 'format'> {
  return {
    time: rec.time, timeFromEvent: rec.timeFromEvent, level: rec.level, service: rec.service, message: rec.message,
    latencyMs: rec.latencyMs, fields: rec.fields,
  };
}

/** decodeLog's level guess from the words of a text (`Exception`, `WARN`, …), else info. */
function guess(text: string, arrivalMs: number): Level {
  return decodeLog(text, arrivalMs).level;
}
