import { decodeLog } from '../protocol/log-decode.js';
import { encodeLog, type LogInput } from '../protocol/log-encode.js';
import { UNKNOWN_SERVICE, type LogRecord } from '../protocol/log-record.js';
import { durationMs, KEYS, LATENCY, NONE, ROLE_SHIFT, serviceOf, trimNewlines } from '../protocol/log-values.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { lineKeyOf, logLineOf } from './container-lines.js';
import { parseLine, parseRecords, type ParsedLog } from './parse-line.js';

export { logLineOf } from './container-lines.js';

/** How a source names the service of logs that do not name their own. */
export interface ServiceNaming {
  /** `--service`: wins over whatever the log says. */
  override?: string | undefined;
  /** Used when the log names none: the file name, the forward tag, `stdin`. */
  fallback: string;
}

function serviceFor(parsed: string, naming: ServiceNaming): string {
  if (naming.override !== undefined) return naming.override;
  return parsed !== UNKNOWN_SERVICE ? parsed : naming.fallback;
}

/** A parsed line in the wire form of `logs.ingest` (encodeLog). */
export function parsedToWire(p: ParsedLog, naming: ServiceNaming): string {
  return safeEncode({
    time: p.time,
    level: p.level,
    service: serviceFor(p.service, naming),
    message: p.message,
    latencyMs: p.latencyMs,
    fields: p.fields,
  });
}

/**
 * A parsed line as the LogRecord `decodeLog(parsedToWire(p, naming), _, { skipFields: true })`
 * reads back, without writing and reading the wire form: for a consumer in the same process
 * that needs no fields (the headless query). The time is rounded to the wire's microseconds.
 */
export function parsedToRecord(p: Omit<ParsedLog, 'format'>, naming: ServiceNaming, raw: string): LogRecord {
  return asWireRecord(
    {
      time: p.time,
      timeFromEvent: p.timeFromEvent,
      level: p.level,
      service: p.service,
      message: p.message,
      latencyMs: p.latencyMs,
      fields: p.fields,
      plain: false,
      raw,
      producer: undefined,
      truncated: false,
    },
    naming,
  );
}

/** parsedToRecord in place, on a record no one else holds (one the flat JSON reader just made). */
export function asWireRecord(log: LogRecord, naming: ServiceNaming): LogRecord {
  log.latencyMs = wireLatency(log.latencyMs, log.fields);
  log.time = wireTime(log.time);
  log.service = wireService(log.service, naming);
  log.message = trimNewlines(log.message);
  log.fields = undefined;
  log.plain = false;
  log.producer = undefined;
  log.truncated = false;
  return log;
}

/** A parsed time as its wire form reads back: rounded to microseconds; now when it is no number. */
export function wireTime(time: number): number {
  return Number.isFinite(time) ? Math.round(time * 1000) / 1000 : Date.now();
}

/** A parsed service as its wire form reads back, named by the source when the log names none. */
export function wireService(service: string, naming: ServiceNaming): string {
  return serviceOf('service', serviceFor(service, naming)) ?? UNKNOWN_SERVICE;
}

/** A parsed latency as its wire form reads back (its `fields` may hold one when it has none). */
export function wireLatency(
  latencyMs: number | undefined,
  fields: Record<string, unknown> | undefined,
): number | undefined {
  const latency = latencyMs ?? NaN;
  // The wire form writes a finite latency as `latency_ms`, in place of a field of that name.
  return Number.isFinite(latency)
    ? (durationMs(latency + 0) ?? latencyOfFields(fields, true))
    : latencyOfFields(fields, false);
}

/** The latency decodeLog finds among the fields of a wire log that has no `latency_ms` of its own. */
function latencyOfFields(fields: Record<string, unknown> | undefined, ownWritten: boolean): number | undefined {
  let best: number | undefined;
  let bestRank = NONE;
  for (const key in fields) {
    if (ownWritten && key === 'latency_ms') continue;
    const slot = KEYS.get(key);
    if (slot === undefined || slot >> ROLE_SHIFT !== LATENCY || (slot & (NONE - 1)) >= bestRank) continue;
    const d = durationMs(fields[key]);
    if (d !== undefined) {
      best = d;
      bestRank = slot & (NONE - 1);
    }
  }
  return best;
}

