import { levelOfTextWord, type Level } from '../protocol/level.js';
import { decodeLog } from '../protocol/log-decode.js';
import { UNKNOWN_SERVICE, type LogRecord } from '../protocol/log-record.js';
import { parseTimestamp } from '../protocol/timestamp.js';
import { lineBody, logLineOf, splitCri, splitSourcePrefix } from './container-lines.js';
import { parseLogfmt } from './logfmt.js';
import { otlpRecords } from './otlp-logs.js';
import { parsePlainText } from './plain-text.js';
import { PG_CONTINUATION } from './server-lines.js';

/** Which reader understood a line. */
export type LineFormat = 'json' | 'otlp' | 'logfmt' | 'syslog' | 'access' | 'klog' | 'text' | 'plain';

/** One log read from a line (or a multi-line record); `service` is UNKNOWN_SERVICE when the line named none. */
export type ParsedLog = Pick<
  LogRecord,
  'time' | 'timeFromEvent' | 'level' | 'service' | 'message' | 'latencyMs' | 'fields'
> & {
  format: LineFormat;
};

/**
 * The logs of one record: several for an OTLP/JSON export line, else the one parseLine reads.
 * Never throws.
 */
export function parseRecords(text: string, arrivalMs: number, opts?: ParseOptions): ParsedLog[] {
  if (text.startsWith('{"resourceLogs"')) {
    try {
      const recs = otlpRecords(JSON.parse(text) as Record<string, unknown>);
      if (recs !== undefined) {
        return recs.map((r) => ({
          time: r.time ?? arrivalMs,
          timeFromEvent: r.time !== undefined,
          level: r.level ?? 'info',
          service: r.service ?? UNKNOWN_SERVICE,
          message: r.message,
          latencyMs: undefined,
          fields: Object.keys(r.fields).length > 0 ? r.fields : undefined,
          format: 'otlp',
        }));
      }
    } catch {
      // Not JSON after all: read as one line below.
    }
  }
  return [parseLine(text, arrivalMs, opts)];
}

/** How parseLine reads a line. */
export interface ParseOptions {
  /** Leave `fields` out of JSON logs (the consumer shows none): no object is built for them. */
  skipFields?: boolean;
}

const SKIP_FIELDS = { skipFields: true } as const;

/** Each line of a record without the container head it shares with the first (see container-lines.ts). */
function bodies(tail: string): string {
  return tail === '' ? '' : tail.split('\n').map(lineBody).join('\n');
}

/** A text line without the spaces and tabs at its end: they carry nothing, and no reader shows them. */
function withoutTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return end === line.length ? line : line.slice(0, end);
}

/** A PostgreSQL error's `STATEMENT:` and `DETAIL:` lines, without the time and pid they repeat. */
function withoutRepeatedHeads(tail: string): string {
  return tail.includes('  ')
    ? tail
        .split('\n')
        .map((l) => l.replace(PG_CONTINUATION, ''))
        .join('\n')
    : tail;
}

/**
 * Reads one log record, auto-detecting its format: JSON (every shape decodeLog knows), logfmt,
 * plain text with a recognisable head (syslog, access log, klog, timestamp + level), else plain
 * text with a guessed level. The first line decides; further lines (a stack trace joined by the
 * multi-line joiner) are appended to the message. Never throws.
 */
