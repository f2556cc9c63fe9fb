import { levelOf } from '../protocol/log-values.js';
import type { Level } from '../protocol/level.js';
import { parseTimestamp } from '../protocol/timestamp.js';

/*
 * OpenTelemetry's OTLP/JSON logs (`{"resourceLogs":[{"resource":…,"scopeLogs":[{"logRecords":
 * [...]}]}]}`), as the collector's file exporter writes them: one line holds many records.
 */

/** One OTLP log record, read. */
export interface OtlpRecord {
  time: number | undefined;
  level: Level | undefined;
  service: string | undefined;
  message: string;
  fields: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** An AnyValue (`{"stringValue":"x"}`, `{"intValue":"3"}`, `{"kvlistValue":{"values":[…]}}`) as plain data. */
function anyValue(v: unknown, depth = 0): unknown {
  if (!isObj(v) || depth > 8) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('bytesValue' in v) return v.bytesValue;
  if (isObj(v.arrayValue)) return list(v.arrayValue.values).map((x) => anyValue(x, depth + 1));
  if (isObj(v.kvlistValue)) return attributes(v.kvlistValue.values, depth + 1);
  return undefined;
}

function attributes(v: unknown, depth = 0): Obj {
  const out: Obj = {};
  for (const kv of list(v))
    if (typeof kv.key === 'string' && kv.key !== '__proto__') out[kv.key] = anyValue(kv.value, depth);
  return out;
}

/** severityNumber 1..24: four steps per level, trace first. */
function levelOfSeverityNumber(n: unknown): Level | undefined {
  if (typeof n !== 'number' || !(n >= 1 && n <= 24)) return undefined;
  return (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((n - 1) / 4)];
}

/** The records of an OTLP/JSON export; undefined when the object is not one. */
export function otlpRecords(obj: Obj): OtlpRecord[] | undefined {
  if (!Array.isArray(obj.resourceLogs)) return undefined;
  const out: OtlpRecord[] = [];
  for (const rl of list(obj.resourceLogs)) {
    const resource = attributes(isObj(rl.resource) ? rl.resource.attributes : undefined);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined;
    for (const sl of list(rl.scopeLogs)) {
      const scope =
        isObj(sl.scope) && typeof sl.scope.name === 'string' && sl.scope.name !== '' ? sl.scope.name : undefined;
      for (const r of list(sl.logRecords)) {
        const body = anyValue(r.body);
        const fields: Obj = { ...attributes(r.attributes) };
        for (const key of ['traceId', 'spanId'] as const)
          if (typeof r[key] === 'string' && r[key] !== '') fields[key] = r[key];
        if (scope !== undefined) fields.scope = scope;
        out.push({
          time: parseTimestamp(nanos(r.timeUnixNano) ?? nanos(r.observedTimeUnixNano)),
          level: levelOfSeverityNumber(r.severityNumber) ?? levelOf(r.severityText),
          service,
          message: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
          fields,
        });
      }
    }
  }
  return out;
}

/** Epoch nanoseconds (a decimal string in OTLP/JSON) as a number parseTimestamp reads by magnitude; 0 means unset. */
function nanos(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return n > 0 ? n : undefined;
}