/** One text record (a line or a joined stack trace) → wire form. */
export function textToWire(text: string, arrivalMs: number, naming: ServiceNaming): string {
  return parsedToWire(parseLine(text, arrivalMs), naming);
}

/** One text record → its logs in wire form: several for an OTLP/JSON export line. */
export function textToWires(text: string, arrivalMs: number, naming: ServiceNaming): string[] {
  return parseRecords(text, arrivalMs).map((p) => parsedToWire(p, naming));
}

/**
 * A structured record (Fluentd forward entry, HTTP JSON object) → wire form. Docker's
 * `fluentd` driver records (`container_name`, `source`, `log`) become service, `stream` and
 * message; a `log` that is JSON is merged (the app's keys win, see decodeLog), one that is
 * plain text goes through the line parser (so an nginx line in `log` gets its level and time).
 * `eventTimeMs` is the transport's own time (the forward protocol's), used when the record has none.
 * Never throws: parts nested deeper than MAX_JSON_DEPTH, cycles and BigInts become text.
 */
export function objectToWire(
  obj: Record<string, unknown>,
  arrivalMs: number,
  eventTimeMs: number | undefined,
  naming: ServiceNaming,
): string {
  try {
    return structuredToWire(obj, arrivalMs, eventTimeMs, naming);
  } catch {
    // JSON.stringify and the walks after it recurse, and refuse cycles and BigInts: a record
    // from msgpack can hold any of them, and a throw from the record joiner's timer would end
    // the process. Only such a record pays for the copy.
    return structuredToWire(clip(obj, 1, new Set()) as Record<string, unknown>, arrivalMs, eventTimeMs, naming);
  }
}

const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels]`;

/** `v` (at nesting `level`) as plain JSON data: deeper parts, cycles and BigInts replaced by text. */
function clip(v: unknown, level: number, path: Set<object>): unknown {
  if (typeof v === 'bigint') return String(v);
  if (typeof v !== 'object' || v === null) return v;
  if (path.has(v)) return '[cycle]';
  if (level > MAX_JSON_DEPTH) return TOO_DEEP;
  path.add(v);
  const out = Array.isArray(v)
    ? v.map((x) => clip(x, level + 1, path))
    : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clip(x, level + 1, path)]));
  path.delete(v);
  return out;
}

/** objectToWire, which may throw on a record JSON cannot hold. */
function structuredToWire(
  obj: Record<string, unknown>,
  arrivalMs: number,
  eventTimeMs: number | undefined,
  naming: ServiceNaming,
): string {
  const meta: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (key === '__proto__') continue;
    // Docker names the stream `source`; LogStream calls it `stream`, as Kubernetes and Vector do.
    if (key === 'source' && typeof obj.container_name === 'string') meta.stream = obj[key];
    else meta[key] = obj[key];
  }
  const base = eventTimeMs ?? arrivalMs;
  const key = lineKeyOf(meta);
  const log = key !== undefined ? logLineOf(meta) : undefined;
  if (key !== undefined && log !== undefined) {
    delete meta[key];
    const container = decodeLog(JSON.stringify(meta), base);
    const p = parseLine(log, base);
    const fields = { ...container.fields, ...p.fields };
    return safeEncode({
      time: p.timeFromEvent ? p.time : container.time,
      level: p.level,
      service: serviceFor(p.service !== UNKNOWN_SERVICE ? p.service : container.service, naming),
      message: p.message,
      latencyMs: p.latencyMs ?? container.latencyMs,
      fields: Object.keys(fields).length > 0 ? fields : undefined,
    });
  }
  const rec = decodeLog(JSON.stringify(meta), base);
  return safeEncode({
    time: rec.time,
    level: rec.level,
    service: serviceFor(rec.service, naming),
    message: rec.message,
    latencyMs: rec.latencyMs,
    fields: rec.fields,
  });
}

function safeEncode(log: LogInput): string {
  try {
    return encodeLog(log);
  } catch {
    // A field JSON cannot hold (BigInt, a cycle): the log itself still goes through.
    return encodeLog({ ...log, time: Number.isFinite(log.time) ? log.time : Date.now(), fields: undefined });
  }
}