export function parseLine(text: string, arrivalMs: number, opts?: ParseOptions): ParsedLog {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const tail = nl < 0 ? '' : text.slice(nl);
  const lead = first.trimStart();
  if (lead.startsWith('{')) {
    // A Docker json-file line is known by its `stream` field: only a line that may hold one keeps its fields.
    const skip = opts?.skipFields === true && !text.includes('"stream"') && !text.includes('\\u');
    const rec = decodeLog(text, arrivalMs, skip ? SKIP_FIELDS : undefined);
    if (!rec.plain)
      return rec.message !== '' && rec.fields?.stream !== undefined
        ? jsonFileLine(text, rec)
        : { ...pick(rec), format: 'json' };
  }
  const cri = splitCri(first);
  if (cri !== undefined) {
    const stamp = parseTimestamp(cri.stamp);
    const inner = parseLine(cri.body + bodies(tail), stamp ?? arrivalMs, opts);
    return {
      ...inner,
      timeFromEvent: inner.timeFromEvent || stamp !== undefined,
      fields: { ...inner.fields, stream: cri.stream },
    };
  }
  const prefix = splitSourcePrefix(first);
  if (prefix !== undefined && levelOfTextWord(prefix.source) === undefined) {
    const inner = parseLine(prefix.body + bodies(tail), arrivalMs, opts);
    return inner.service === UNKNOWN_SERVICE ? { ...inner, service: prefix.source } : inner;
  }
  const logfmt = first.includes('=') ? parseLogfmt(first) : undefined;
  if (logfmt !== undefined) {
    const rec = decodeLog(JSON.stringify(logfmt), arrivalMs);
    return { ...pick(rec), message: rec.message + tail, format: 'logfmt' };
  }
  const plain = parsePlainText(first, arrivalMs);
  if (plain === undefined) {
    return {
      time: arrivalMs,
      timeFromEvent: false,
      level: guess(text, arrivalMs),
      service: UNKNOWN_SERVICE,
      message: tail === '' ? withoutTrailingBlanks(text) : text,
      latencyMs: undefined,
      fields: undefined,
      format: 'plain',
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
  const inner =
    plain.format === 'text' && plain.level === undefined && tail === '' ? parseLogfmt(plain.message) : undefined;
  if (inner !== undefined && ('msg' in inner || 'message' in inner)) {
    // A stamp in front of a logfmt line (`kubectl logs --timestamps`): the line's own keys win.
    const rec = decodeLog(JSON.stringify(inner), plain.time ?? arrivalMs);
    return { ...pick(rec), timeFromEvent: rec.timeFromEvent || plain.time !== undefined, format: 'logfmt' };
  }
  const message = tail === '' ? withoutTrailingBlanks(plain.message) : plain.message + withoutRepeatedHeads(tail);
  return {
    time: plain.time ?? arrivalMs,
    timeFromEvent: plain.time !== undefined,
    level: plain.level ?? guess(message, arrivalMs),
    service: plain.service ?? UNKNOWN_SERVICE,
    message,
    latencyMs: undefined,
    fields: plain.fields,
    format: plain.format,
  };
}

/**
 * Docker's `json-file` driver: the app's text line in `log`, read by the line parser (its own
 * time and level win), the driver's `time` and `stream` around it.
 */
function jsonFileLine(text: string, rec: ReturnType<typeof decodeLog>): ParsedLog {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { ...pick(rec), format: 'json' };
  }
  const log = logLineOf(obj);
  if (log === undefined) return { ...pick(rec), format: 'json' };
  const inner = parseLine(log, rec.time);
  const fields = { ...rec.fields, ...inner.fields };
  return {
    ...inner,
    timeFromEvent: inner.timeFromEvent || rec.timeFromEvent,
    service: inner.service !== UNKNOWN_SERVICE ? inner.service : rec.service,
    latencyMs: inner.latencyMs ?? rec.latencyMs,
    fields,
  };
}

function pick(rec: ReturnType<typeof decodeLog>): Omit<ParsedLog, 'format'> {
  return {
    time: rec.time,
    timeFromEvent: rec.timeFromEvent,
    level: rec.level,
    service: rec.service,
    message: rec.message,
    latencyMs: rec.latencyMs,
    fields: rec.fields,
  };
}

/** decodeLog's level guess from the words of a text (`Exception`, `WARN`, …), else info. */
function guess(text: string, arrivalMs: number): Level {
  return decodeLog(text, arrivalMs).level;
}
