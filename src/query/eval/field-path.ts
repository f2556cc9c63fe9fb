import type { LogRecord } from '../../protocol/log-record.js';
import type { FilterFields } from '../log-view.js';

/** What a query reads: the collector's slim FilterFields, or a whole LogRecord. */
export type QueryRecord = FilterFields & Partial<Pick<LogRecord, 'time' | 'latencyMs' | 'fields'>>;

/** The fields every log has (or may have) outside `fields`. */
export type Builtin = 'level' | 'service' | 'message' | 'time' | 'latency';

const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ['level', 'level'],
  ['service', 'service'],
  ['message', 'message'],
  ['msg', 'message'],
  ['time', 'time'],
  ['timestamp', 'time'],
  ['latency_ms', 'latency'],
  ['latency', 'latency'],
]);

/** The built-in field a name means (`msg` → message), if any. */
export function builtinOf(name: string): Builtin | undefined {
  return BUILTINS.get(name);
}

/**
 * Up to this many dot-separated parts, every split into literal keys is tried (`a.b.c` as
 * `a`/`b.c`, `a.b`/`c`, ...); beyond, one key per part, so that the work per log stays small.
 */
const MAX_SPLIT_PARTS = 8;

/** Reads a field's value; undefined when absent (JSON null stays null). */
export type FieldReader = (log: QueryRecord) => unknown;

/** The reader of a field name: a built-in, else a key of `fields` by dot path (or literal dotted key). */
export function fieldReader(name: string): FieldReader {
  switch (builtinOf(name)) {
    case 'level':
      return (log) => log.level;
    case 'service':
      return (log) => log.service;
    case 'message':
      return (log) => log.message;
    case 'time':
      return (log) => log.time;
    case 'latency':
      return (log) => log.latencyMs;
    default:
      return pathReader(name);
  }
}

function pathReader(name: string): FieldReader {
  const parts = name.split('.');
  if (parts.length === 1) return (log) => own(log.fields, name);
  return (log) => {
    const fields = log.fields;
    if (fields === undefined) return undefined;
    // The literal key first (`{"http.status": 500}`), the cheap common case.
    const literal = own(fields, name);
    if (literal !== undefined) return literal;
    return parts.length <= MAX_SPLIT_PARTS ? walk(fields, parts, 0) : plainWalk(fields, parts);
  };
}

/**
 * The value at parts[from..] below `obj`, trying the longest literal key first at each level so
 * that `{"http": {"req.id": 1}}` answers `http.req.id`.
 */
function walk(obj: unknown, parts: string[], from: number): unknown {
  for (let to = parts.length; to > from; to--) {
    const key = to === from + 1 ? parts[from]! : parts.slice(from, to).join('.');
    const v = own(obj, key);
    if (v === undefined) continue;
    if (to === parts.length) return v;
    const deeper = walk(v, parts, to);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

function plainWalk(obj: unknown, parts: string[]): unknown {
  let v = obj;
  for (const part of parts) {
    v = own(v, part);
    if (v === undefined) return undefined;
  }
  return v;
}

/** An own property only: `__proto__`, `constructor` and inherited names are never followed. */
export function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || !Object.hasOwn(obj, key)) return undefined;
  return (obj as Record<string, unknown>)[key];
}
